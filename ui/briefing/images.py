"""The 通报's charts, exported from the same plotly figures the pages draw by plotly's own static export (kaleido ≥
1.0), driven by the system Chromium: as SVG for the PDF (vector graphics whose labels stay text) and as PNG at
300 dpi for Word. Kaleido would otherwise look for a Chrome it downloads itself; here no download works, so the
browser is named explicitly (`Kaleido(path=…)`, passed on to choreographer).

For print each figure is laid out for the A4 text column (`printable`): 155 mm wide, 五号 text, every axis's
margin grown to its longest label (plotly's automargin), the legend above the plot, and no title — the caption
under the chart (图N …) carries it.
"""

import asyncio
import base64
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

log = logging.getLogger(__name__)

CSS_PX_PER_MM = 96 / 25.4
WIDTH_MM = 155  # the chart's printed width: the A4 text column (156 mm) less a hair
WIDTH = round(WIDTH_MM * CSS_PX_PER_MM)  # 586 CSS px: the SVG prints at its own size
SCALE = 300 / 96  # the PNG at 300 dpi when printed WIDTH_MM wide
FONT_PX = 14  # 五号 (10.5 pt) at 96 px to the inch
HEIGHT, BAR_PX = 300, 30  # px; a horizontal bar chart grows with its bars
TITLE_GAP_PX = 14  # plotly's standoff between an axis's tick labels and its title; the visible gap is ≈ 10 px


@dataclass(frozen=True)
class Drawn:
    """One chart as both documents need it."""
    png: bytes  # for Word: 300 dpi at WIDTH_MM
    svg: bytes  # for the PDF: vector graphics, labels as text


def printable(fig: go.Figure) -> go.Figure:
    """A copy of `fig` laid out for the printed page (see the module's docstring); the data are untouched."""
    out = go.Figure(fig)
    bars = [t for t in out.data if t.type == "bar" and t.orientation == "h"]
    height = max(HEIGHT, 90 + BAR_PX * len(bars[0].y)) if bars else HEIGHT
    out.update_layout(title=None, width=WIDTH, height=height, font={"size": FONT_PX},
                      margin={"l": 4, "r": 12, "t": 8, "b": 4, "autoexpand": True},
                      legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom",
                              "font": {"size": FONT_PX}},
                      paper_bgcolor="white", plot_bgcolor="white")
    # An axis title stands a clear gap off its tick labels (plotly's default standoff leaves the y title all but
    # touching them); automargin grows the margin to hold it at that distance.
    out.update_xaxes(automargin=True, tickfont={"size": FONT_PX}, title_font={"size": FONT_PX},
                     title_standoff=TITLE_GAP_PX)
    out.update_yaxes(automargin=True, tickfont={"size": FONT_PX}, title_font={"size": FONT_PX},
                     title_standoff=TITLE_GAP_PX)
    return out


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


async def _render(figures: list[go.Figure], browser: Path, page_of: Callable[[list[Drawn]], str] | None = None
                  ) -> tuple[list[Drawn], bytes | None]:
    import kaleido  # imported only when charts are drawn: it starts nothing until used, but costs import time

    # mathjax=False: kaleido would fetch MathJax from a CDN; the charts have no formulas and no network is allowed.
    async with kaleido.Kaleido(path=str(browser), mathjax=False, n=1) as k:
        pictures = []
        for fig in map(printable, figures):
            size = {"width": fig.layout.width, "height": fig.layout.height}
            pictures.append(Drawn(await k.calc_fig(fig, opts=size | {"format": "png", "scale": SCALE}),
                                  await k.calc_fig(fig, opts=size | {"format": "svg"})))
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


# The loggers of kaleido, choreographer and the Chromium stderr relay (logistro's "browser_proc"). They log their
# own recoverable trouble as errors with tracebacks — e.g. choreographer's pipe reader, when the browser closes while
# a message is half read, logs "JSONError decoding message. Ignoring" with the JSON traceback — and with no handler
# configured Python prints those on stderr, in front of the person building the 通报.
LIBRARY_LOGGERS = ("choreographer", "kaleido", "browser_proc", "chrome_wrapper")
ATTEMPTS = 2  # a failed export is tried once more in a fresh browser: under load a first start can time out
FAILED = ("图表生成失败：浏览器两次都未能完成图表绘制（服务器繁忙时可能出现）。本次通报只含表格；"
          "请稍后重新生成，如仍失败请联系系统管理员。")


class _ToDebug(logging.Handler):
    """Passes a library's record on to this module's logger at DEBUG: kept for whoever turns debugging on, never
    printed by default."""

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s %s: %s", record.levelname, record.name, record.getMessage(), exc_info=record.exc_info)


def library_logs_to_debug() -> None:
    """Route the chart libraries' logging to DEBUG on this module's logger instead of stderr (idempotent)."""
    for name in LIBRARY_LOGGERS:
        library = logging.getLogger(name)
        if not any(isinstance(h, _ToDebug) for h in library.handlers):
            library.addHandler(_ToDebug())
        library.propagate = False


def drawn_and_pdf(figures: list[go.Figure], page_of: Callable[[list[Drawn]], str]) -> tuple[list[Drawn], bytes | None]:
    """The figures drawn (PNG and SVG) and the PDF of `page_of(drawn)` (HTML), from one browser session: one Chromium
    start instead of two (docs/benchmarks.md). The PDF is None when printing in that session failed (the caller then
    prints with `pdf.print_pdf`). A failed session is tried once more; raises ChartsUnavailable (with a Chinese
    message) when Chromium is missing or fails both times. Nothing kaleido or choreographer log reaches stderr."""
    browser = chromium()
    if browser is None:
        raise ChartsUnavailable(missing_message())
    library_logs_to_debug()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return asyncio.run(_render(figures, browser, page_of))
        except Exception as exc:  # noqa: BLE001 - kaleido and choreographer raise their own classes; any means no charts
            failure = exc
            log.info("chart export failed (attempt %d of %d): %r", attempt, ATTEMPTS, exc)
    raise ChartsUnavailable(FAILED) from failure

