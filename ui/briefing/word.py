"""The 通报 as a Word document (python-docx), laid out after GB/T 9704: A4, margins 37/35/28/26 mm; the 版头 (a red
发文机关标志 35 mm below the top of the text column, the 发文字号 two lines under it and a red line 4 mm below that)
when the document has one; title in a bold serif (二号), body in a serif (三号, first line indented two characters,
exact 28 pt lines), headings 一、（一）1., page numbers '— 1 —' at the foot, the 落款 (issuing unit centred over the
date, four characters from the right) kept on the page of the last paragraph, document properties set. Tables in
五号 with the columns, line breaks and column-wise parts of ui.briefing.cells, their header row repeated on every
page and no row split; charts as 300 dpi PNG images with a caption. A document with anything still to be written in says
征求意见稿 at the top of every page.

python-docx has no API for a row's 'repeat as header' and 'cannot split', a table's cell margins, a paragraph's
border or a field: those few elements are added through its oxml layer (OxmlElement), as its documentation does.
"""

import io
from datetime import datetime

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ui.briefing import cells, issuing
from ui.briefing.content import PLACEHOLDER, Briefing, Table
from ui.briefing.fonts import Fonts
from ui.briefing.images import WIDTH_MM, Drawn

TITLE_PT, BODY_PT, NOTE_PT, FOOTER_PT = 22, 16, 12, 14
LINE_PT = 28
RED, BLACK = RGBColor(0xE6, 0, 0), RGBColor(0, 0, 0)
DRAFT = "征求意见稿"


