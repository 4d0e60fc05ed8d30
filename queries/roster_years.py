"""The years the lake's roster covers, read from the lake state the engine holds (its manifest's months).

Not a judgement: it reads the current lake, so it sits beside the engine rather than in assess/.
"""

from queries import engine


def roster_years() -> list[int]:
    """The years with roster months in the lake, newest first (a year selector's choices)."""
    return sorted({int(m[:4]) for m in engine.lake_state().months}, reverse=True)


def year_as_of(year: int) -> tuple[str, bool]:
    """The last roster month of `year` in the lake ('YYYY-MM') and whether the year is complete (has December).

    `year` is one of `roster_years()`.
    """
    months = [m for m in engine.lake_state().months if m.startswith(f"{year}-")]
    return months[-1], months[-1].endswith("-12")
