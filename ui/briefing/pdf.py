"""The 通报 as PDF: an HTML rendition of the same blocks, printed by headless Chromium, which lays out Chinese with
the installed CJK fonts and embeds them, so the text can be extracted. LibreOffice (docx to PDF) is not installed
here; the same blocks, the same cell texts and the same table layout (ui.briefing.cells) make both files say the
same. Page numbers and the 征求意见稿 mark come from CSS page-margin boxes (Chromium ≥ 131); charts are SVG images,
so their labels print as text."""

import html
import logging
import subprocess
import tempfile
from pathlib import Path

from ui.briefing import cells, issuing
from ui.briefing.content import PLACEHOLDER, Briefing, Table
from ui.briefing.fonts import Fonts
from ui.briefing.images import WIDTH_MM, Drawn

log = logging.getLogger(__name__)
TIMEOUT_S = 60
DRAFT = "征求意见稿"


def _css(fonts: Fonts, draft: bool) -> str:
    mark = (f'@top-right {{ content: "{DRAFT}"; font-family: "{fonts.heading1}", sans-serif; font-size: 16pt; '
            "color: #c00000; vertical-align: bottom; padding-bottom: 6mm; }") if draft else ""
    return f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; {mark}
        @bottom-center {{ content: "— " counter(page) " —"; font-family: "{fonts.body}", serif; font-size: 14pt;
                          vertical-align: top; padding-top: 7mm; }} }}