def _font(run_or_style, name: str, size: float | None = None, bold: bool | None = None,
          color: RGBColor = BLACK) -> None:
    """Name the font for Latin and Chinese text alike (Word picks the East Asian font from its own attribute, which
    python-docx leaves unset)."""
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = color
    run_or_style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _spacing(paragraph, line_pt: float = LINE_PT, indent: bool = True, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else None


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _page_number(paragraph, font: str) -> None:
    """'— N —' with N a PAGE field (fldChar begin / instrText / end)."""
    def run(text: str | None = None):
        r = paragraph.add_run(text or "")
        _font(r, font, FOOTER_PT)
        return r

    run("— ")
    field = run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = "PAGE"
    for part in (_element("w:fldChar", fldCharType="begin"), instr, _element("w:fldChar", fldCharType="end")):
        field._r.append(part)
    run(" —")


def _setup(doc, fonts: Fonts, watermark: str | None, draft: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance, section.header_distance = Mm(20), Mm(15)
    _font(doc.styles["Normal"], fonts.body, BODY_PT)
    for level, (name, size) in {1: (fonts.heading1, BODY_PT), 2: (fonts.heading2, BODY_PT),
                                3: (fonts.body, BODY_PT)}.items():
        style = doc.styles[f"Heading {level}"]
        _font(style, name, size, bold=level == 3)
        style.font.italic = False
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer, fonts.body)
    head = section.header.paragraphs[0]
    if watermark:
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = head.add_run(watermark)
        _font(run, fonts.body, 10.5, color=RGBColor(0xA0, 0xA0, 0xA0))
    if draft:
        mark = section.header.add_paragraph() if watermark else head
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(mark.add_run(DRAFT), fonts.heading1, BODY_PT, color=RGBColor(0xC0, 0, 0))


def _runs(paragraph, text: str, font: str, size: float, bold: bool = False, color: RGBColor = BLACK):
    """`text` as runs, each placeholder highlighted for the person who writes it in."""
    parts = text.split(PLACEHOLDER)
    for i, part in enumerate(parts):
        if i:
            run = paragraph.add_run(PLACEHOLDER)
            _font(run, font, size, bold, color)
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if part:
            _font(paragraph.add_run(part), font, size, bold, color)


def _paragraph(doc, text: str, fonts: Fonts, kind: str = "paragraph"):
    p = doc.add_paragraph()
    _runs(p, text, fonts.body, BODY_PT, bold=kind == "notice")
    _spacing(p, indent=kind not in ("salutation",))
    return p


def _caption(doc, text: str, fonts: Fonts, size: float = NOTE_PT, bold: bool = False, center: bool = False):
    p = doc.add_paragraph()
    _font(p.add_run(text), fonts.body, size, bold=bold)
    _spacing(p, line_pt=size * 1.5, indent=False, before=3 if bold else 0, after=0 if bold else 6)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _table(doc, table: Table, number: int, fonts: Fonts) -> None:
    """The table in 五号 under its caption, with its note; split by columns when too wide (cells.parts)."""
    for part, piece in enumerate(cells.parts(table, fonts.body), start=1):
        _table_part(doc, piece, number, part, fonts)


def _table_part(doc, table: Table, number: int, part: int, fonts: Fonts) -> None:
    caption = _caption(doc, cells.caption(table, number, part), fonts, NOTE_PT, bold=True, center=True)
    caption.paragraph_format.keep_with_next = True
    laid = cells.layout(table, fonts.body)
    t = doc.add_table(rows=len(laid.lines), cols=len(laid.widths_mm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # fixed layout: the widths below, as in the PDF
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", w=round(cells.PADDING_MM / 25.4 * 1440), type="dxa"))
    t._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for j, width in enumerate(laid.widths_mm):
        t.columns[j].width = Mm(width)
    for i, (row, table_row) in enumerate(zip(laid.lines, t.rows, strict=True)):
        properties = table_row._tr.get_or_add_trPr()
        properties.append(_element("w:cantSplit"))  # a row is never split across two pages
        if i == 0:
            properties.append(_element("w:tblHeader"))  # the header row repeats on every page the table runs onto
        bold = i == 0 or cells.is_total_row(table, i - 1)
        for j, (lines, cell) in enumerate(zip(row, table_row.cells, strict=True)):  # t.cell(i, j) walks the table
            cell.width = Mm(laid.widths_mm[j])
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            p = cell.paragraphs[0]
            for k, line in enumerate(lines):
                run = p.add_run(line)
                _font(run, fonts.body, laid.size_pt, bold=bold)
                if k < len(lines) - 1:
                    run.add_break()
            p.paragraph_format.line_spacing = 1.0
            # a short table on one page with its note; a long one keeps its header with its first rows, its last
            # rows with the note
            p.paragraph_format.keep_with_next = laid.keeps_with_next(i)
            p.alignment = (WD_ALIGN_PARAGRAPH.CENTER if i == 0 else
                           WD_ALIGN_PARAGRAPH.RIGHT if laid.numbers[j] else WD_ALIGN_PARAGRAPH.LEFT)
    if cells.note(table):
        _caption(doc, cells.note(table), fonts, 10.5).paragraph_format.keep_together = True
    else:  # a part without the note: a little air before the next part's caption
        _caption(doc, "", fonts, 10.5)


def _head(doc, briefing: Briefing, fonts: Fonts) -> None:
    """The 版头 when the document has one (red 发文机关标志, 发文字号, red line), then the title and the month."""
    if briefing.masthead:
        mark = doc.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        size = issuing.masthead_pt(briefing.masthead, fonts.title)
        _font(mark.add_run(briefing.masthead), fonts.title, size, bold=True, color=RED)
        _spacing(mark, line_pt=size * 1.2, indent=False, before=35 / 25.4 * 72)
        number = doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _runs(number, briefing.doc_number or "", fonts.body, BODY_PT)
        _spacing(number, indent=False, before=2 * LINE_PT)
        border = OxmlElement("w:pBdr")  # the red line 4 mm under the 发文字号, as wide as the text column
        border.append(_element("w:bottom", val="single", sz=12, space=11, color="E60000"))
        number.paragraph_format.element.get_or_add_pPr().insert_element_before(
            border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
            "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
            "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(briefing.title), fonts.title, TITLE_PT, bold=True)
    _spacing(title, line_pt=36, indent=False, before=2 * LINE_PT if briefing.masthead else 0, after=6)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(sub.add_run(f"（{cells.month_text(briefing.month)}）"), fonts.body, BODY_PT)
    _spacing(sub, indent=False, after=LINE_PT)


def _ending(doc, briefing: Briefing, fonts: Fonts) -> None:
    """The 落款 (issuing.signature) after an empty line for the seal, kept on the page of the last paragraph."""
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    day = cells.date_text(briefing.issued_on)
    place = issuing.signature(briefing.issuer, day, fonts.body, BODY_PT)
    blank = doc.add_paragraph()
    _spacing(blank, indent=False)
    blank.paragraph_format.keep_with_next = True
    for text, right_mm in ((briefing.issuer, place.issuer_right_mm), (day, place.date_right_mm)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(p.add_run(text), fonts.body, BODY_PT)
        _spacing(p, indent=False)
        p.paragraph_format.right_indent = Mm(right_mm)
        p.paragraph_format.keep_with_next = text == briefing.issuer


def render(briefing: Briefing, drawn: list[Drawn], fonts: Fonts, watermark: str | None = None,
           charts_note: str | None = None) -> bytes:
    """The .docx bytes of `briefing`; `drawn` are its charts in order (empty: a tables-only document, with
    `charts_note` saying why)."""
    doc = Document()
    _setup(doc, fonts, watermark, briefing.is_draft)
    _head(doc, briefing, fonts)
    if charts_note:
        _paragraph(doc, charts_note, fonts, "notice")
    pictures = iter(drawn)
    table_no = chart_no = 0
    for block in briefing.blocks:
        if block.kind.startswith("heading"):
            level = int(block.kind[-1])
            h = doc.add_heading(level=level)
            _font(h.add_run(block.text), {1: fonts.heading1, 2: fonts.heading2, 3: fonts.body}[level], BODY_PT,
                  bold=level == 3)
            _spacing(h, indent=True)
            h.paragraph_format.keep_with_next = True
        elif block.kind == "table":
            table_no += 1
            _table(doc, block.table, table_no, fonts)
        elif block.kind == "chart":
            picture = next(pictures, None)
            if picture is None:
                continue
            chart_no += 1
            doc.add_picture(io.BytesIO(picture.png), width=Mm(WIDTH_MM))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.paragraphs[-1].paragraph_format.keep_with_next = True
            chart = block.chart
            _caption(doc, f"图{chart_no}　{chart.title}（数据截至 {chart.as_of}；来源：{chart.source}）", fonts, 10.5,
                     center=True)
        else:
            _paragraph(doc, block.text, fonts, block.kind)
    _ending(doc, briefing, fonts)
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
