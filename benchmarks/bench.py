"""`make bench`: speed and memory of every named question and every page, side by side with the naive pandas way.

PEOPLE (default 30000) sets the lake size; the lake is built once under benchmarks/lakes/ and reused. For each named
question: the median over RUNS runs with a cold result cache (DuckDB answers) and warm (the cache answers). For each
page: AppTest server time, cold and warm. The overview's questions are also answered the naive way (pandas
read_parquet + groupby, in a separate process so its memory is measured apart) and the ratio printed. Peak memory is
the serving process's peak RSS (the models are built beforehand in their own process, as `make run` does).
`ENGINE=spark` measures the Spark runtime (local[2], or `SPARK_REMOTE`) instead of DuckDB; the JVM's resident memory
is recorded beside the Python process's peak (Spark's memory lives in the JVM, a child process). Results are printed
and written to benchmarks/results-<PEOPLE>.json (results-<PEOPLE>-spark.json on Spark).
"""

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("RUNS", "5"))
PEOPLE = int(os.environ.get("PEOPLE", "30000"))
# A page opens on its first tab and draws only the open one; the other tabs are measured as links to them.
OTHER_TABS = [("pages/subsidies.py", "规则核查"), ("pages/subsidies.py", "返乡创业与帮扶载体")]


def _lake() -> Path:
    lake = PROJECT / "benchmarks" / "lakes" / f"people-{PEOPLE}"
    manifest = lake / "manifest.json"
    if not (manifest.exists() and json.loads(manifest.read_text())["demo"]["people"] == PEOPLE):
        print(f"building a demo lake of {PEOPLE:,} persons in {lake} …", flush=True)
        subprocess.run([sys.executable, "-m", "lake.demo", "--lake", str(lake), "--people", str(PEOPLE)], check=True,
                       cwd=PROJECT)
    return lake


def _round_robin_ms(cases: dict, before) -> dict:
    """Median ms per case over RUNS rounds, each round running every case once: a burst of noise on this shared
    machine then lands on one run of many cases instead of on every run of one case."""
    times = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, fn in cases.items():
            before()
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: round(statistics.median(t), 1) for name, t in times.items()}


def _measure(kind: str, cases: dict, clear, results: dict) -> None:
    """Cold (result cache cleared before each run) and warm medians of every case, printed and recorded."""
    for fn in cases.values():
        fn()  # open the connection and import the modules once
    cold = _round_robin_ms(cases, before=clear)
    for fn in cases.values():
        fn()  # the cold rounds cleared the cache before each case: fill it again, or the first warm round is cold
    warm = _round_robin_ms(cases, before=lambda: None)
    for name in cases:
        results[name] = {"cold_ms": cold[name], "warm_ms": warm[name]}
        print(f"{kind:<5} {name:<45} cold {cold[name]:>8.1f} ms   warm {warm[name]:>6.1f} ms", flush=True)


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _jvm_rss_mb() -> float:
    """The resident memory of this process's children now (Spark's JVM; 0 on DuckDB): a JVM keeps what it took."""
    import psutil

    return round(sum(c.memory_info().rss for c in psutil.Process().children(recursive=True)) / 2**20, 1)


def naive_overview(lake: Path, month: str) -> dict:
    """The overview's questions the naive way: read the Parquet files with pandas and group."""
    import pandas as pd

    year, last_year = month[:4], str(int(month[:4]) - 1)
    laborers = pd.read_parquet(lake / "laborers", columns=["month", "district_code", "employed", "able_to_work",
                                                              "willing_to_work"])
    laborers["month"] = laborers["month"].astype(str)
    trend = laborers.groupby("month").agg(laborer_count=("employed", "size"), employed_count=("employed", "sum"))
    now = laborers[laborers["month"] == month]
    able = now["able_to_work"] & now["willing_to_work"]
    kpis = {"laborer_count": len(now), "employed_count": int(now["employed"].sum()),
            "employed_count_last_year": int(laborers.loc[laborers["month"] == f"{last_year}{month[4:]}",
                                                         "employed"].sum()),
            "able_willing_employed_count": int((able & now["employed"]).sum()), "able_willing_count": int(able.sum())}
    welfare = pd.read_parquet(lake / "welfare_posts", columns=["month", "person_id", "district_code"])
    welfare["month"] = welfare["month"].astype(str)
    placed = welfare[(welfare["month"].str[:4] == year) & (welfare["month"] <= month)]["person_id"].nunique()
    claims = pd.read_parquet(lake / "subsidy_claims", columns=["month", "amount_yuan", "district_code"])
    claims["month"] = claims["month"].astype(str)
    paid = claims[(claims["month"].str[:4] == year) & (claims["month"] <= month)]["amount_yuan"].sum()
    return {"kpis": kpis, "trend_months": len(trend), "placed": int(placed), "paid": int(paid)}


def _naive_in_subprocess(lake: Path, month: str) -> dict:
    """Time the naive way in its own process, so that its memory is measured apart from the serving process's."""
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench", "--naive", str(lake), month], check=True,
                         capture_output=True, text=True, cwd=PROJECT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _naive_main(lake: str, month: str) -> int:
    ms = _round_robin_ms({"naive": lambda: naive_overview(Path(lake), month)}, before=lambda: None)["naive"]
    print(json.dumps({"median_ms": ms, "peak_rss_mb": _peak_rss_mb()}))
    return 0


