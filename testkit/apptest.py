"""Open the app (router and a page) in Streamlit's AppTest."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from testkit.streamlit_1_67 import share_server_setup
from ui.navigation import PAGES

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def page_files() -> list[str]:
    """Every page the router lists, as "pages/<name>.py", default page first."""
    return [p.file for p in PAGES]


def open_app(page: str | None = None, timeout: float = 120, **query) -> AppTest:
    """Open the app on `page` (default: the default page, e.g. "pages/employment.py") with URL query parameters:
    one run, as a browser opening that link."""
    at = share_server_setup(AppTest.from_file(APP, default_timeout=timeout))
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
