"""Outside text shown as text: anything that comes from a URL, a file, a user or the lake passes through `plain()`
before it reaches an element that renders Markdown (st.warning/error/success/info/caption/markdown/subheader, widget
labels), so it can never become a link, an image, HTML, a styled span, an icon or a formula there (CONVENTIONS 15).
"""

import re
import string

# Every ASCII punctuation character: CommonMark lets a backslash make any of them literal, which also stops
# GFM autolinks, HTML, Streamlit's directives (`:red[…]`) and KaTeX (`$…$`) from starting.
_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
# Streamlit replaces `:material/` in the raw source and turns `:name:` into emoji inside text nodes, both after
# escapes are read; an invisible word joiner after each colon keeps those patterns from matching.
_WORD_JOINER = "\u2060"
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def plain(text) -> str:
    """`text` (any value, read as `str`) escaped so Streamlit's Markdown shows it exactly as written, on one line:
    no link, image, HTML, heading, list, emphasis, directive, icon, emoji shortcode or math."""
    escaped = _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
    return escaped.replace(":", ":" + _WORD_JOINER)
