"""Open the app (router and a page) in Streamlit's AppTest."""

from functools import cache
from pathlib import Path

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test

from ui.navigation import PAGES

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


class _RoutedPagesManager(PagesManager):
    """A server leaves Streamlit's pages-folder mode for good once the router's `st.navigation` has run (see
    `ui.shell._through_the_router`, tested in a browser); AppTest 1.67 switches that mode back on before every run,
    which would make every run start over through the router and drop the button click that triggered it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@cache
def _server_setup() -> BidiComponentManager:
    """What a Streamlit server does once at start-up and then shares with every session: discover the installed
    components (≈ 50 ms of package-metadata parsing), hold one cache of compiled scripts, serve pages through the
    router. AppTest 1.67 redoes the first two for every new AppTest, so without this each opened page would pay
    ≈ 70 ms that no visitor of the real server pays (docs/benchmarks.md)."""
    components = BidiComponentManager()
    components.discover_and_register_components(start_file_watching=False)
    scripts = ScriptCache()
    app_test.ScriptCache = lambda: scripts  # AppTest builds its script cache per run through these names
    app_test.PagesManager = _RoutedPagesManager
    return components


def page_files() -> list[str]:
    """Every page the router lists, as "pages/<name>.py", default page first."""
    return [p.file for p in PAGES]


def open_app(page: str | None = None, timeout: float = 120, **query) -> AppTest:
    """Open the app on `page` (default: the default page, e.g. "pages/employment.py") with URL query parameters:
    one run, as a browser opening that link."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at._bidi_component_manager = _server_setup()
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def texts(at: AppTest) -> str:
    """Every piece of text the run drew, to search in."""
    parts = [m.value for m in at.markdown] + [h.value for h in at.title] + [h.value for h in at.subheader]
    parts += [h.value for h in at.header] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [s.value for s in at.success]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def assert_clean(at: AppTest) -> None:
    """No exception box and the as-of badge is there."""
    assert not at.exception, [e.value for e in at.exception]
    assert "数据截至" in texts(at)
