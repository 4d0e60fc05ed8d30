# Set-up and everyday commands. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LAKE_DIR ?= data/lake
PORT ?= 8501
# loopback only: a reverse proxy (docs/deploy.md) faces the network; ADDRESS=0.0.0.0 listens on every interface
ADDRESS ?= 127.0.0.1
PEOPLE ?= 30000
SEED ?= 20261028
export LAKE_DIR PEOPLE SEED

.PHONY: run test demo bench import lint check-lake briefing

$(VENV)/installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/installed
	$(PY) -m lake.demo --if-missing
	$(PY) -m queries.engine
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
		$(if $(SHEET),--sheet "$(SHEET)") $(if $(ALLOW_SAME_FILE),--allow-same-file)

check-lake: $(VENV)/installed
	$(PY) -m lake.check $(if $(REPAIR),--repair)

lint: $(VENV)/installed
	$(PY) -m ruff check .

# The month's 通报 (.docx and .pdf) into briefings/ (BRIEFING_DIR): MONTH=YYYY-MM [DISTRICT=黄陂区] [ALLOW_INCOMPLETE=1]
briefing: $(VENV)/installed
	$(PY) -m ui.briefing --month "$(MONTH)" $(if $(DISTRICT),--district "$(DISTRICT)") \
		$(if $(ALLOW_INCOMPLETE),--allow-incomplete) $(if $(BRIEFING_DIR),--out "$(BRIEFING_DIR)")
