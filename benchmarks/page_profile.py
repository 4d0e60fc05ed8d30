"""`python -m benchmarks.page_profile LAKE_DIR PAGE cold|warm [TOP] [SORT]`: where one page's time goes.

Opens PAGE (e.g. pages/employment.py) through the router as `make bench` does, N times (default 7) with the result
cache cleared before each (cold) or not (warm), and prints the median: process CPU time, or wall time with WALL=1
(wall shows what answering questions side by side saves; CPU moves less with the machine's other work). With TOP > 0
it then profiles one more open with cProfile on the script's own thread (Streamlit runs the page in a thread of its
own, which a profiler started here would not see) and prints the TOP functions by SORT (default cumulative).
cProfile inflates Python about threefold: read it for shares, not for times.
"""

import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import threading
import time


def main(lake: str, page: str, mode: str, top: int = 0, sort: str = "cumulative") -> int:
    os.environ["LAKE_DIR"] = lake
    logging.disable(logging.WARNING)  # Streamlit outside a server warns about its missing runtime on every run

    from queries import engine
    from testkit.apptest import measured_store, opened_for_measure

    measured_store()
    opened_for_measure(page)  # imports, connection and models once
    clock = time.perf_counter if os.environ.get("WALL") else time.process_time

    def one_open() -> float:
        if mode == "cold":
            engine.forget_answers()
        started = clock()
        opened_for_measure(page)
        return (clock() - started) * 1000

    times = [one_open() for _ in range(int(os.environ.get("N", "7")))]
    kind = "wall" if os.environ.get("WALL") else "cpu"
    print(f"{page} {mode}: {kind} ms median {statistics.median(times):.0f} {[round(t) for t in times]}")
    if top:
        profiles = []

        def start_profiling(*_):  # the first event on a new thread: profile that thread from here on
            sys.setprofile(None)
            profile = cProfile.Profile()
            profiles.append(profile)
            profile.enable()

        threading.setprofile(start_profiling)
        one_open()
        threading.setprofile(None)
        for profile in profiles:
            profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(*profiles, stream=out)
        stats.sort_stats(sort).print_stats(top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0], args[1], args[2], *(int(a) if a.isdigit() else a for a in args[3:])))
