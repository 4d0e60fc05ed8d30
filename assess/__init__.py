"""How the figures are judged: every verdict, baseline, rank, total, audit and scorecard judgement, as pure
functions on DataFrames and values. No Streamlit, no DuckDB, no display text: verdicts are `Verdict` codes and ui
words them. Thresholds and baselines come from the policy file (lake.policy) for the year in question."""
