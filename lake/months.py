"""A statistical month as a value: the lake's partition key `YYYY-MM` read once into its year and month of year, so
code asks `Month.of(text).number` or `.previous()` instead of slicing the text (`month[5:]`). The text stays the
form every question binds and every partition names; this is how Python reads it."""

import re
from dataclasses import dataclass

TEXT = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    number: int  # 1–12

    @classmethod
    def of(cls, text: str) -> "Month":
        """'2026-10' -> Month(2026, 10); anything else is refused."""
        found = TEXT.fullmatch(text)
        if not found or not 1 <= int(found[2]) <= 12:
            raise ValueError(f"not a month 'YYYY-MM': {text!r}")
        return cls(int(found[1]), int(found[2]))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.number:02d}"

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.number == 1 else Month(self.year, self.number - 1)

    def a_year_earlier(self) -> "Month":
        return Month(self.year - 1, self.number)
