"""Shared fixtures: tiny literal lakes, the demo lake, and clean caches between tests."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager

from lake import policy
from queries import engine
from store import db
from testkit.apptest import use_demo_store
from tests.lakes import write_lake

PROJECT = Path(__file__).resolve().parent.parent
DEMO_PEOPLE = 6000


def _reset_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    engine.forget()


@pytest.fixture(scope="session", autouse=True)
def demo_accounts(tmp_path_factory) -> str:
    """Every test runs against an application database with the demo accounts (AppTest signs in as the city
    leader by default, testkit.apptest.open_app); tests of the store itself use their own databases."""
    url = use_demo_store(tmp_path_factory.mktemp("store"))
    yield url
    db.forget()


@pytest.fixture(autouse=True)
def clean_caches():
    _reset_caches()
    yield
    _reset_caches()


@pytest.fixture
def make_lake(tmp_path, monkeypatch):
    """Build a lake from literal rows and point LAKE_DIR at it: make_lake({"laborers": [...], ...})."""

    def build(tables: dict, is_demo: bool = False, name: str = "lake", empty_districts: dict | None = None) -> Path:
        lake = tmp_path / name
        write_lake(lake, tables, is_demo=is_demo, empty_districts=empty_districts)
        monkeypatch.setenv("LAKE_DIR", str(lake))
        _reset_caches()
        return lake

    return build


@pytest.fixture(scope="session")
def demo_lake(tmp_path_factory) -> Path:
    """A small demo lake built once per test session by the real generator (as `make demo` does)."""
    lake = tmp_path_factory.mktemp("demo") / "lake"
    subprocess.run([sys.executable, "-m", "lake.demo", "--lake", str(lake), "--people", str(DEMO_PEOPLE)],
                   check=True, cwd=PROJECT, capture_output=True)
    return lake


@pytest.fixture
def use_demo_lake(demo_lake, monkeypatch) -> Path:
    monkeypatch.setenv("LAKE_DIR", str(demo_lake))
    _reset_caches()
    return demo_lake


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """Every file the page offers for download, by MIME type (the last of each). Downloads are built only when
    clicked; here each is built as soon as the page offers it, with whatever builder is in place."""
    files = {}
    original = MediaFileManager.add_deferred

    def build_now(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[mimetype] = data_callable()
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", build_now)
    return files


@pytest.fixture(params=["prebuilt", "parquet"])
def storage(request, monkeypatch) -> str:
    """Run a test on both storage paths: prebuilt models, and models computed on the fly from the Parquet."""
    monkeypatch.setenv("STORAGE", request.param)
    return request.param


os.environ.setdefault("STORAGE", "prebuilt")
os.environ.setdefault("DASHBOARD_UPLOADS", "1")  # the embedded default (make run) takes the import page's uploads


@pytest.fixture
def policy_file(tmp_path, monkeypatch):
    """A copy of the policy file to edit: settings are re-read from it."""
    path = tmp_path / "policy.toml"
    path.write_text(policy.POLICY_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(policy, "POLICY_PATH", path)
    policy.settings.cache_clear()
    policy.setting.cache_clear()
    yield path
    policy.settings.cache_clear()
    policy.setting.cache_clear()
