"""The application's database on SQLite and on a real PostgreSQL server: migrations, accounts with argon2 hashes,
scope rules, the append-only access log, first-start accounts and the command line."""

import json
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from store import access_log, accounts, db
from store.accounts import AccountError, User
from store.schema import metadata
from testkit import postgres


@pytest.fixture(scope="module")
def postgres_server():
    if postgres.binaries() is None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":  # set by .ci/run, which installs them
            pytest.fail("REQUIRE_POSTGRES=1 but no PostgreSQL server binaries under /usr/lib/postgresql")
        pytest.skip("PostgreSQL server binaries are not installed (apt-get install postgresql; .ci/run does)")
    with postgres.cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path, monkeypatch) -> str:
    """A fresh, empty database of each kind, as DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"t{abs(hash(request.node.nodeid)) % 10**9}"
        with sa.create_engine(server, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(sa.text(f"drop database if exists {name}"))
            conn.execute(sa.text(f"create database {name}"))
        url = server.rsplit("/", 1)[0] + "/" + name
    monkeypatch.setenv("DATABASE_URL", url)
    db.forget()
    yield url
    db.forget()


def test_the_migrations_make_the_tables_the_code_uses(store_url):
    engine = db.engine()
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(sa.text("pragma journal_mode")).scalar() == "wal"


def test_accounts_keep_argon2_hashes_and_check_passwords(store_url):
    accounts.add(User("hp", "黄陂专员", "黄陂区人社局", "district", "420116", None, True), "s3cret-pw", by="t")
    with db.engine().connect() as conn:
        stored = conn.execute(sa.text("select password_hash from users where username = 'hp'")).scalar_one()
    assert stored.startswith("$argon2id$") and "s3cret-pw" not in stored
    assert accounts.verify("hp", "s3cret-pw").district_code == "420116"
    assert accounts.verify("hp", "wrong") is None
    assert accounts.verify("nobody", "s3cret-pw") is None
    accounts.set_active("hp", False, by="t")
    assert accounts.verify("hp", "s3cret-pw") is None
    assert accounts.get("hp").is_active is False
    accounts.set_active("hp", True, by="t")
    accounts.reset_password("hp", "new-pw-123", by="t")
    assert accounts.verify("hp", "s3cret-pw") is None
    assert accounts.verify("hp", "new-pw-123").role == "district"
    log = access_log.read()
    assert list(log["action"]) == ["account_reset", "account_enable", "account_disable", "account_add"]
    assert json.loads(log["parameters"].iloc[-1]) == {"role": "district", "username": "hp"}


@pytest.mark.parametrize("user, words", [
    (User("a", "a", "u", "district", "999999", None, True), "有效的区代码"),
    (User("b", "b", "u", "town", "420116", "420114004", True), "不在区"),  # a 蔡甸 town under 黄陂
    (User("c", "c", "u", "city", "420116", None, True), "不带区"),
    (User("d", "d", "u", "boss", None, None, True), "不存在"),
])
def test_an_account_needs_a_real_scope_for_its_role(store_url, user, words):
    with pytest.raises(AccountError, match=words):
        accounts.add(user, "pw-123456")


def test_a_name_is_taken_once(store_url):
    user = User("x", "x", "u", "city", None, None, True)
    accounts.add(user, "pw-123456")
    with pytest.raises(AccountError, match="已存在"):
        accounts.add(user, "pw-123456")


def test_the_access_log_is_append_only(store_url):
    access_log.record("hp", "page_view", page="overview", parameters={"district": ["黄陂区"]}, scope="420116")
    entries = access_log.read(access_log.LogFilter(username="hp", actions=("page_view",)))
    assert list(entries["page"]) == ["overview"]
    for statement in ("update access_log set outcome = 'x'", "delete from access_log"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine().begin() as conn:
            conn.execute(sa.text(statement))
    assert len(access_log.read()) == 1


def test_a_demo_lake_starts_with_one_account_per_role(store_url, demo_lake):
    created = accounts.initialise(demo_lake)
    assert [name for name, _ in created] == [u.username for u in accounts.DEMO_ACCOUNTS]
    assert {u.role for u in accounts.all_users()} == {"city", "district", "town", "admin"}
    clerk = accounts.verify("zhurushan", accounts.DEMO_PASSWORD)
    assert (clerk.district_code, clerk.town_code) == ("420114", "420114004")
    assert accounts.initialise(demo_lake) == []  # once only


def test_a_real_lake_starts_with_one_admin_and_a_random_password(store_url, tmp_path):
    (created,) = accounts.initialise(tmp_path / "no-lake-yet")
    assert created[0] == "admin" and created[1] != accounts.DEMO_PASSWORD and len(created[1]) >= 16
    assert accounts.verify("admin", created[1]).role == "admin"


def test_the_command_adds_disables_resets_and_lists(store_url, capsys):
    assert accounts.main(["add", "clerk", "--display-name", "专干", "--unit", "侏儒山街道", "--role", "town",
                          "--district", "420114", "--town", "420114004"]) == 0
    password = capsys.readouterr().out.split("密码：")[1].split("（")[0]
    assert accounts.verify("clerk", password).town_code == "420114004"
    assert accounts.main(["disable", "clerk"]) == 0
    assert accounts.main(["list"]) == 0
    assert "clerk\ttown\t420114004\t停用" in capsys.readouterr().out
    assert accounts.main(["reset", "nobody"]) == 1
    assert "不存在" in capsys.readouterr().err
