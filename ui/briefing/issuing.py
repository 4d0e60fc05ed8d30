"""The 通报's 版头 after GB/T 9704: the 发文机关标志 and the 发文字号 (武人社通〔2026〕12号), from the settings in
data/reference/issuers.toml, with the number written in by the person issuing it. Until it is, the 文号 holds the
placeholder and the document is a 征求意见稿."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from lake.reference import REFERENCE_DIR
from ui.briefing.content import PLACEHOLDER, Briefing
from ui.briefing.fonts import MM_PER_PT, width_mm

SETTINGS = REFERENCE_DIR / "issuers.toml"
FULL_NUMBER = re.compile(r"\S+〔\d{4}〕\d+号")


@cache
def settings() -> dict:
    with open(SETTINGS, "rb") as f:
        return tomllib.load(f)


def _of(briefing: Briefing) -> dict:
    """The settings of the issuing unit: the one district's (empty when it has none), else the city's (the whole city,
    or several districts chosen by the city)."""
    if briefing.districts is not None and len(briefing.districts) == 1:
        return settings().get("district", {}).get(briefing.districts[0], {})
    return settings()["city"]


def number_text(briefing: Briefing, number: str | None) -> str:
    """The 发文字号: `number` as the person wrote it — the sequence number ('12') after the unit's prefix and the
    year of issue, or a whole 文号 ('武人社通〔2026〕12号') as it is; the placeholder where it is still to be written.
    Raises ValueError (Chinese, saying what to write) for anything else."""
    prefix = _of(briefing).get("number_prefix") or ""
    written = (number or "").strip()
    if FULL_NUMBER.fullmatch(written):
        return written
    if written and not written.isdigit():
        raise ValueError(f"文号“{written}”无法识别：请只填序号（如 12），或填完整文号（如 武人社通〔2026〕12号）。")
    if written and not prefix:
        raise ValueError(f"{briefing.scope_label}没有设置发文字号代字：请填完整文号（如 ××人社通〔2026〕12号）。")
    year = briefing.issued_on.year
    return f"{prefix or PLACEHOLDER}〔{year}〕{int(written) if written else PLACEHOLDER}号"


def apply(briefing: Briefing, number: str | None) -> None:
    """Give `briefing` its 版头: the 发文机关标志 (from the settings, else '<issuer>文件') and the 发文字号."""
    briefing.masthead = _of(briefing).get("masthead") or f"{briefing.issuer}文件"
    briefing.doc_number = number_text(briefing, number)


MASTHEAD_MM = 150  # the 发文机关标志 stays inside the 156 mm text column, with a little air


def masthead_pt(text: str, family: str) -> float:
    """The 发文机关标志's size: as large as fits the text column on one line, at most 小初 scaled up (36 pt)."""
    return round(min(36.0, MASTHEAD_MM / width_mm(text, family, 1, bold=True)), 1)


@dataclass(frozen=True)
class Signature:
    """Where the 落款 sits (GB/T 9704 7.3.5.1, a sealed document): the date four characters from the right margin,
    the issuing unit centred over the date; both moved left together when the unit's name is too long for that."""
    issuer_right_mm: float
    date_right_mm: float


def signature(issuer: str, date_text: str, family: str, size_pt: float) -> Signature:
    date_right = 4 * size_pt * MM_PER_PT
    issuer_w, date_w = width_mm(issuer, family, size_pt), width_mm(date_text, family, size_pt)
    issuer_right = date_right + (date_w - issuer_w) / 2
    shift = max(0.0, -issuer_right)
    return Signature(round(issuer_right + shift, 1), round(date_right + shift, 1))
