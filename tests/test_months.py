"""lake.months.Month: the statistical month read once from its `YYYY-MM` text."""

import pytest

from lake.months import Month
from ui.labels import month_label, period_label, same_period_last_year


def test_a_month_reads_its_text_and_steps_back_across_a_year():
    assert Month.of("2026-10") == Month(2026, 10) and str(Month(2026, 1)) == "2026-01"
    assert str(Month.of("2026-01").previous()) == "2025-12" and str(Month.of("2026-10").previous()) == "2026-09"
    assert str(Month.of("2026-03").a_year_earlier()) == "2025-03"
    assert Month.of("2025-12") < Month.of("2026-01")


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "202610", "2026-10-01", ""])
def test_anything_but_a_month_is_refused(text):
    with pytest.raises(ValueError):
        Month.of(text)


def test_the_labels_word_a_month_as_before():
    assert month_label("2026-03") == "2026年03月"
    assert [period_label(m, year_to_date=True) for m in ("2026-01", "2026-06", "2026-12")] == [
        "2026年1月", "2026年1—6月", "2026年全年"]
    assert same_period_last_year("2026-06", year_to_date=True) == "2025年1—6月"
