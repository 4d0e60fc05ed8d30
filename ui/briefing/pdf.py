"""The 通报 as PDF: an HTML rendition of the same blocks, printed by headless Chromium (`--print-to-pdf`), which
lays out Chinese with the installed CJK fonts and embeds them, so the text can be extracted. LibreOffice (docx to PDF)
is not installed here; the same blocks and the same cell texts (ui.briefing.cells) make both files say the same.
Page numbers come from CSS page-margin boxes (Chromium ≥ 131)."""

import base64
import html
import subprocess
import tempfile
from pathlib import Path

from ui.briefing import cells
from ui.briefing.content import Briefing, Table
from ui.briefing.fonts import Fonts

TIMEOUT_S = 60


def _css(fonts: Fonts) -> str:
    return f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm;
        @bottom-center {{ content: "— " counter(page) " —"; font-family: "{fonts.body}", serif; font-size: 14pt; }} }}
body {{ font-family: "{fonts.body}", serif; font-size: 16pt; line-height: 28pt; color: #000; }}
h1.title {{ font-family: "{fonts.title}", serif; font-weight: bold; font-size: 22pt; line-height: 36pt;
           text-align: center; margin: 0; }}
p.month {{ text-align: center; margin: 0 0 12pt; }}
p {{ margin: 0; text-indent: 2em; }}
p.salutation, p.issuer, p.note, p.caption {{ text-indent: 0; }}
p.notice {{ font-weight: bold; }}
p.placeholder {{ background: #fff3a0; }}
h2, h3, h4 {{ font-size: 16pt; margin: 0; text-indent: 2em; font-weight: normal; }}
h2 {{ font-family: "{fonts.heading1}", sans-serif; }}
h3 {{ font-family: "{fonts.heading2}", serif; }}
h4 {{ font-weight: bold; }}
table {{ border-collapse: collapse; margin: 4pt auto 0; font-size: 10.5pt; line-height: 14pt; }}
th, td {{ border: 0.75pt solid #000; padding: 2pt 4pt; text-align: right; }}
th, td:first-child {{ text-align: center; }}
th, tr.total td {{ font-weight: bold; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
p.caption {{ text-align: center; font-size: 12pt; font-weight: bold; margin-top: 6pt; }}
p.note {{ font-size: 10.5pt; line-height: 15pt; margin-bottom: 6pt; }}
figure {{ margin: 6pt 0; text-align: center; break-inside: avoid; }}
figure img {{ width: 155mm; }}
figcaption {{ font-size: 10.5pt; line-height: 15pt; }}
p.issuer {{ text-align: right; padding-right: 4em; }}
.watermark {{ position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 28pt; color: #ddd;
             transform: rotate(-30deg); z-index: -1; }}
"""


def _table(table: Table, number: int) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in cells.header(table))
    rows = []
    for i, row in enumerate(cells.body(table)):
        cls = ' class="total"' if cells.is_total_row(table, i) else ""
        rows.append(f"<tr{cls}>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>")
    return (f'<p class="caption">表{number}　{e(table.title)}</p><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table><p class="note">{e(cells.note(table))}</p>')


def to_html(briefing: Briefing, images: list[bytes], fonts: Fonts, watermark: str | None = None,
            charts_note: str | None = None) -> str:
    """The briefing as one self-contained HTML page (images inline): text from the lake is escaped."""
    e = html.escape
    parts = [f'<h1 class="title">{e(briefing.title)}</h1>',
             f'<p class="month">（{e(cells.month_text(briefing.month))}）</p>']
    if charts_note:
        parts.append(f'<p class="notice">{e(charts_note)}</p>')
    if watermark:
        parts.append(f'<div class="watermark">{e(watermark)}</div>')
    pictures = iter(images)
    table_no = chart_no = 0
    for block in briefing.blocks:
        if block.kind.startswith("heading"):
            tag = f"h{int(block.kind[-1]) + 1}"
            parts.append(f"<{tag}>{e(block.text)}</{tag}>")
        elif block.kind == "table":
            table_no += 1
            parts.append(_table(block.table, table_no))
        elif block.kind == "chart":
            picture = next(pictures, None)
            if picture is None:
                continue
            chart_no += 1
            data = base64.b64encode(picture).decode("ascii")
            parts.append(f'<figure><img src="data:image/png;base64,{data}" alt="{e(block.chart.title)}">'
                         f"<figcaption>图{chart_no}　{e(block.chart.title)}（数据截至 {e(block.chart.as_of)}；"
                         f"来源：{e(block.chart.source)}）</figcaption></figure>")
        else:
            parts.append(f'<p class="{block.kind}">{e(block.text)}</p>')
    parts.append('<p class="issuer">&nbsp;</p>')
    parts += [f'<p class="issuer">{e(t)}</p>' for t in (briefing.issuer, cells.date_text(briefing.issued_on))]
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(briefing.file_stem)}</title>'
            f'<meta name="author" content="{e(briefing.issuer)}"><meta name="fonts" content="{e(fonts.description())}">'
            f"<style>{_css(fonts)}</style></head><body>{''.join(parts)}</body></html>")


def print_pdf(page: str, browser: Path) -> bytes:
    """`page` (HTML) printed to PDF by headless Chromium; raises RuntimeError with Chromium's message on failure."""
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        source, target = Path(tmp) / "briefing.html", Path(tmp) / "briefing.pdf"
        source.write_text(page, encoding="utf-8")
        # --no-sandbox: the server may run as root in a container, where Chromium's sandbox cannot start; the page
        # is our own HTML with inline images and no scripts. A profile directory of its own keeps runs apart.
        done = subprocess.run([str(browser), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                               f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}",
                               source.as_uri()], capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        if not target.exists():
            raise RuntimeError(f"Chromium 未能生成 PDF（退出码 {done.returncode}）：{done.stderr[-500:]}")
        return target.read_bytes()
