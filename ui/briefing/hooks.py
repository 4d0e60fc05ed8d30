"""The watermark a 通报 carries and the access-log entry of each one built; `ui.briefing.make` calls both.

- Watermark: a district officer's copy carries their unit, name, sign-in name and the date on every page (Word
  header, PDF overlay), like the Excel exports, so a forwarded copy can be traced (a deterrent, not a control:
  docs/security.md). The city's document (a city leader or an administrator) has none: it is the bureau's own 通报,
  issued to the districts under its name, and a person's name across it would have to be removed before sending.
- Access log: one entry per document built (action `briefing`), with the month, the scope, the data version and
  the file names. On the command line (`make briefing`, a cron job) nobody is signed in: the entry names the
  operating-system account that ran it as `cli:<login>`, and the document has no watermark.
"""

import getpass
from datetime import date

from store import access_log
from store.accounts import User
from ui.briefing.content import Briefing

# Roles whose copy carries the watermark (see above for why the city's does not).
WATERMARKED_ROLES = ("district", "town")


def command_line_user() -> str:
    """How the access log names a build nobody signed in for: `cli:` and the operating-system login."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (a bare container)
        login = "unknown"
    return f"cli:{login}"


def watermark_text(briefing: Briefing, user: User | None = None, today: date | None = None) -> str | None:
    """The watermark of `user`'s copy ('黄陂区人力资源和社会保障局 张三（huangpi） 2026-11-03'), or None (no user, or a
    role whose document is the city's)."""
    if user is None or user.role not in WATERMARKED_ROLES:
        return None
    return f"{user.unit} {user.display_name}（{user.username}） {(today or date.today()).isoformat()}"


def record_access(briefing: Briefing, files: list[str], user: User | None = None) -> None:
    """Append the build to the access log: who (the signed-in account, else the command line's login), the month,
    the scope, the data version and the files, committed before this returns."""
    access_log.record(user.username if user else command_line_user(), "briefing", scope=briefing.scope_label,
                      parameters={"month": briefing.month, "districts": list(briefing.districts or ()),
                                  "data_version": briefing.data_version, "files": files,
                                  "watermarked": user is not None and user.role in WATERMARKED_ROLES})
