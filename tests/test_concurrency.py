"""Twenty threads asking different questions at once get the same answers as when asked alone."""

from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from queries import engine
from ui.filters import all_district_codes

MONTHS = ["2024-06", "2025-03", "2025-12", "2026-07", "2026-10"]
SCOPES = [all_district_codes(), ["420116"], ["420114", "420117"], ["420115"]]


def _asks() -> list[tuple[str, dict]]:
    asks = []
    for i, month in enumerate(MONTHS):
        scope = SCOPES[i % len(SCOPES)]
        asks += [("employment_kpis", {"month": month, "districts": scope}),
                 ("welfare_posts_vs_last_year", {"month": month, "districts": scope}),
                 ("subsidies_paid_ytd", {"month": month, "districts": scope}),
                 ("employment_trend", {"districts": SCOPES[(i + 1) % len(SCOPES)]})]
    return asks


def test_twenty_threads_get_the_answers_they_get_alone(use_demo_lake, each_storage):
    asks = _asks()
    assert len(asks) == 20
    alone = [engine.run(name, params) for name, params in asks]
    engine.forget_answers()  # the threads must reach the database, not the kept answers
    with ThreadPoolExecutor(max_workers=20) as pool:
        together = list(pool.map(lambda ask: engine.run(*ask), asks))
    for (name, _), expected, got in zip(asks, alone, together, strict=True):
        pd.testing.assert_frame_equal(got, expected, obj=name)
