# Set-up and everyday commands. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LAKE_DIR ?= data/lake
PORT ?= 8501
# loopback only: a reverse proxy (docs/deploy.md) faces the network; ADDRESS=0.0.0.0 listens on every interface
ADDRESS ?= 127.0.0.1
SIGNIN_PORT ?= 8502
# the embedded default takes the import page's uploads; a public dashboard runs with DASHBOARD_UPLOADS=0
DASHBOARD_UPLOADS ?= 1
PEOPLE ?= 30000
SEED ?= 20261028
# duckdb (default) or spark: which engine answers the questions and builds the models
ENGINE ?= duckdb
export LAKE_DIR PEOPLE SEED PORT SIGNIN_PORT DASHBOARD_UPLOADS ENGINE

.PHONY: run test test-fast lock demo bench import lint check-lake briefing briefing-look accounts

# requirements.txt is the lock (every distribution pinned, with its hashes), made from pyproject.toml by `make lock`.
$(VENV)/installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

# After changing pyproject.toml's dependencies: the lock anew, keeping every pin that still fits (UPGRADE=1: the
# newest versions the ranges allow).
lock: $(VENV)/installed
	$(PY) -m uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --universal \
		--custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade) -o requirements.txt

# The bundled sign-in service runs beside the dashboard and stops with it (docs/security.md).
run: $(VENV)/installed
	$(PY) -m lake.demo --if-missing
	$(PY) -m queries.engine
	$(PY) -m store.accounts init
	$(PY) -m provider --prepare
	$(PY) -m provider & provider=$$!; trap 'kill $$provider 2>/dev/null' EXIT INT TERM; \
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.address $(ADDRESS) --server.headless true

# The whole suite; the 15 slowest tests are listed at the end, so that their cost stays visible. WORKERS=2 runs it in
# two pytest-xdist processes (each with its own session fixtures; the Spark tests stay together in one).
WORKERS ?= 0
test: $(VENV)/installed
	$(PY) -m ruff check .
	$(PY) -m pytest -q --durations=15 $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS) --dist loadgroup)

# The inner loop: no Spark, no servers or browser (tests/conftest.py lists the markers).
test-fast: $(VENV)/installed
	$(PY) -m ruff check .
	$(PY) -m pytest -q -m "not spark and not servers" --durations=10

demo: $(VENV)/installed
	$(PY) -m lake.demo

bench: $(VENV)/installed
	$(PY) -m benchmarks.bench

import: $(VENV)/installed
	$(PY) -m lake.importer --file "$(FILE)" --table "$(TABLE)" $(if $(YEAR),--year "$(YEAR)",--month "$(MONTH)") \
		$(if $(SHEET),--sheet "$(SHEET)") $(if $(ALLOW_SAME_FILE),--allow-same-file) \
		$(if $(EMPTY_DISTRICTS),--empty-districts "$(EMPTY_DISTRICTS)") $(if $(REPORT),--report "$(REPORT)")

check-lake: $(VENV)/installed
	$(PY) -m lake.check $(if $(REPAIR),--repair)

lint: $(VENV)/installed
	$(PY) -m ruff check .

# The month's 通报 (.docx and .pdf) into briefings/ (BRIEFING_DIR): MONTH=YYYY-MM [DISTRICT=黄陂区] [ALLOW_INCOMPLETE=1]
# [NUMBER=12 (文号序号)] [NEXT_STEPS=file.txt (下一步工作要求, one a line)]; without them it is a 征求意见稿
briefing: $(VENV)/installed
	$(PY) -m ui.briefing --month "$(MONTH)" $(if $(DISTRICT),--district "$(DISTRICT)") \
		$(if $(ALLOW_INCOMPLETE),--allow-incomplete) $(if $(BRIEFING_DIR),--out "$(BRIEFING_DIR)") \
		$(if $(NUMBER),--number "$(NUMBER)") $(if $(NEXT_STEPS),--next-steps "$(NEXT_STEPS)")

# The 通报's reference look (docs/briefing/*.png: pages 1–3 and the last of the city's and 黄陂区's), rebuilt from a
# fresh demo lake; look at them after any change to ui/briefing/
briefing-look: $(VENV)/installed
	$(PY) -m tests.briefing_look docs/briefing

# Accounts of the application's database, e.g. make accounts ARGS="add wang --display-name 王五 --unit 江夏区人社局 --role district --district 420115"
accounts: $(VENV)/installed
	$(PY) -m store.accounts $(ARGS)
