"""Shared fixtures: tiny literal lakes, the demo lake (built, its models loaded and its questions answered once per
session), clean answers between tests, and one Chromium and one demo-lake server for the browser tests."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager

from lake import manifest as mf
from lake import policy
from queries import engine
from store import accounts, db
from testkit.apptest import use_demo_store
from testkit.samples import sample
from testkit.servers import CHROMIUM, CHROMIUM_ARGS, dashboard, sign_in
from tests.lakes import models_on_both_storages, person, write_lake

PROJECT = Path(__file__).resolve().parent.parent
DEMO_PEOPLE = 6000
# The golden tests' storage path: models computed on the fly from the Parquet. The `storage` fixture checks once per
# lake that the prebuilt models equal them; the demo lake and the pages are served prebuilt (the default).
GOLDEN_STORAGE = "parquet"


def _reset_caches() -> None:
    """Forget everything this process knows of every lake (a test that changed a lake in place calls this)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    engine.forget()


def _forget_answers() -> None:
    """A clean start for the next test that keeps what is keyed by lake, data version and storage (the serving
    connections with their loaded models, Spark's views): the answers and derivations, whose key names the data
    version but not the lake — two lakes of equal data may differ in a corrupted file or the districts a manifest
    records as reported — and the lake's state, read anew."""
    st.cache_data.clear()
    engine.forget_answers()
    engine.forget_state()


def pytest_collection_modifyitems(items):
    """`servers` on every test that starts a dashboard or drives Chromium (`-m "not servers"` skips them)."""
    for item in items:
        module = getattr(item, "module", None)
        if {"browser", "server"} & set(getattr(item, "fixturenames", ())) or (
                module is not None and getattr(module, "dashboard", None) is dashboard):
            item.add_marker(pytest.mark.servers)


@pytest.fixture(scope="session", autouse=True)
def demo_accounts(tmp_path_factory) -> str:
    """Every test runs against an application database with the demo accounts (AppTest signs in as the city
    leader by default, testkit.apptest.open_app); tests of the store itself use their own databases."""
    url = use_demo_store(tmp_path_factory.mktemp("store"))
    yield url
    db.forget()


@pytest.fixture(autouse=True)
def clean_caches():
    _forget_answers()
    yield
    _forget_answers()


BUILT_LAKES = pytest.StashKey[list]()


@pytest.fixture
def make_lake(tmp_path, monkeypatch, request):
    """Build a lake from literal rows and point LAKE_DIR at it: make_lake({"laborers": [...], ...})."""
    built = request.node.stash.setdefault(BUILT_LAKES, [])

    def build(tables: dict, is_demo: bool = False, name: str = "lake", empty_districts: dict | None = None) -> Path:
        lake = tmp_path / name
        write_lake(lake, tables, is_demo=is_demo, empty_districts=empty_districts)
        monkeypatch.setenv("LAKE_DIR", str(lake))
        _forget_answers()  # a new folder: no connection knows it yet
        built.append(lake)
        return lake

    return build


@pytest.fixture
def corrupt_claims(make_lake) -> tuple[Path, str]:
    """A lake of one employed person whose only subsidy_claims partition is not Parquet: (lake, the file's path
    within the lake)."""
    lake = make_lake({
        "laborers": [person("2026-10", "A")],
        "subsidy_claims": [{"month": "2026-10", "claim_id": "c1", "subsidy_type": "创业补贴", "person_id": "A",
                            "district_code": "420114", "amount_yuan": 5000}],
    })
    relative = mf.read_manifest(lake)["partitions"]["subsidy_claims/month=2026-10"]["file"]
    (lake / relative).write_bytes(b"PAR1 this is not parquet")
    return lake, relative


@pytest.fixture(scope="session")
def demo_lake(tmp_path_factory) -> Path:
    """A small demo lake built once per test session by the real generator (as `make demo` does)."""
    lake = tmp_path_factory.mktemp("demo") / "lake"
    subprocess.run([sys.executable, "-m", "lake.demo", "--lake", str(lake), "--people", str(DEMO_PEOPLE)],
                   check=True, cwd=PROJECT, capture_output=True)
    return lake


@pytest.fixture
def use_demo_lake(demo_lake, monkeypatch) -> Path:
    """LAKE_DIR on the demo lake, whose serving connection (models loaded) stays open between the tests that use it."""
    monkeypatch.setenv("LAKE_DIR", str(demo_lake))
    engine.forget_state()
    return demo_lake


@pytest.fixture(scope="session")
def demo_answers(demo_lake) -> dict:
    """Every named question answered on the demo lake with the sample parameters (DuckDB, prebuilt models, the whole
    city), once per session: name -> DataFrame, or the exception it raised. The meta-tests and the cross-engine
    test read these."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LAKE_DIR", str(demo_lake))
    mp.setenv("STORAGE", "prebuilt")
    mp.setenv("ENGINE", "duckdb")
    out = {}
    try:
        engine.forget_state()
        for name, query in sorted(engine.catalog().items()):
            try:
                out[name] = engine.run(name, sample(query.params))
            except Exception as exc:  # noqa: BLE001 - an error is an answer the tests report
                out[name] = exc
    finally:
        mp.undo()
        _forget_answers()
    return out


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


_lakes_checked_on_both_storages: set = set()


@pytest.fixture
def storage(request, monkeypatch) -> str:
    """A golden test's storage path (GOLDEN_STORAGE). After the test, every lake it built that no test checked before
    (by its manifest: partitions, checksums, reported districts) is checked on the other path too: each model prebuilt
    (as served by default) equals the model computed on the fly, rows and column types."""
    monkeypatch.setenv("STORAGE", GOLDEN_STORAGE)
    yield GOLDEN_STORAGE
    for lake in request.node.stash.get(BUILT_LAKES, []):
        manifest = mf.read_manifest(lake)
        key = (mf.data_version(manifest), repr(mf.reported_district_months(manifest)))
        if key not in _lakes_checked_on_both_storages:
            monkeypatch.setenv("LAKE_DIR", str(lake))
            _forget_answers()
            models_on_both_storages(monkeypatch)
            _lakes_checked_on_both_storages.add(key)


@pytest.fixture(params=["prebuilt", "parquet"])
def each_storage(request, monkeypatch) -> str:
    """A test of what differs between the storage paths (a corrupt file found before serving, or while answering;
    connections per path), run on both."""
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


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, started once per session (driven by Playwright; no browser download)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(demo_lake, tmp_path_factory):
    """The sign-in service and a dashboard on the demo lake, as `make run` serves them, shared by the browser tests
    that need no fresh or differently configured server; yields the dashboard's base URL."""
    with dashboard(demo_lake, tmp_path_factory.mktemp("var")) as base:
        yield base


@pytest.fixture(scope="session")
def states(server, browser, tmp_path_factory) -> dict:
    """Signed-in browser state (the auth cookie) of the city leader and the admin on `server`, by sign-in name."""
    folder, out = tmp_path_factory.mktemp("states"), {}
    for username in ("leader", "admin"):
        context = browser.new_context(locale="zh-CN")
        sign_in(context.new_page(), server, username, accounts.DEMO_PASSWORD)
        out[username] = str(folder / f"{username}.json")
        context.storage_state(path=out[username])
        context.close()
    return out
