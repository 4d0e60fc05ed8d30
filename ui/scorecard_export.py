"""The 示范乡镇 scorecard as workbook sheets: a summary (towns × indicators, ranked) and one sheet per district."""

import pandas as pd

from ui import scorecard_text as text
from ui.exports import Sheet

DETAIL_COLUMNS = ["town_name", "town_code", "indicator_no", "indicator", "source", "value_text", "threshold_text",
                  "verdict", "gap_text", "last_year_value_text", "last_year_verdict"]


def _standards(worded: pd.DataFrame) -> tuple:
    """One note per indicator naming the standard applied (from the policy file in force that year)."""
    first = worded.drop_duplicates("indicator_no").sort_values("indicator_no")
    return tuple(f"指标{r.indicator_no} {r.indicator}：{r.threshold_text}" for r in first.itertuples())


def sheets(long: pd.DataFrame, grid: pd.DataFrame, year: int, as_of: str, scope: str) -> list[Sheet]:
    """assess.scorecard's `results` and `grid` in words: the summary sheet first, then one sheet per district in
    statistical-code order."""
    worded = text.worded_results(long)
    legend = f"评选年度：{year}年；全部 10 项指标达到即“全部达标”。{text.legend('，')}"
    notes = (legend, "标准取自该年度生效的政策参数：", *_standards(worded))
    out = [Sheet("汇总", f"{year}年示范乡镇评选指标达标情况（{scope}）", text.worded_grid(grid), as_of,
                 f"年度 {year}；{scope}", source=text.SOURCE, notes=notes)]
    for _, part in worded.groupby("district_code", sort=True):
        name = part["district_name"].iloc[0]
        detail = part.sort_values(["town_code", "indicator_no"])[DETAIL_COLUMNS].reset_index(drop=True)
        out.append(Sheet(name, f"{year}年{name}示范乡镇评选指标明细", detail, as_of, f"年度 {year}；{name}",
                         source=text.SOURCE, notes=notes[:1]))
    return out


def file_stem(year: int, scope: str) -> str:
    return f"示范乡镇评选_{year}年_{scope}"
