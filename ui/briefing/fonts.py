"""Which fonts the 通报 names: those GB/T 9704 asks for (方正小标宋 title, 仿宋 body, 黑体 and 楷体 headings) when this
machine has them, otherwise Noto CJK (Serif for title and body, Sans for the 黑体 headings). The choice is recorded in
the document's properties, so a reader knows which font the figures were laid out in."""

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

PREFERRED = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312"),
    "heading1": ("黑体", "SimHei"),
    "heading2": ("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312"),
}
FALLBACK = {"title": "Noto Serif CJK SC", "body": "Noto Serif CJK SC", "heading1": "Noto Sans CJK SC",
            "heading2": "Noto Serif CJK SC"}


@dataclass(frozen=True)
class Fonts:
    title: str
    body: str
    heading1: str
    heading2: str

    def description(self) -> str:
        return f"标题 {self.title}（加粗），正文 {self.body}，一级标题 {self.heading1}，二级标题 {self.heading2}"


@cache
def installed() -> frozenset:
    """The font family names fontconfig knows (empty without fc-list)."""
    if not shutil.which("fc-list"):
        return frozenset()
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def choose() -> Fonts:
    """The first preferred font installed for each role, else its Noto CJK fallback."""
    have = installed()
    return Fonts(**{role: next((f for f in names if f in have), FALLBACK[role]) for role, names in PREFERRED.items()})


MM_PER_PT = 25.4 / 72


@cache
def _face(family: str, bold: bool):
    """The font file fontconfig picks for `family` (bold or regular) opened at a 100 pt reference size, or None."""
    if not shutil.which("fc-match"):
        return None
    found = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", f"{family}:{'bold' if bold else 'regular'}"],
                           capture_output=True, text=True, check=False).stdout.split("\t")
    if len(found) != 2 or not found[0]:
        return None
    from PIL import ImageFont  # only when a table is laid out

    return ImageFont.truetype(found[0], 100, index=int(found[1] or 0))


def width_mm(text: str, family: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` sets in `family` at `size_pt`, from the font's own advance widths (so a table's columns can
    be sized before Word or Chromium lays them out). Without the font file: one em for each wide (CJK) character
    and 0.6 em for each other one, which is wider than any of the fonts named here."""
    face = _face(family, bold)
    if face is None:
        ems = sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in text)
    else:
        ems = face.getlength(text) / 100
    return ems * size_pt * MM_PER_PT
