"""`python -m benchmarks.page_cpu LAKE_DIR`: CPU time (all threads of this process) per page open, cold and warm.

On a shared machine, wall-clock medians move with the other work (warm runs slower than cold ones were seen); the
CPU this process spends opening a page moves far less, so it is the figure to compare two versions of the code by:
run it from each version's checkout on the same lake, alternately, and compare the medians. ROUNDS (default 7)
round-robin rounds; prints JSON {"cold": {page: ms}, "warm": {page: ms}}.
"""

import json
import logging
import os
import statistics
import sys
import time


def main(lake: str) -> int:
    os.environ["LAKE_DIR"] = lake
    logging.disable(logging.WARNING)  # Streamlit outside a server warns about its missing runtime on every run

    from queries import engine
    from testkit.apptest import measured_store, opened_for_measure, page_files

    measured_store()
    rounds = int(os.environ.get("ROUNDS", "7"))
    pages = [p for p in page_files() if "data_import" not in p]
    for page in pages:
        opened_for_measure(page)  # imports, connection and models once
    out = {}
    for mode in ("cold", "warm"):
        times = {page: [] for page in pages}
        for _ in range(rounds):
            for page in pages:
                if mode == "cold":
                    engine.forget_answers()
                started = time.process_time()
                opened_for_measure(page)
                times[page].append((time.process_time() - started) * 1000)
        out[mode] = {page: round(statistics.median(t), 1) for page, t in times.items()}
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
