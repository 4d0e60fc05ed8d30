# Set-up and everyday commands. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LAKE_DIR ?= data/lake
PORT ?= 8501
PEOPLE ?= 30000
SEED ?= 20261028
# duckdb (default) or spark: which engine answers the questions and builds the models
ENGINE ?= duckdb
export LAKE_DIR PEOPLE SEED ENGINE

.PHONY: run test demo bench import lint check-lake

$(VENV)/installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/installed
	$(PY) -m lake.demo --if-missing
	$(PY) -m queries.engine
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true

test: $(VENV)/installed
	$(PY) -m ruff check .
	$(PY) -m pytest -q

demo: $(VENV)/installed
	$(PY) -m lake.demo

bench: $(VENV)/installed
	$(PY) -m benchmarks.bench

import: $(VENV)/installed
	$(PY) -m lake.importer --file "$(FILE)" --table "$(TABLE)" --month "$(MONTH)" $(if $(SHEET),--sheet "$(SHEET)")

check-lake: $(VENV)/installed
	$(PY) -m lake.check $(if $(REPAIR),--repair)

lint: $(VENV)/installed
	$(PY) -m ruff check .
