"""数据质量: which month × district cells of the roster are missing or jump."""

import pandas as pd

from lake import validate

GAP_MISSING, GAP_JUMP = "missing", "jump"  # ui.labels.GAP_FLAGS words them


def month_district_grid(counts: pd.DataFrame, months: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Roster rows per month (rows) × district (columns) and, beside it, each cell's flag.

    A cell is GAP_MISSING (缺报) when the district has roster rows in some month of the lake but none in this one, and
    GAP_JUMP (变化大) when it changed by more than the import check's `district_change_warn_pct` against the month
    before.
    """
    grid = counts.pivot_table(index="month", columns="district_code", values="laborer_count", aggfunc="sum")
    grid = grid.reindex(index=list(months), columns=sorted(grid.columns))
    limit = validate.checks()["district_change_warn_pct"]
    previous = grid.shift(1)
    jump = (grid - previous).abs() * 100 > limit * previous
    flags = pd.DataFrame("", index=grid.index, columns=grid.columns)
    flags = flags.mask(jump.fillna(False).astype(bool), GAP_JUMP).mask(grid.isna(), GAP_MISSING)
    return grid, flags


def gap_list(flags: pd.DataFrame) -> pd.DataFrame:
    """The flagged cells as a list: month, district_code, flag."""
    stacked = flags.stack()
    stacked = stacked[stacked != ""]
    return pd.DataFrame({"month": stacked.index.get_level_values(0), "district_code": stacked.index.get_level_values(1),
                         "flag": stacked.values})


def missing_in(flags: pd.DataFrame, month: str) -> list[str]:
    """The district codes flagged GAP_MISSING in `month` (a roster in some month of the lake but none in this one),
    in code order; [] when the month is not in the grid."""
    if month not in flags.index:
        return []
    row = flags.loc[month]
    return sorted(row[row == GAP_MISSING].index)