body {{ margin: 0; font-family: "{fonts.body}", serif; font-size: 16pt; line-height: 28pt; color: #000; }}
.masthead {{ margin: 35mm 0 0; text-align: center; color: #e60000; font-family: "{fonts.title}", serif;
            font-weight: bold; line-height: 1.2; white-space: nowrap; }}
p.number {{ margin: 56pt 0 0; text-indent: 0; text-align: center; padding-bottom: 4mm;
           border-bottom: 1.5pt solid #e60000; }}
h1.title {{ font-family: "{fonts.title}", serif; font-weight: bold; font-size: 22pt; line-height: 36pt;
           text-align: center; margin: 0; }}
p.number + h1.title {{ margin-top: 56pt; }}
p.month {{ text-align: center; margin: 0 0 28pt; text-indent: 0; }}
p {{ margin: 0; text-indent: 2em; }}
p.salutation, p.issuer, p.note, p.caption {{ text-indent: 0; }}
p.notice {{ font-weight: bold; }}
span.placeholder {{ background: #fff3a0; }}
h2, h3, h4 {{ font-size: 16pt; margin: 0; text-indent: 2em; font-weight: normal; break-after: avoid; }}
h2 {{ font-family: "{fonts.heading1}", sans-serif; }}
h3 {{ font-family: "{fonts.heading2}", serif; }}
h4 {{ font-weight: bold; }}
table {{ border-collapse: collapse; margin: 4pt auto 0; table-layout: fixed; }}
th, td {{ border: 0.75pt solid #000; padding: 1.5pt {cells.PADDING_MM}mm; white-space: nowrap; line-height: 1.3;
          text-align: left; vertical-align: middle; }}
th {{ text-align: center; font-weight: bold; }}
td.number {{ text-align: right; }}
tr.total td {{ font-weight: bold; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
tr.kept, thead {{ break-after: avoid; }}
p.caption {{ text-align: center; font-size: 12pt; line-height: 18pt; font-weight: bold; margin-top: 6pt;
            break-after: avoid; }}
p.note {{ font-size: 10.5pt; line-height: 15pt; margin: 3pt 0 8pt; break-inside: avoid; break-before: avoid; }}
figure {{ margin: 6pt 0; text-align: center; break-inside: avoid; }}
figure svg {{ width: {WIDTH_MM}mm; height: auto; display: block; margin: 0 auto; }}
figcaption {{ font-size: 10.5pt; line-height: 15pt; }}
.ending, div.short {{ break-inside: avoid; }}
p.issuer {{ text-align: right; }}
.watermark {{ position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 28pt; color: #ddd;
             transform: rotate(-30deg); z-index: -1; }}
"""


def _text(value: str) -> str:
    """Escaped text, the placeholder (still to be written in) highlighted as in Word."""
    marked = f'<span class="placeholder">{html.escape(PLACEHOLDER)}</span>'
    return marked.join(html.escape(part) for part in value.split(PLACEHOLDER))


def _table(table: Table, number: int, fonts: Fonts) -> str:
    """The table in 五号 under its caption, with its note; split by columns when too wide (cells.parts)."""
    return "".join(_table_part(piece, number, part, fonts)
                   for part, piece in enumerate(cells.parts(table, fonts.body), start=1))


def _table_part(table: Table, number: int, part: int, fonts: Fonts) -> str:
    e = html.escape
    laid = cells.layout(table, fonts.body)
    cols = "".join(f'<col style="width:{w:.1f}mm">' for w in laid.widths_mm)

    def cell(tag: str, lines: list[str], is_number: bool) -> str:
        cls = ' class="number"' if is_number and tag == "td" else ""
        return f"<{tag}{cls}>{'<br>'.join(e(line) for line in lines)}</{tag}>"

    head = "".join(cell("th", lines, False) for lines in laid.lines[0])
    rows = []
    for i, row in enumerate(laid.lines[1:]):
        classes = " ".join(name for name, has in (("total", cells.is_total_row(table, i)),
                                                  ("kept", laid.keeps_with_next(i + 1))) if has)
        cls = f' class="{classes}"' if classes else ""
        rows.append(f"<tr{cls}>" + "".join(cell("td", lines, is_number)
                                           for lines, is_number in zip(row, laid.numbers, strict=True)) + "</tr>")
    return (f'<div class="{"short" if laid.is_short else "long"}">'
            f'<p class="caption">{e(cells.caption(table, number, part))}</p>'
            f'<table style="width:{sum(laid.widths_mm):.1f}mm;font-size:{laid.size_pt}pt"><colgroup>{cols}</colgroup>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            + (f'<p class="note">{e(cells.note(table))}</p>' if cells.note(table) else '<p class="note"></p>')
            + "</div>")


def _head(briefing: Briefing, fonts: Fonts) -> list[str]:
    """The 版头 (发文机关标志, 发文字号 and the red line) when the document has one, then the title."""
    e = html.escape
    parts = []
    if briefing.masthead:
        size = issuing.masthead_pt(briefing.masthead, fonts.title)
        parts += [f'<div class="masthead" style="font-size:{size}pt">{e(briefing.masthead)}</div>',
                  f'<p class="number">{_text(briefing.doc_number or "")}</p>']
    return parts + [f'<h1 class="title">{e(briefing.title)}</h1>',
                    f'<p class="month">（{e(cells.month_text(briefing.month))}）</p>']


def _ending(briefing: Briefing, fonts: Fonts) -> str:
    """The 落款: the issuing unit over the date of issue (issuing.signature), after an empty line for the seal."""
    day = cells.date_text(briefing.issued_on)
    place = issuing.signature(briefing.issuer, day, fonts.body, 16)
    return ('<p class="issuer">&nbsp;</p>'
            f'<p class="issuer" style="padding-right:{place.issuer_right_mm}mm">{html.escape(briefing.issuer)}</p>'
            f'<p class="issuer" style="padding-right:{place.date_right_mm}mm">{html.escape(day)}</p>')


def to_html(briefing: Briefing, drawn: list[Drawn], fonts: Fonts, watermark: str | None = None,
            charts_note: str | None = None) -> str:
    """The briefing as one self-contained HTML page (charts inline as SVG images): text from the lake is escaped.
    Its last paragraph and the 落款 stay on one page; a document with anything still to write in carries
    征求意见稿 on every page."""
    e = html.escape
    parts = _head(briefing, fonts)
    if charts_note:
        parts.append(f'<p class="notice">{e(charts_note)}</p>')
    if watermark:
        parts.append(f'<div class="watermark">{e(watermark)}</div>')
    pictures = iter(drawn)
    table_no = chart_no = 0
    for block in briefing.blocks:
        if block.kind.startswith("heading"):
            tag = f"h{int(block.kind[-1]) + 1}"
            parts.append(f"<{tag}>{e(block.text)}</{tag}>")
        elif block.kind == "table":
            table_no += 1
            parts.append(_table(block.table, table_no, fonts))
        elif block.kind == "chart":
            picture = next(pictures, None)
            if picture is None:
                continue
            chart_no += 1
            parts.append(f'<figure role="img" aria-label="{e(block.chart.title)}">{picture.svg.decode("utf-8")}'
                         f"<figcaption>图{chart_no}　{e(block.chart.title)}（数据截至 {e(block.chart.as_of)}；"
                         f"来源：{e(block.chart.source)}）</figcaption></figure>")
        else:
            parts.append(f'<p class="{block.kind}">{_text(block.text)}</p>')
    last = parts.pop() if briefing.blocks and briefing.blocks[-1].kind not in ("table", "chart") else ""
    parts.append(f'<div class="ending">{last}{_ending(briefing, fonts)}</div>')
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(briefing.file_stem)}</title>'
            f'<meta name="author" content="{e(briefing.issuer)}"><meta name="fonts" content="{e(fonts.description())}">'
            f"<style>{_css(fonts, briefing.is_draft)}</style></head><body>{''.join(parts)}</body></html>")


class PrintFailed(Exception):
    """Chromium did not print the PDF, twice; the message (Chinese) says so and what to do."""


FAILED = "PDF 版未能生成：浏览器两次都未能完成打印（服务器繁忙时可能出现）。Word 版已生成；请稍后重新生成 PDF 版。"


def print_pdf(page: str, browser: Path) -> bytes:
    """`page` (HTML) printed to PDF by headless Chromium, tried once more when the first print fails; raises
    PrintFailed (Chinese) when both do, Chromium's own words going to the log."""
    for attempt in range(1, 3):
        try:
            return _print_once(page, browser)
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
            failure = exc
            log.info("printing the PDF failed (attempt %d of 2): %s", attempt, exc)
    raise PrintFailed(FAILED) from failure


def _print_once(page: str, browser: Path) -> bytes:
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        source, target = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        source.write_text(page, encoding="utf-8")
        # --no-sandbox: the server may run as root in a container, where Chromium's sandbox cannot start; the page
        # is our own HTML with inline images and no scripts. A profile directory of its own keeps runs apart.
        done = subprocess.run([str(browser), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}",
                               source.as_uri()], capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        if not target.exists():
            raise RuntimeError(f"Chromium exited with {done.returncode} without a PDF: {done.stderr[-500:]}")
        return target.read_bytes()
