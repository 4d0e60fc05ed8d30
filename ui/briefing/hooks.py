"""Hooks the sign-in branch fills: the watermark a district officer's document carries and the access-log record
of each document built. Until sign-in exists there is no user: no watermark, nothing recorded. Every build calls
both (ui.briefing.make), so filling them in is the only change needed."""

from ui.briefing.content import Briefing


def watermark_text(briefing: Briefing, user: str | None = None) -> str | None:
    """The watermark for `user`'s copy (e.g. '黄陂区人社局 张三 2026-11-03'), or None for no watermark.

    To be filled by the sign-in branch: return text built from the signed-in user; the renderers print it on every
    page when it is not None."""
    return None


def record_access(briefing: Briefing, files: list[str], user: str | None = None) -> None:
    """Record that `user` built `files` (to be filled by the sign-in branch: one row in the access log per
    document, with the month, the scope and the data version). Does nothing until then."""
    return None
