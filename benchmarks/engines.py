"""A quick side-by-side of the engines when the whole `make bench` is too slow on Spark: the model build (from
scratch, `builds` times in one process) and four pages cold and warm (medians of `runs`), for the ENGINE of the
environment. Prints one JSON line per build and the result.

    ENGINE=spark python -m benchmarks.engines benchmarks/lakes/people-30000 3 2
"""

import json
import logging
import os
import shutil
import statistics
import sys
import time

PAGES = ["pages/overview.py", "pages/employment.py", "pages/subsidies.py", "pages/districts.py"]


def main(lake: str, runs: int, builds: int) -> int:
    logging.disable(logging.WARNING)  # Streamlit outside a server warns about its missing runtime on every run
    os.environ["LAKE_DIR"] = lake
    from queries import engine
    from testkit.apptest import measured_store, opened_for_measure

    out = {"engine": engine.engine(), "builds_s": []}
    folder = "_serving_spark" if engine.engine() == "spark" else "_serving"
    if engine.engine() == "spark":
        from queries.engine import spark

        started = time.perf_counter()
        spark.base_session()
        out["session_start_s"] = round(time.perf_counter() - started, 1)
    for _ in range(builds):
        shutil.rmtree(os.path.join(lake, folder), ignore_errors=True)
        engine.forget()
        started = time.perf_counter()
        engine.prepare()
        out["builds_s"].append(round(time.perf_counter() - started, 1))
        print(json.dumps(out), flush=True)
    measured_store()
    for page in PAGES:
        opened_for_measure(page)  # the connection and the modules once, as the benchmark does
    cold = {page: [] for page in PAGES}
    warm = {page: [] for page in PAGES}
    for _ in range(runs):
        for page in PAGES:
            engine.forget_answers()
            started = time.perf_counter()
            opened_for_measure(page)
            cold[page].append((time.perf_counter() - started) * 1000)
    for page in PAGES:
        opened_for_measure(page)  # each cold run cleared the cache: fill it again before the warm runs
    for _ in range(runs):
        for page in PAGES:
            started = time.perf_counter()
            opened_for_measure(page)
            warm[page].append((time.perf_counter() - started) * 1000)
    out["pages"] = {page: {"cold_ms": round(statistics.median(cold[page])),
                           "warm_ms": round(statistics.median(warm[page]))} for page in PAGES}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
