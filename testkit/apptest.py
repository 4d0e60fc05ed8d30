"""Open the app (router and a page) in Streamlit's AppTest, signed in as one of the demo accounts."""

import os
import secrets
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from store import accounts, db
from testkit.streamlit_1_67 import share_server_setup
from ui.navigation import PAGES

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def page_files() -> list[str]:
    """Every page the router lists, as "pages/<name>.py", default page first."""
    return [p.file for p in PAGES]


def use_demo_store(folder: Path) -> str:
    """Make a SQLite application database in `folder` holding the demo accounts (one per role) and point this
    process at it (DATABASE_URL); returns its URL."""
    url = f"sqlite:///{folder / 'app.db'}"
    os.environ["DATABASE_URL"] = url
    db.forget()
    for user in accounts.DEMO_ACCOUNTS:
        if accounts.get(user.username) is None:
            accounts.add(user, accounts.DEMO_PASSWORD, by="test")
    return url


def signed_in(username: str | None) -> dict:
    """What `st.user` holds after the sign-in service signed `username` in (None: nobody signed in)."""
    if username is None:
        return {"is_logged_in": False}
    # iat and a nonce as an ID token has them: the app's session table takes a fresh cookie as a new sign-in
    return {"is_logged_in": True, "preferred_username": username, "sub": username, "name": username,
            "iss": "http://localhost:8502", "iat": int(time.time()), "nonce": secrets.token_urlsafe(8)}


def open_app(page: str | None = None, timeout: float = 120, user: str | None = "leader", **query) -> AppTest:
    """Open the app on `page` (default: the default page, e.g. "pages/employment.py") with URL query parameters,
    signed in as the demo account `user` (default the city leader; None: not signed in): one run, as a browser
    opening that link."""
    at = share_server_setup(AppTest.from_file(APP, default_timeout=timeout))
    at.user = signed_in(user)
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def measured_store() -> None:
    """A throw-away application database holding the demo accounts, for a benchmark to sign in with."""
    use_demo_store(Path(tempfile.mkdtemp(prefix="bench-store-")))


def opened_for_measure(page: str, **query) -> AppTest:
    """`page` opened as the administrator (every page, the whole city in scope), as the benchmarks time it; a run that
    raised or drew no title is refused, since a page that fails fast would look fast."""
    at = open_app(page, user="admin", **query)
    if at.exception or not at.title:
        raise RuntimeError(f"{page} did not open: {[e.value for e in (*at.exception, *at.error)]}")
    return at


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
