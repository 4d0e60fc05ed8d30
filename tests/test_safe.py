"""ui.safe.plain: outside text reaches Streamlit's Markdown as literal text (the browser test renders it)."""

import re
import string

import pytest

from ui.safe import plain

ATTACKS = [
    "[系统升级，请点此重新登录](http://127.0.0.77/login)",
    "![t](http://127.0.0.77/pixel.png)",
    ":red-background[**本系统已停用，数据作废**]",
    "<img src=http://127.0.0.77/p.png>",
    ":material/home: :smile: $x^2$ `code` # 标题\n- 列表\n> 引用",
    "http://127.0.0.77/bare www.127.0.0.77 a@127.0.0.77",
    "[点此](http://127.0.0.77).csv",
]


def _as_markdown_reads(escaped: str) -> str:
    """What CommonMark makes of backslash escapes, with the invisible word joiners taken out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped).replace("\u2060", "")


@pytest.mark.parametrize("text", ATTACKS)
def test_every_markdown_character_is_escaped_and_the_text_reads_the_same(text):
    escaped = plain(text)
    assert _as_markdown_reads(escaped) == re.sub(r"[\r\n]+", " ", text)
    unescaped = re.sub(r"\\.", "", escaped)
    assert not set(unescaped) & set(string.punctuation), escaped
    assert "\n" not in escaped


def test_no_colon_is_followed_by_a_name():
    """Streamlit's icons (`:material/…:`) and emoji shortcodes match text after escapes are read."""
    assert not re.search(r":[A-Za-z]", plain(":material/home: :smile: :red[x]"))


def test_plain_text_and_values_pass_unchanged():
    assert plain("黄陂区 2026年10月") == "黄陂区 2026年10月"
    assert plain(12) == "12"
