"""The 通报's charts as PNG images, exported from the same plotly figures the pages draw by plotly's own static
export (kaleido ≥ 1.0), driven by the system Chromium. Kaleido would otherwise look for a Chrome it downloads
itself; here no download works, so the browser is named explicitly (`Kaleido(path=…)`, passed on to choreographer).
"""

import asyncio
import base64
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go

WIDTH, HEIGHT, SCALE = 900, 460, 2  # px at scale 1; printed 15 cm wide, sharp at 2x


class ChartsUnavailable(Exception):
    """Charts cannot be drawn here; the message (Chinese) says why and what to install."""


def chromium() -> Path | None:
    """The Chromium to drive: $CHROMIUM when set (a path or a command name; only it), else /usr/bin/chromium or
    chromium on PATH; None when there is none."""
    named = os.environ.get("CHROMIUM")
    for candidate in (named,) if named else ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = candidate and (shutil.which(candidate) or (Path(candidate).is_file() and candidate))
        if found:
            return Path(found)
    return None


def missing_message() -> str:
    return ("未找到 Chromium 浏览器，通报中的图表无法生成（Word 版只含表格，PDF 版无法生成）。"
            "请安装：apt-get install -y chromium fonts-noto-cjk，或以环境变量 CHROMIUM 指明浏览器路径。")


PRINT_TIMEOUT_S = 120


async def _render(figures: list[go.Figure], browser: Path, page_of: Callable[[list[bytes]], str] | None = None
                  ) -> tuple[list[bytes], bytes | None]:
    import kaleido  # imported only when charts are drawn: it starts nothing until used, but costs import time

    opts = {"format": "png", "width": WIDTH, "height": HEIGHT, "scale": SCALE}
    # mathjax=False: kaleido would fetch MathJax from a CDN; the charts have no formulas and no network is allowed.
    async with kaleido.Kaleido(path=str(browser), mathjax=False, n=1) as k:
        pictures = [await k.calc_fig(fig, opts=opts) for fig in figures]
        printed = None
        if page_of is not None:
            try:
                printed = await asyncio.wait_for(_print(k, page_of(pictures)), PRINT_TIMEOUT_S)
            except Exception:  # noqa: BLE001 - the caller prints with a Chromium of its own instead
                printed = None
        return pictures, printed


async def _print(k, page: str) -> bytes:
    """`page` (HTML) printed to PDF in a new tab of the browser that drew the charts (DevTools Page.printToPDF, as
    Chromium's --print-to-pdf does: the page's own @page size, margins and page-number boxes)."""
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        source = Path(tmp) / "briefing.html"
        source.write_text(page, encoding="utf-8")
        tab = await k.create_tab("about:blank")
        try:
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.navigate", params={"url": source.as_uri()})
            await loaded
            answer = await tab.send_command("Page.printToPDF", params={
                "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False})
            if "error" in answer:
                raise RuntimeError(answer["error"])
            return base64.b64decode(answer["result"]["data"])
        finally:
            await k.close_tab(tab.target_id)


def png_and_pdf(figures: list[go.Figure], page_of: Callable[[list[bytes]], str]) -> tuple[list[bytes], bytes | None]:
    """The figures as PNG bytes and the PDF of `page_of(pictures)` (HTML), from one browser session: one Chromium
    start instead of two (docs/benchmarks.md). The PDF is None when printing in that session failed (the caller then
    prints with `pdf.print_pdf`). Raises ChartsUnavailable as `png` does."""
    browser = chromium()
    if browser is None:
        raise ChartsUnavailable(missing_message())
    try:
        return asyncio.run(_render(figures, browser, page_of))
    except Exception as exc:  # kaleido and choreographer raise their own classes; any of them means no charts
        raise ChartsUnavailable(f"图表生成失败（{type(exc).__name__}: {exc}），通报只含表格。") from exc


def png(figures: list[go.Figure]) -> list[bytes]:
    """Each figure as PNG bytes, in order, from one browser session. Raises ChartsUnavailable (with a Chinese
    message) when Chromium is missing or fails."""
    if not figures:
        return []
    browser = chromium()
    if browser is None:
        raise ChartsUnavailable(missing_message())
    try:
        return asyncio.run(_render(figures, browser))[0]
    except Exception as exc:  # kaleido and choreographer raise their own classes; any of them means no charts
        raise ChartsUnavailable(f"图表生成失败（{type(exc).__name__}: {exc}），通报只含表格。") from exc
