"""PINNED TO streamlit==1.67.0: the only place the tests reach into Streamlit's private API.

A Streamlit server discovers the installed components and compiles each script once per process, then shares both
with every session; AppTest 1.67 redoes both for every new `AppTest` (≈ 50 ms of package-metadata parsing, and a
compile of the router and the page on every run). `share_server_setup` does them once per test process, so tests
and `make bench` time the page, not AppTest's start-up. Nothing here changes what a page draws.
`tests/test_app.py::test_streamlit_is_the_version_tests_streamlit_1_67_is_pinned_to` fails on any other version: check
these names against the new AppTest (streamlit/testing/v1/app_test.py) before moving the pin.
"""

from functools import cache

import streamlit
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test

STREAMLIT_VERSION = "1.67.0"


@cache
def _shared() -> BidiComponentManager:
    if streamlit.__version__ != STREAMLIT_VERSION:
        raise RuntimeError(f"testkit/streamlit_1_67.py is written for Streamlit {STREAMLIT_VERSION}, "
                           f"found {streamlit.__version__}")
    components = BidiComponentManager()
    components.discover_and_register_components(start_file_watching=False)
    scripts = ScriptCache()
    app_test.ScriptCache = lambda: scripts  # AppTest.run builds its script cache through this name
    return components


def share_server_setup(at: AppTest) -> AppTest:
    """Give `at` the components and compiled scripts every AppTest of this process shares, as a server would."""
    at._bidi_component_manager = _shared()
    return at
