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