def _build_models_main() -> int:
    """Build the models as `make run` does (`python -m queries.engine`), in this process so that its memory is
    measured apart; 0 s when they were already built for this data version."""
    import logging

    logging.disable(logging.WARNING)
    from queries import engine

    started = time.perf_counter()
    engine.prepare()
    print(json.dumps({"s": round(time.perf_counter() - started, 1), "peak_rss_mb": _peak_rss_mb(),
                      "jvm_rss_mb": _jvm_rss_mb()}))
    return 0


def _briefing(month: str, clear) -> dict:
    """The 通报 (ui.briefing.make: questions, charts by kaleido, .docx, PDF by Chromium) for the city and for one
    district, cold (result cache cleared) and warm, median over RUNS."""
    from ui.briefing import make

    cases = {"briefing city": lambda: make(month), "briefing 黄陂区": lambda: make(month, ["420116"])}
    results = {}
    _measure("doc", cases, clear, results)
    return results


def _briefing_main() -> int:
    """`python -m benchmarks.bench --briefing`: only the 通报's timing, written to results-briefing-<PEOPLE>.json."""
    lake = _lake()
    os.environ["LAKE_DIR"] = str(lake)
    subprocess.run([sys.executable, "-m", "benchmarks.bench", "--build-models"], check=True, capture_output=True,
                   cwd=PROJECT)
    import logging

    logging.disable(logging.WARNING)
    from queries import engine

    month = engine.lake_state().months[-1]
    results = {"people": PEOPLE, "month": month, "runs": RUNS,
               "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
               "briefing": _briefing(month, engine.forget_answers), "peak_rss_mb": _peak_rss_mb()}
    out = PROJECT / "benchmarks" / f"results-briefing-{PEOPLE}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {out}")
    return 0


def main() -> int:
    lake = _lake()
    os.environ["LAKE_DIR"] = str(lake)
    built = json.loads(subprocess.run([sys.executable, "-m", "benchmarks.bench", "--build-models"], check=True,
                                      capture_output=True, text=True, cwd=PROJECT).stdout.strip().splitlines()[-1])
    prepare_s, prepare_rss = built["s"], built["peak_rss_mb"]

    import logging

    logging.disable(logging.WARNING)  # Streamlit outside a server warns about its missing runtime on every run
    from queries import engine, subsidy_audit
    from testkit.apptest import measured_store, opened_for_measure, page_files
    from testkit.samples import SAMPLE_PARAMS

    measured_store()  # the demo accounts, in a throw-away database

    month = engine.lake_state().months[-1]
    results = {"people": PEOPLE, "laborer_rows": 0, "month": month, "runs": RUNS, "storage": engine.storage(),
               "engine": engine.engine(), "build_models_jvm_rss_mb": built.get("jvm_rss_mb", 0),
               "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
               "build_models_s": prepare_s, "build_models_peak_rss_mb": prepare_rss, "queries": {}, "pages": {}}
    manifest = json.loads((lake / "manifest.json").read_text())
    results["laborer_rows"] = sum(p["rows"] for p in manifest["partitions"].values() if p["table"] == "laborers")
    def question(name: str):
        query = engine.catalog()[name]
        params = {p: SAMPLE_PARAMS[p] for p in query.params} | ({"month": month} if "month" in query.params else {})
        return lambda: engine.run(name, params)

    questions = {name: question(name) for name in sorted(engine.catalog())}
    # the subsidy audit answers every rule in one statement (engine.run_together), as its page does
    questions["subsidy_rules (together)"] = lambda: subsidy_audit.flagged_claims(month, SAMPLE_PARAMS["districts"])
    _measure("query", questions, engine.forget_answers, results["queries"])
    views = [(page, {}) for page in page_files()] + [(page, {"tab": tab}) for page, tab in OTHER_TABS]
    # as the administrator: every page, the admin pages too, with the whole city in scope
    pages = {page + "".join(f"?{k}={v}" for k, v in query.items()):
             (lambda pg=page, q=query: opened_for_measure(pg, **q)) for page, query in views}
    _measure("page", pages, engine.forget_answers, results["pages"])
    results["briefing"] = _briefing(month, engine.forget_answers)
    results["serving_peak_rss_mb"] = _peak_rss_mb()
    results["serving_jvm_rss_mb"] = _jvm_rss_mb()

    overview = ["employment_kpis", "employment_trend", "welfare_posts_vs_last_year", "subsidies_paid_ytd"]
    ours = sum(results["queries"][q]["cold_ms"] for q in overview)
    naive = _naive_in_subprocess(lake, month)
    results["naive_overview"] = naive | {"duckdb_cold_ms": round(ours, 1),
                                         "ratio": round(naive["median_ms"] / max(ours, 0.1), 1)}
    print(f"overview questions: {engine.engine()} cold {ours:.1f} ms vs naive pandas {naive['median_ms']:.1f} ms "
          f"({results['naive_overview']['ratio']}x); naive peak RSS {naive['peak_rss_mb']} MB")
    print(f"serving process peak RSS {results['serving_peak_rss_mb']} MB (JVM {results['serving_jvm_rss_mb']} MB); "
          f"models built in {prepare_s} s "
          f"(peak RSS {prepare_rss} MB, 0 s when they were already built)")
    out = PROJECT / "benchmarks" / f"results-{PEOPLE}{'-spark' if engine.engine() == 'spark' else ''}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    modes = {"--naive": lambda: _naive_main(*sys.argv[2:4]), "--build-models": _build_models_main,
             "--briefing": _briefing_main}
    sys.exit(modes.get(sys.argv[1] if len(sys.argv) > 1 else "", main)())
