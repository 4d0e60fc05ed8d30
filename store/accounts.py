"""Accounts: who may sign in, with which role and scope, and their argon2id password hashes (argon2-cffi).

Command line (`make accounts ARGS="…"`):
    python -m store.accounts list
    python -m store.accounts add NAME --display-name 张三 --unit 黄陂区人社局 --role district --district 420116
    python -m store.accounts disable NAME | enable NAME | reset NAME
    python -m store.accounts init            # first start: demo accounts for a demo lake, else one admin
`add` and `reset` print a new random password once (or read one from --password-stdin).
"""

import argparse
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lake import manifest as mf
from lake import reference, roles
from store import access_log, sessions
from store.db import engine
from store.schema import ROLES, users

_hasher = PasswordHasher()  # argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile)


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    unit: str
    role: str  # city, district, town, admin
    district_code: str | None
    town_code: str | None
    is_active: bool


# The demo lake's accounts, one per role (README). Their passwords are public: they exist only for a demo lake.
DEMO_PASSWORD = "demo-2026"
DEMO_ACCOUNTS = (
    User("leader", "市局领导（演示）", "武汉市人力资源和社会保障局", "city", None, None, True),
    User("huangpi", "黄陂区专员（演示）", "黄陂区人力资源和社会保障局", "district", "420116", None, True),
    User("xinzhou", "新洲区专员（演示）", "新洲区人力资源和社会保障局", "district", "420117", None, True),
    User("zhurushan", "侏儒山街道专干（演示）", "蔡甸区侏儒山街道", "town", "420114", "420114004", True),
    User("caidian", "蔡甸区专员（演示）", "蔡甸区人力资源和社会保障局", "district", "420114", None, True),
    User("suohe", "索河街道专干（演示）", "蔡甸区索河街道", "town", "420114", "420114007", True),
    User("admin", "系统管理员（演示）", "武汉市人力资源和社会保障局信息中心", "admin", None, None, True),
)


class AccountError(ValueError):
    """A request the account rules refuse; the message is Chinese and says why."""


def _now() -> datetime:
    return datetime.now(UTC)


def _user(row) -> User:
    return User(row.username, row.display_name, row.unit, row.role, row.district_code, row.town_code,
                bool(row.is_active))


def new_password() -> str:
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_scope(role: str, district_code: str | None, town_code: str | None) -> None:
    if role not in ROLES:
        raise AccountError(f"角色“{role}”不存在，可选：{'、'.join(ROLES)}")
    districts = {d["district_code"] for d in reference.districts()}
    if roles.ROLES[role].needs_district and district_code not in districts:
        raise AccountError(f"区人社局和乡镇账号需要有效的区代码，“{district_code}”不是")
    if roles.ROLES[role].needs_town:
        towns = {t["town_code"]: t["district_code"] for t in reference.towns()}
        if towns.get(town_code) != district_code:
            raise AccountError(f"乡镇（街道）代码“{town_code}”不在区“{district_code}”内")
    if roles.sees_whole_city(role) and (district_code or town_code):
        raise AccountError("市局和管理员账号不带区或乡镇范围")
    if not roles.ROLES[role].needs_town and town_code:
        raise AccountError("区人社局账号不带乡镇范围")


def add(user: User, password: str | None, by: str | None = None) -> None:
    """Create an account (refused if the name exists or the scope is not a real district/town)."""
    _check_scope(user.role, user.district_code, user.town_code)
    now = _now()
    try:
        with engine().begin() as conn:
            conn.execute(users.insert().values(
                username=user.username, display_name=user.display_name, unit=user.unit, role=user.role,
                district_code=user.district_code, town_code=user.town_code, is_active=user.is_active,
                password_hash=hash_password(password) if password else None, created_at=now, updated_at=now))
    except sa.exc.IntegrityError as exc:
        raise AccountError(f"账号“{user.username}”已存在") from exc
    access_log.record(by, "account_add", parameters={"username": user.username, "role": user.role},
                      scope=user.town_code or user.district_code or "全市", outcome="ok")


