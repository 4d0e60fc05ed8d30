"""The 通报 as a Word document (python-docx), laid out after GB/T 9704: A4, margins 37/35/28/26 mm, title in a bold
serif (二号), body in a serif (三号, first line indented two characters, exact 28 pt lines), headings 一、（一）1.,
page numbers '— 1 —' at the foot, the issuing unit and date at the end, document properties set. Tables in 五号 with
their 数据截至 and 口径 below; charts as PNG images with a caption.
"""

import io
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from ui.briefing import cells
from ui.briefing.content import Briefing, Table
from ui.briefing.fonts import Fonts

TITLE_PT, BODY_PT, TABLE_PT, NOTE_PT, FOOTER_PT = 22, 16, 10.5, 12, 14
LINE_PT = 28


def _font(run_or_style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Name the font for Latin and Chinese text alike (Word picks the East Asian font from its own attribute, which
    python-docx leaves unset)."""
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    run_or_style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _spacing(paragraph, line_pt: float = LINE_PT, indent: bool = True, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else None


def _page_number(paragraph, font: str) -> None:
    """'— N —' with N a PAGE field (fldChar begin / instrText / end: python-docx has no field API)."""
    def run(text: str | None = None):
        r = paragraph.add_run(text or "")
        _font(r, font, FOOTER_PT)
        return r

    run("— ")
    field = run()
    begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    for part in (begin, instr, end):
        field._r.append(part)
    run(" —")


def _setup(doc, fonts: Fonts, watermark: str | None) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    _font(doc.styles["Normal"], fonts.body, BODY_PT)
    for level, (name, size) in {1: (fonts.heading1, BODY_PT), 2: (fonts.heading2, BODY_PT),
                                3: (fonts.body, BODY_PT)}.items():
        style = doc.styles[f"Heading {level}"]
        _font(style, name, size, bold=level == 3)
        style.font.italic = False
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer, fonts.body)
    if watermark:
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(watermark)
        _font(run, fonts.body, 10.5)
        run.font.color.rgb = RGBColor(0xA0, 0xA0, 0xA0)


def _paragraph(doc, text: str, fonts: Fonts, kind: str = "paragraph"):
    p = doc.add_paragraph()
    run = p.add_run(text)
    _font(run, fonts.body, BODY_PT, bold=kind == "notice")
    _spacing(p, indent=kind not in ("salutation",))
    if kind == "placeholder":
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return p


def _caption(doc, text: str, fonts: Fonts, size: float = NOTE_PT, bold: bool = False, center: bool = False):
    p = doc.add_paragraph()
    _font(p.add_run(text), fonts.body, size, bold=bold)
    _spacing(p, line_pt=size * 1.5, indent=False, before=3 if bold else 0, after=0 if bold else 6)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _table(doc, table: Table, number: int, fonts: Fonts) -> None:
    _caption(doc, f"表{number}　{table.title}", fonts, NOTE_PT, bold=True, center=True)
    header, body = cells.header(table), cells.body(table)
    t = doc.add_table(rows=1 + len(body), cols=len(header))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate([header, *body]):
        bold = i == 0 or cells.is_total_row(table, i - 1)
        for j, value in enumerate(row):
            cell = t.cell(i, j)
            p = cell.paragraphs[0]
            _font(p.add_run(value), fonts.body, TABLE_PT, bold=bold)
            p.paragraph_format.line_spacing = 1.0
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if i == 0 or j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
    _caption(doc, cells.note(table), fonts, 10.5)


def render(briefing: Briefing, images: list[bytes], fonts: Fonts, watermark: str | None = None,
           charts_note: str | None = None) -> bytes:
    """The .docx bytes of `briefing`; `images` are its charts' PNGs in order (empty: a tables-only document, with
    `charts_note` saying why)."""
    doc = Document()
    _setup(doc, fonts, watermark)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(briefing.title), fonts.title, TITLE_PT, bold=True)
    _spacing(title, line_pt=36, indent=False, after=6)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(sub.add_run(f"（{cells.month_text(briefing.month)}）"), fonts.body, BODY_PT)
    _spacing(sub, indent=False, after=12)
    if charts_note:
        _paragraph(doc, charts_note, fonts, "notice")
    pictures = iter(images)
    table_no = chart_no = 0
    for block in briefing.blocks:
        if block.kind.startswith("heading"):
            level = int(block.kind[-1])
            h = doc.add_heading(level=level)
            _font(h.add_run(block.text), {1: fonts.heading1, 2: fonts.heading2, 3: fonts.body}[level], BODY_PT,
                  bold=level == 3)
            _spacing(h, indent=True)
        elif block.kind == "table":
            table_no += 1
            _table(doc, block.table, table_no, fonts)
        elif block.kind == "chart":
            picture = next(pictures, None)
            if picture is None:
                continue
            chart_no += 1
            doc.add_picture(io.BytesIO(picture), width=Cm(15.5))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            chart = block.chart
            _caption(doc, f"图{chart_no}　{chart.title}（数据截至 {chart.as_of}；来源：{chart.source}）", fonts, 10.5,
                     center=True)
        else:
            _paragraph(doc, block.text, fonts, block.kind)
    doc.add_paragraph()
    for text in (briefing.issuer, cells.date_text(briefing.issued_on)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(p.add_run(text), fonts.body, BODY_PT)
        _spacing(p, indent=False)
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
    props = doc.core_properties
    props.title = f"{briefing.title}（{cells.month_text(briefing.month)}）"
    props.subject = "脱贫劳动力就业帮扶工作情况通报"
    props.author = props.last_modified_by = briefing.issuer
    props.category = "通报"
    props.keywords = f"就业帮扶;脱贫劳动力;{briefing.month};{briefing.scope_label}"
    props.comments = (f"由武汉市就业帮扶看板生成（数据版本 {briefing.data_version}）。字体：{fonts.description()}。"
                      + ("模拟数据。" if briefing.is_demo else ""))
    props.created = props.modified = datetime.combine(briefing.issued_on, datetime.min.time())
    props.language = "zh-CN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
