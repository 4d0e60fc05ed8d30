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

.PHONY: run test demo bench import lint check-lake briefing briefing-look accounts

$(VENV)/installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# The bundled sign-in service runs beside the dashboard and stops with it (docs/security.md).
run: $(VENV)/installed
	$(PY) -m lake.demo --if-missing
	$(PY) -m queries.engine
	$(PY) -m store.accounts init
	$(PY) -m provider --prepare
	$(PY) -m provider & provider=$$!; trap 'kill $$provider 2>/dev/null' EXIT INT TERM; \
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.address $(ADDRESS) --server.headless true

test: $(VENV)/installed
	$(PY) -m ruff check .
	$(PY) -m pytest -q

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