def _update(username: str, action: str, by: str | None, **values) -> None:
    with engine().begin() as conn:
        done = conn.execute(users.update().where(users.c.username == username).values(updated_at=_now(), **values))
    if not done.rowcount:
        raise AccountError(f"账号“{username}”不存在")
    access_log.record(by, action, parameters={"username": username}, outcome="ok")


def set_active(username: str, active: bool, by: str | None = None) -> None:
    """Enable or disable an account; disabling ends its sessions at once (its next page run shows the sign-in)."""
    _update(username, "account_enable" if active else "account_disable", by, is_active=active)
    if not active:
        sessions.end_all(username, "account_disabled")


def reset_password(username: str, password: str, by: str | None = None) -> None:
    """Set a new password; the account's sessions end, so whoever had the old one is out."""
    _update(username, "account_reset", by, password_hash=hash_password(password))
    sessions.end_all(username, "password_reset")


def get(username: str) -> User | None:
    """The account with this sign-in name, active or not; None if there is none."""
    with engine().connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    return _user(row) if row else None


def all_users() -> list[User]:
    with engine().connect() as conn:
        return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.role, users.c.username))]


def verify(username: str, password: str) -> User | None:
    """The active account if `password` is its password, else None (unknown, disabled or wrong alike).

    A hash made with older argon2 parameters is replaced on success."""
    with engine().connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    if row is None or not row.password_hash:
        _hasher.hash(password)  # spend the same time, so a wrong name is not told apart from a wrong password
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        with engine().begin() as conn:
            conn.execute(users.update().where(users.c.username == username)
                         .values(password_hash=hash_password(password)))
    return _user(row) if row.is_active else None


def initialise(lake=None) -> list[tuple[str, str]]:
    """First start: when there is no account yet, create the demo accounts (demo lake) or one admin (any other
    lake, or none yet). Returns the (sign-in name, password) pairs created; empty when accounts exist."""
    with engine().connect() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one():
            return []
    manifest = mf.read_manifest(lake or mf.lake_dir())
    if manifest and manifest.get("is_demo"):
        for user in DEMO_ACCOUNTS:
            add(user, DEMO_PASSWORD, by="system")
        return [(u.username, DEMO_PASSWORD) for u in DEMO_ACCOUNTS]
    password = new_password()
    add(User("admin", "系统管理员", "武汉市人力资源和社会保障局", "admin", None, None, True), password, by="system")
    return [("admin", password)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.accounts", description="管理看板账号")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="列出账号")
    commands.add_parser("init", help="首次启动：演示数据湖建演示账号，否则建一个管理员并打印一次初始密码")
    adding = commands.add_parser("add", help="新建账号")
    adding.add_argument("username")
    adding.add_argument("--display-name", required=True)
    adding.add_argument("--unit", required=True)
    adding.add_argument("--role", required=True, choices=ROLES)
    adding.add_argument("--district")
    adding.add_argument("--town")
    adding.add_argument("--no-password", action="store_true", help="只经单位统一身份认证登录，不设本地密码")
    for name, text in (("disable", "停用账号"), ("enable", "启用账号"), ("reset", "重置密码")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("username")
    for sub in (adding, commands.choices["reset"]):
        sub.add_argument("--password-stdin", action="store_true", help="从标准输入读密码，而不是随机生成")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for u in all_users():
                scope = u.town_code or u.district_code or "全市"
                state = "启用" if u.is_active else "停用"
                print(f"{u.username}\t{u.role}\t{scope}\t{state}\t{u.display_name}\t{u.unit}")
        elif args.command == "init":
            for username, password in initialise():
                print(f"已建账号 {username}，初始密码：{password}（只显示这一次）")
        elif args.command in ("add", "reset"):
            password = None if getattr(args, "no_password", False) else (
                sys.stdin.readline().strip() if args.password_stdin else new_password())
            if args.command == "add":
                add(User(args.username, args.display_name, args.unit, args.role, args.district, args.town, True),
                    password, by="cli")
            else:
                reset_password(args.username, password, by="cli")
            if password and not args.password_stdin:
                print(f"账号 {args.username} 的密码：{password}（只显示这一次）")
        else:
            set_active(args.username, args.command == "enable", by="cli")
            print(f"账号 {args.username} 已{'启用' if args.command == 'enable' else '停用'}")
    except AccountError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
