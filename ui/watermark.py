"""Watermarks: a light diagonal one on screen with the person's name and unit, and the text stamped on exports.

A deterrent, not a control: it names who looked or exported, so a photo or a forwarded file can be traced; it
does not stop anyone from copying figures or cropping the mark (docs/security.md).
"""

import html
from datetime import datetime
from urllib.parse import quote

import streamlit as st

from store.accounts import User
from ui.labels import TO_MINUTE, beijing_time


def stamp(user: User, at: datetime | None = None) -> str:
    """The words of the watermark: name, unit, sign-in name and time (Beijing time; `at` default now)."""
    moment = beijing_time(at, TO_MINUTE)
    return f"{user.display_name} {user.unit} {user.username} {moment}"


def _tile_svg(text: str) -> str:
    escaped = html.escape(text)
    return ("<svg xmlns='http://www.w3.org/2000/svg' width='420' height='240'>"
            "<text x='20' y='150' transform='rotate(-24 210 120)' fill='#000' fill-opacity='0.07' "
            f"font-size='16' font-family='sans-serif'>{escaped}</text></svg>")


def on_screen(user: User) -> None:
    """Lay the tiled diagonal watermark over the whole app (clicks pass through it)."""
    svg = quote(_tile_svg(f"{user.display_name} {user.username}"), safe="")
    st.html(f"""<style>
[data-testid="stApp"]::after {{
  content: ""; position: fixed; inset: 0; pointer-events: none; z-index: 999990;
  background-image: url("data:image/svg+xml;charset=utf-8,{svg}"); background-repeat: repeat;
}}
</style><span data-testid="watermark" hidden>{html.escape(user.display_name)} {html.escape(user.username)}</span>""")
