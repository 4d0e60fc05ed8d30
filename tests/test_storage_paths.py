"""The golden tests run on one storage path (models computed on the fly); conftest's `storage` fixture checks once per
golden lake that the prebuilt models equal those (tests.lakes.models_on_both_storages). Here: that check passes on a
literal lake and fails when a prebuilt model file does not hold what the model computes."""

import pyarrow.parquet as pq
import pytest

from queries import engine
from queries.engine import lake_views
from tests.conftest import _reset_caches
from tests.lakes import models_on_both_storages, person

ROWS = [person("2025-12", "A"), person("2026-10", "A"), person("2026-10", "B", employed=False),
        person("2026-10", "C", "420116", "420116001", monthly_income_yuan=5500)]


def test_prebuilt_models_equal_the_models_computed_on_the_fly(make_lake, monkeypatch):
    make_lake({"laborers": ROWS})
    models_on_both_storages(monkeypatch)


def test_a_prebuilt_model_that_differs_is_named(make_lake, monkeypatch):
    make_lake({"laborers": ROWS})
    monkeypatch.setenv("STORAGE", "prebuilt")
    folder = engine.prepare()[0]
    name = lake_views.model_order()[0]
    table = pq.read_table(folder / f"{name}.parquet")
    assert table.num_rows > 0
    pq.write_table(table.slice(1), folder / f"{name}.parquet")  # one row lost
    _reset_caches()
    with pytest.raises(AssertionError, match=name):
        models_on_both_storages(monkeypatch)
