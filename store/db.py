"""The connection to the application's database: where it is (`DATABASE_URL`), and an engine whose schema is
current (Alembic `upgrade head` runs the first time a process opens a URL)."""

import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

PROJECT = Path(__file__).resolve().parent.parent
# Outside version control (.gitignore): the embedded database, the bundled sign-in service's keys.
VAR_DIR = Path(os.environ.get("DASHBOARD_VAR_DIR", PROJECT / "var"))
_migrating = threading.Lock()


def database_url() -> str:
    """`DATABASE_URL` (e.g. postgresql+psycopg://user:pw@host/db), else a SQLite file in the var folder."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{VAR_DIR / 'app.db'}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the server's readers go on while a sign-in or a log entry is written; the busy timeout makes a
    # second writer wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("pragma journal_mode=wal")
    cursor.execute("pragma busy_timeout=5000")
    cursor.execute("pragma foreign_keys=on")
    cursor.close()


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT / "store" / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: sa.Engine) -> None:
    """Bring the schema of `engine`'s database to the newest migration."""
    with _migrating, engine.begin() as connection:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def as_utc(moment: datetime) -> datetime:
    """A time read back from the database, aware: SQLite gives naive datetimes (stored as UTC), PostgreSQL aware."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_engines: dict[str, sa.Engine] = {}
_making = threading.Lock()


def engine(url: str | None = None) -> sa.Engine:
    """The engine for `url` (default: `database_url()`), made and migrated once per process."""
    url = url or database_url()
    with _making:
        if url not in _engines:
            made = sa.create_engine(url, pool_pre_ping=True)
            if made.dialect.name == "sqlite":
                sa.event.listen(made, "connect", _sqlite_pragmas)
            migrate(made)
            _engines[url] = made
        return _engines[url]


def forget() -> None:
    """Dispose of the engines this process made (tests switch databases)."""
    with _making:
        for made in _engines.values():
            made.dispose()
        _engines.clear()
