"""通报 (issue 17): real documents built from the demo lake and from literal lakes, read back with python-docx and
pypdf, their figures compared with the answers of the questions the pages ask."""

import io
import json
import logging
import math
import re
import subprocess
import sys
import unicodedata
from datetime import date

import docx
import docx.table
import docx.text.paragraph
import pypdf
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from PIL import Image

from assess import audit, verdicts, welfare
from assess import districts as ranking
from assess import employment as er
from lake import reference
from queries import subsidy_audit
from queries.engine import Scope, acting_for, run, run_ranked
from store import access_log, accounts
from testkit.apptest import assert_clean, open_app
from tests import briefing_look
from tests.conftest import PROJECT
from tests.lakes import person
from ui import projections, sentences
from ui.briefing import IncompleteMonth, cells, fonts, hooks, images, issuing, make, pdf, word
from ui.briefing.button import STATE_KEY
from ui.briefing.content import Block, Briefing, Table, all_districts
from ui.briefing.content import build as build_content
from ui.briefing.fonts import MM_PER_PT, width_mm
from ui.labels import district_name

MONTH = "2026-10"
HUANGPI = "420116"
HEADINGS = ["一、总体情况", "二、促进就业增收", "三、支持返乡创业", "四、打造劳务品牌", "五、推选示范乡镇",
            "六、落实扶持政策", "七、下一步工作要求"]


def number(cell: str) -> float:
    """'12,345 人' -> 12345.0, '52.5%' -> 52.5, '356.68 万元' -> 356.68."""
    found = re.search(r"[-+]?[\d,]+(\.\d+)?", cell)
    assert found, cell
    return float(found.group(0).replace(",", ""))


def tables_by_title(document) -> dict:
    """Each table of the document under the caption above it ('表1　各区务工就业规模' -> '各区务工就业规模'), as rows of
    cell texts (header first)."""
    out, caption = {}, None
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[1]
        if tag == "p":
            text = docx.text.paragraph.Paragraph(element, document).text
            if text.startswith("表"):
                caption = text.split("　", 1)[1]
        elif tag == "tbl":
            table = docx.table.Table(element, document)
            out[caption] = [[c.text for c in row.cells] for row in table.rows]
    return out


def column(rows: list[list[str]], header: str) -> int:
    """The column whose header reads `header`, with or without its unit ('务工就业人数' finds '务工就业人数（人）'),
    however its lines are broken."""
    heads = [h.replace("\n", "") for h in rows[0]]
    return next(i for i, h in enumerate(heads) if h == header or h.startswith(f"{header}（"))


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def module_lake(demo_lake):
    """The demo lake for the module's documents, each built once."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LAKE_DIR", str(demo_lake))
    from tests.conftest import _reset_caches
    _reset_caches()
    yield demo_lake
    mp.undo()


@pytest.fixture(scope="module")
def city_files(module_lake):
    """The city document as `make briefing MONTH=2026-10` builds it: nothing written in, so a 征求意见稿."""
    return briefing_look.build(completed=False)


@pytest.fixture(scope="module")
def completed_city(module_lake):
    """The city document with its 文号 number and 下一步工作要求 written in, and the processes its build started."""
    started, original = [], subprocess.Popen.__init__

    def counting(self, args, *more, **options):
        started.append(args)
        return original(self, args, *more, **options)

    mp = pytest.MonkeyPatch()
    mp.setattr(subprocess.Popen, "__init__", counting)
    try:
        built = briefing_look.build(completed=True)
    finally:
        mp.undo()
    built.started = started
    return built


@pytest.fixture(scope="module")
def district_files(module_lake):
    """黄陂区's document (as `make briefing MONTH=2026-10 DISTRICT=黄陂区` builds it)."""
    return briefing_look.build(completed=False, districts=[HUANGPI])


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text, NFKC-folded (Chromium writes some ideographs as Kangxi radicals, ⼒ for 力)."""
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def all_docx_text(document) -> str:
    """Every text a reader sees in the .docx: body, tables, and each section's header and footer."""
    headers = [p.text for s in document.sections for part in (s.header, s.footer) for p in part.paragraphs]
    return text_of(document) + "\n" + "\n".join(headers)


def test_city_document_has_the_plan_headings_properties_and_page_numbers(city_files):
    document = docx.Document(io.BytesIO(city_files.docx))
    assert city_files.docx_name == "全市脱贫劳动力就业帮扶工作情况通报（2026年10月）.docx"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == HEADINGS
    assert "（一）务工就业规模" in [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [p.text for p in document.paragraphs[:3]] == [
        "武汉市人力资源和社会保障局文件", "武人社通〔2026〕（请在此填写）号", "全市脱贫劳动力就业帮扶工作情况通报"]
    assert document.paragraphs[-1].text == "2026年11月5日"
    assert document.paragraphs[-2].text == "武汉市人力资源和社会保障局"
    props = document.core_properties
    assert props.title == "全市脱贫劳动力就业帮扶工作情况通报（2026年10月）" and props.category == "通报"
    assert "字体：" in props.comments and city_files.fonts.body in props.comments
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    assert len(document.inline_shapes) == 3  # trend, 同比 by district, 公益性岗位 by district
    placeholders = [p.text for p in document.paragraphs if p.text.startswith("（请在此填写）")]
    assert len(placeholders) == 3


def test_city_figures_equal_the_pages_answers(city_files, use_demo_lake):
    document = docx.Document(io.BytesIO(city_files.docx))
    tables = tables_by_title(document)
    params = {"month": MONTH, "districts": all_districts()}
    kpi = run("employment_kpis", params).iloc[0]
    key = verdicts.employment_baseline(2026)
    headline = sentences.scale_headline(MONTH, "全市", kpi, er.kpi_stability(kpi, key), key,
                                        er.baseline_month(MONTH, key))
    assert any(p.text.startswith(headline) for p in document.paragraphs)

    # 各区务工就业规模: every district's figures as 区域对比 answers them; 合计 = the overview's figure = the rows' sum
    scale = tables["各区务工就业规模"]
    comparison = run("district_comparison", {"months": [MONTH], "districts": all_districts()})
    by_name = {district_name(r["district_code"]): r for r in comparison.to_dict("records") if not r["is_total"]}
    employed, laborers = column(scale, "务工就业人数"), column(scale, "花名册人数")
    rows, total = scale[1:-1], scale[-1]
    assert total[0] == "合计" and len(rows) == sum(r["laborer_count"] > 0 for r in by_name.values())
    for row in rows:
        assert number(row[employed]) == by_name[row[1]]["employed_count"]
        assert number(row[laborers]) == by_name[row[1]]["laborer_count"]
    assert number(total[employed]) == kpi["employed_count"] == sum(number(r[employed]) for r in rows)
    ranks = [int(r[0]) for r in rows]
    assert ranks == sorted(ranks) and ranks[0] == 1

    # where people work: each household group's counts add up to the month's employed persons
    location = tables["务工就业人员按务工地点的构成"]
    assert number(location[-1][1]) + number(location[-1][3]) == kpi["employed_count"]
    assert sum(number(r[1]) for r in location[1:-1]) == number(location[-1][1])

    # 公益性岗位: each district and the total as assess.welfare judges the page's question
    m = welfare.measure(2026)
    districts, welfare_total = welfare.compare(run("welfare_posts_vs_last_year", params), 2026)
    placed = {district_name(r["district_code"]): r[m.this_year] for r in districts.to_dict("records")}
    table = next(v for k, v in tables.items() if k.startswith("各区公益性岗位"))
    j = column(table, "公益性岗位年内累计安置人数")
    assert {r[1]: number(r[j]) for r in table[1:-1]} == placed
    assert number(table[-1][j]) == welfare_total[m.this_year]

    # 年末预计: the same sentence as the 公益性岗位 and 就业规模稳定 pages (ui.projections over the same questions)
    _, projected = projections.table(run("welfare_monthly_progress", params), m.this_year, MONTH)
    assert any(p.text.startswith(f"全市公益性岗位年内累计安置人数{projections.sentence(projected, m.this_year)}")
               for p in document.paragraphs)
    _, projected = projections.table(run("employment_monthly_by_district", params), "employed_count", MONTH)
    assert any(p.text.startswith(f"全市务工就业人数{projections.sentence(projected, 'employed_count')}")
               for p in document.paragraphs)

    # subsidy audit: the per-district 合计 is the page's summary, and the districts add up to it
    found = audit.summary(subsidy_audit.flagged_claims(MONTH, all_districts()))
    by_district = tables["补贴核查疑点（按区）"]
    assert number(by_district[-1][2]) == found["flagged_claim_count"]
    assert sum(number(r[2]) for r in by_district[1:-1]) == found["flagged_claim_count"]
    assert sum(number(r[3]) for r in by_district[1:-1]) == pytest.approx(number(by_district[-1][3]), abs=len(
        by_district))
    by_rule = tables["补贴核查疑点（按规则）"]
    assert number(by_rule[-1][1]) == found["breach_claim_count"] == sum(number(r[1]) for r in by_rule[1:-1])
    # the demo plants breaches of the 灵活就业 caps, which the plan does not set: the note says they are local
    assert "“灵活就业补贴超标准”所用上限是本地参数" in text_of(docx.Document(io.BytesIO(city_files.docx)))

    # brands and returning entrepreneurs: 合计 as the questions answer it
    brands_table = tables["各劳务品牌就业情况"]
    brand_total = run("brand_performance", params | {"brands": [b["brand_name"] for b in reference.labor_brands()]})
    assert number(brands_table[-1][column(brands_table, "品牌成员人数")]) == brand_total.loc[
        brand_total["is_total"], "member_count"].iloc[0]
    startups = tables["各区返乡创业情况"]
    people = run("entrepreneurs_by_town", params)
    assert number(startups[-1][column(startups, "返乡创业人数")]) == people["entrepreneur_count"].sum()


def test_pdf_has_the_same_text(city_files):
    reader = pypdf.PdfReader(io.BytesIO(city_files.pdf))
    # Chromium maps some CJK glyphs of Noto to their Kangxi radical code points (⼒ for 力); NFKC folds them back.
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages)))
    document = docx.Document(io.BytesIO(city_files.docx))
    for heading in HEADINGS:
        assert heading in text
    assert "全市脱贫劳动力就业帮扶工作情况通报" in text and "—1—" in text
    total = tables_by_title(document)["各区务工就业规模"][-1]
    assert "".join(total).replace(" ", "") in text  # the 合计 row, cell after cell
    assert len(reader.pages) > 3


def test_district_document_shows_only_its_district_beside_the_city(district_files, use_demo_lake):
    built = district_files
    document = docx.Document(io.BytesIO(built.docx))
    assert built.docx_name == "黄陂区脱贫劳动力就业帮扶工作情况通报（2026年10月）.docx"
    text = text_of(document)
    others = [name for code, name in reference.district_names().items() if code != HUANGPI]
    assert [name for name in others if name in text] == []
    scale = tables_by_title(document)["黄陂区务工就业规模"]
    assert [r[1] for r in scale[1:]] == ["黄陂区", "—"] and scale[-1][0] == "全市"
    mine = run("employment_kpis", {"month": MONTH, "districts": [HUANGPI]}).iloc[0]
    city = run("employment_kpis", {"month": MONTH, "districts": all_districts()}).iloc[0]
    j = column(scale, "务工就业人数")
    assert number(scale[1][j]) == mine["employed_count"] and number(scale[2][j]) == city["employed_count"]
    assert int(scale[1][0]) >= 1  # its rank among all districts
    assert document.paragraphs[-2].text == "武汉市黄陂区人力资源和社会保障局"


def test_without_chromium_the_document_has_tables_only_and_says_why(use_demo_lake, monkeypatch):
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    built = make(MONTH, [HUANGPI])
    document = docx.Document(io.BytesIO(built.docx))
    assert built.pdf is None and len(document.inline_shapes) == 0 and document.tables
    assert any("未找到 Chromium" in p.text for p in document.paragraphs)
    assert any("未找到 Chromium" in m for m in built.messages)


def incomplete_lake(make_lake):
    """蔡甸区 reports September and October, 黄陂区 only September."""
    return make_lake({"laborers": [
        person("2026-09", "p1"), person("2026-10", "p1"),
        person("2026-09", "p2", district_code=HUANGPI, town_code="420116001"),
    ]})


def test_an_incomplete_month_is_refused_naming_the_district(make_lake):
    lake = incomplete_lake(make_lake)
    with pytest.raises(IncompleteMonth, match="黄陂区") as refused:
        make(MONTH)
    assert refused.value.missing == [HUANGPI]
    done = subprocess.run([sys.executable, "-m", "ui.briefing", "--month", MONTH, "--out", str(lake.parent / "out")],
                          cwd=PROJECT, capture_output=True, text=True, env={"LAKE_DIR": str(lake), "PATH": "/usr/bin"})
    assert done.returncode == 2
    assert "黄陂区" in done.stderr and "没有本月脱贫劳动力花名册" in done.stderr
    assert not (lake.parent / "out").exists()


def test_allowed_incomplete_month_says_what_is_missing_on_the_first_page(make_lake, monkeypatch):
    incomplete_lake(make_lake)
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")  # tables only: quicker, and the notice comes first
    built = make(MONTH, allow_incomplete=True)
    document = docx.Document(io.BytesIO(built.docx))
    first = [p.text for p in document.paragraphs[:6]]
    assert any(t.startswith("特别说明") and "黄陂区" in t for t in first)


def test_overview_button_builds_the_briefing_with_what_was_written_in_and_offers_both_files(use_demo_lake):
    at = open_app()
    at.text_input(key="overview_briefing_number").input("十二").run()
    at.button(key="overview_briefing_build").click().run()
    assert "文号“十二”无法识别" in at.error[0].value and STATE_KEY not in at.session_state
    at.text_input(key="overview_briefing_number").input("12")
    at.text_area(key="overview_briefing_next_steps").input("各区本月底前报送帮扶计划。\n\n核实补贴疑点。").run()
    at.button(key="overview_briefing_build").click().run()
    assert_clean(at)
    downloads = at.get("download_button")
    names = [d.proto.label for d in downloads]
    assert "下载 Word（.docx）" in names and "下载 PDF" in names
    built = at.session_state[STATE_KEY][1]
    assert built.briefing.doc_number == f"武人社通〔{date.today().year}〕12号" and not built.briefing.is_draft
    text = text_of(docx.Document(io.BytesIO(built.docx)))
    assert "各区本月底前报送帮扶计划。" in text and "核实补贴疑点。" in text and "请在此填写" not in text


def test_the_gate_answers_ranks_over_every_district_but_returns_only_the_scope(use_demo_lake):
    """`run_ranked`: the derivation sees every district, the district officer gets their row and the city's."""
    seen = {}

    def derive(answer):
        seen["districts"] = set(answer["district_code"].dropna())
        return answer.assign(rank=answer["laborer_count"].rank(ascending=False, method="min"))

    with acting_for(Scope((HUANGPI,))):
        mine = run_ranked("district_comparison", {"months": [MONTH], "districts": [HUANGPI]}, derive)
        with pytest.raises(ValueError, match="RANKED_OVER_EVERY_DISTRICT"):
            run_ranked("employment_kpis", {"month": MONTH, "districts": [HUANGPI]}, derive)
    assert seen["districts"] == set(all_districts())
    assert list(mine["district_code"].fillna("全市")) == [HUANGPI, "全市"]
    everyone = run("district_comparison", {"months": [MONTH], "districts": all_districts()})
    assert mine["laborer_count"].iloc[1] == everyone.loc[everyone["is_total"], "laborer_count"].iloc[0]


def briefing_entries(username: str):
    log = access_log.read(access_log.LogFilter(username=username, actions=("briefing",)))
    return [json.loads(p) | {"scope": s} for p, s in zip(log["parameters"], log["scope"], strict=True)]


def test_a_district_officers_button_builds_their_district_ranked_among_all_watermarked_and_logged(use_demo_lake):
    before = len(briefing_entries("huangpi"))
    at = open_app(user="huangpi")
    at.button(key="overview_briefing_build").click().run()
    assert_clean(at)
    built = at.session_state[STATE_KEY][1]
    assert built.briefing.districts == (HUANGPI,) and built.docx_name.startswith("黄陂区")
    document = docx.Document(io.BytesIO(built.docx))
    text = text_of(document)
    assert [name for code, name in reference.district_names().items() if code != HUANGPI and name in text] == []
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("黄陂区人力资源和社会保障局 黄陂区专员（演示）（huangpi） ")
    assert "专员(演示)(huangpi)" in unicodedata.normalize(
        "NFKC", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(built.pdf)).pages))
    # its rank is among all districts (as 区域对比 ranks the city), its 全市 row the city's figure
    everyone = run("district_comparison", {"months": [MONTH], "districts": all_districts()})
    city_ranks = ranking.ranked(everyone, None, "employed_count", 2026)
    scale = tables_by_title(document)["黄陂区务工就业规模"]
    j = column(scale, "务工就业人数")
    assert int(scale[1][0]) == int(city_ranks.set_index("district_code").loc[HUANGPI, "rank"])
    assert scale[-1][0] == "全市"
    assert number(scale[-1][j]) == everyone.loc[everyone["is_total"], "employed_count"].iloc[0]
    entries = briefing_entries("huangpi")
    assert len(entries) == before + 1
    assert entries[0] | {"data_version": None} == {
        "month": built.briefing.month, "districts": [HUANGPI], "data_version": None, "scope": "黄陂区",
        "files": [built.docx_name, built.pdf_name], "watermarked": True}
    assert entries[0]["data_version"] == built.briefing.data_version


def test_the_citys_document_has_no_watermark_and_the_command_line_is_logged_as_itself(use_demo_lake, monkeypatch):
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")  # tables only: quicker
    leader = next(u for u in accounts.DEMO_ACCOUNTS if u.username == "leader")
    built = make(MONTH, user=leader)
    assert [p.text for p in docx.Document(io.BytesIO(built.docx)).sections[0].header.paragraphs] == ["征求意见稿"]
    assert briefing_entries("leader")[0]["watermarked"] is False
    make(MONTH, [HUANGPI])
    cli = hooks.command_line_user()
    assert cli.startswith("cli:") and briefing_entries(cli)[0]["districts"] == [HUANGPI]


# Identifiers a reader must never meet: snake_case settings and columns, table names, file paths, any ASCII word.
ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:[./][A-Za-z0-9_]+)*")


def test_the_scan_for_internal_names_finds_them():
    found = ASCII_NAME.findall("花名册中 employed 为真的人数（政策参数 employment_baseline，见 docs/metrics.md）")
    assert found == ["employed", "employment_baseline", "docs/metrics.md"]


def test_no_internal_names_in_the_documents(city_files, district_files):
    for built in (city_files, district_files):
        for medium, text in (("Word", all_docx_text(docx.Document(io.BytesIO(built.docx)))),
                             ("PDF", "\n".join(pdf_pages(built.pdf)))):
            assert sorted(set(ASCII_NAME.findall(text))) == [], f"{built.docx_name} ({medium})"


TICK = re.compile(r'<g class="([xy])tick"><text ([^>]*)>([^<]*)</text>')


def tick_labels(svg: bytes) -> list[tuple[str, dict, str]]:
    """(axis, attributes, text) of every tick label a plotly SVG draws."""
    return [(axis, dict(re.findall(r'([\w-]+)="([^"]*)"', attrs)), label)
            for axis, attrs, label in TICK.findall(svg.decode("utf-8"))]


def inside(svg: bytes, attrs: dict, label: str) -> bool:
    """Whether a tick label, set in the chart's font, lies wholly within the SVG's width."""
    shift = re.search(r"translate\(([-\d.]+),", attrs.get("transform", ""))
    x = float(attrs["x"]) + (float(shift.group(1)) if shift else 0.0)
    size_px = float(re.search(r"font-size: ([\d.]+)px", attrs["style"]).group(1))
    width = width_mm(label, "Noto Sans CJK SC", size_px * 0.75) / MM_PER_PT / 0.75
    left = {"end": x - width, "middle": x - width / 2}.get(attrs.get("text-anchor"), x)
    return left >= 0 and left + width <= float(re.search(rb'width="([\d.]+)"', svg).group(1))


def page_with(pages: list[str], caption: str) -> str:
    return next(page for page in pages if caption in re.sub(r"\s+", "", page))


def as_printed(label: str) -> str:
    """A pattern for `label` in a PDF's text. Chromium writes some ideographs as the CJK radical that shares their
    glyph in Noto CJK (⻩ U+2EE9 for 黄); NFKC folds the Kangxi radicals back but not the supplement's, so a radical
    stands for any ideograph here (docs/architecture.md, 通报); spaces as any run of white space."""
    folded = unicodedata.normalize("NFKC", label)  # as pdf_pages folds the page: ，to , and ⼒ to 力
    return "".join(r"\s+" if c.isspace() else f"[{re.escape(c)}\u2e80-\u2eff]" for c in folded)


def on_page(label: str, page: str) -> bool:
    return re.search(as_printed(label), page) is not None


def test_chart_labels_are_inside_the_charts_and_text_on_the_page_that_holds_them(city_files):
    pages = pdf_pages(city_files.pdf)
    trend, yoy, welfare_chart = city_files.charts
    # figure 2: every district of the chart named, on figure 2's page, none cut off at the edge
    names = [(attrs, label) for axis, attrs, label in tick_labels(yoy.svg) if axis == "y"]
    assert {label for _, label in names} == set(city_files.briefing.charts()[1].figure.data[0].y)
    page = page_with(pages, "图2")
    assert [label for _, label in names if not on_page(label, page)] == []
    assert [label for attrs, label in names if not inside(yoy.svg, attrs, label)] == []
    # figures 1 and 3: every tick number, on the figure's page and inside the chart
    for drawn, caption in ((trend, "图1"), (welfare_chart, "图3")):
        numbers = [(attrs, label) for _, attrs, label in tick_labels(drawn.svg) if re.fullmatch(r"[−\d,.]+", label)]
        assert len(numbers) >= 3
        page = page_with(pages, caption)
        assert [label for _, label in numbers if not on_page(label, page)] == []
        assert [label for attrs, label in numbers if not inside(drawn.svg, attrs, label)] == []
    # Word has the same charts at 300 dpi across the text column
    document = docx.Document(io.BytesIO(city_files.docx))
    for shape, drawn in zip(document.inline_shapes, city_files.charts, strict=True):
        assert round(shape.width.mm) == images.WIDTH_MM
        with Image.open(io.BytesIO(drawn.png)) as png:
            assert round(png.width / (images.WIDTH_MM / 25.4)) == 300


def test_tables_repeat_their_header_never_split_a_row_and_keep_names_and_figures_whole(city_files):
    document = docx.Document(io.BytesIO(city_files.docx))
    text = "\n".join(pdf_pages(city_files.pdf))
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        for row in table.rows[1:]:
            printed = [cell.text for cell in row.cells if cell.text]
            if not any("\n" in cell for cell in printed):  # a row of one-line cells prints as one line of text
                assert re.search(r"(^|\n)" + r"\s+".join(map(as_printed, printed)) + r"\s*(\n|$)", text), printed
            for cell in row.cells:
                figure = re.fullmatch(r"-?[\d,.]+", cell.text)
                if figure or len(cell.text) <= 8:
                    assert "\n" not in cell.text, cell.text
                if figure:
                    assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    scale = tables_by_title(document)["各区务工就业规模"]
    assert "务工就业人数（人）" in [h.replace("\n", "") for h in scale[0]]
    assert all(not cell.endswith("人") for row in scale[1:] for cell in row)  # the unit is in the header only


def test_a_document_with_placeholders_is_a_draft_on_every_page_and_a_completed_one_is_not(city_files,
                                                                                         completed_city):
    draft = pdf_pages(city_files.pdf)
    assert all(on_page("征求意见稿", page) for page in draft) and on_page("请在此填写", "".join(draft))
    assert "征求意见稿" in [p.text for p in docx.Document(io.BytesIO(city_files.docx)).sections[0].header.paragraphs]
    done = pdf_pages(completed_city.pdf)
    assert not any(on_page("征求意见稿", page) for page in done) and not on_page("请在此填写", "".join(done))
    assert on_page("武人社通〔2026〕12号", done[0])
    document = docx.Document(io.BytesIO(completed_city.docx))
    assert [p.text for p in document.sections[0].header.paragraphs] == [""]
    assert document.paragraphs[1].text == "武人社通〔2026〕12号"
    # one browser drew the charts and printed the PDF (choreographer starts Chromium through a wrapper script)
    assert len([args for args in completed_city.started if "chromium" in str(args)]) == 1
    # the 落款 sits on the page of the last paragraph, and Word keeps them together
    last = re.sub(r"\s+", "", done[-1])
    assert on_page(briefing_look.NEXT_STEPS[-1][-10:], last)
    assert on_page("武汉市人力资源和社会保障局2026年11月5日", last)
    assert [p.paragraph_format.keep_with_next for p in document.paragraphs[-4:]] == [True, True, True, False]


def test_the_number_is_written_in_after_the_units_prefix_and_the_year():
    city = Briefing("2026-10", None, "全市", "通报", "武汉市人力资源和社会保障局", date(2026, 11, 5), True, [], "v")
    assert issuing.number_text(city, "12") == "武人社通〔2026〕12号"
    assert issuing.number_text(city, " ") == "武人社通〔2026〕（请在此填写）号"
    assert issuing.number_text(city, "武人社通〔2026〕7号") == "武人社通〔2026〕7号"
    with pytest.raises(ValueError, match="文号“十二”无法识别"):
        issuing.number_text(city, "十二")
    huangpi = Briefing("2026-10", (HUANGPI,), "黄陂区", "通报", "武汉市黄陂区人力资源和社会保障局", date(2026, 11, 5),
                       True, [], "v")
    with pytest.raises(ValueError, match="黄陂区没有设置发文字号代字"):
        issuing.number_text(huangpi, "3")
    issuing.apply(huangpi, "陂人社通〔2026〕3号")
    assert (huangpi.masthead, huangpi.doc_number) == ("武汉市黄陂区人力资源和社会保障局文件", "陂人社通〔2026〕3号")


def test_a_briefing_on_several_districts_is_the_city_bureaus(use_demo_lake):
    """Several districts chosen by the city: the 通报 is issued by the city bureau (no "武汉市黄陂区、新洲区人力资源和
    社会保障局", which does not exist); one district's is that district bureau's."""
    several = build_content("2026-10", [HUANGPI, "420117"], allow_incomplete=True)
    issuing.apply(several, "12")
    assert several.issuer == "武汉市人力资源和社会保障局"
    assert (several.masthead, several.doc_number) == ("武汉市人力资源和社会保障局文件", "武人社通〔2026〕12号")
    assert build_content("2026-10", [HUANGPI], allow_incomplete=True).issuer == "武汉市黄陂区人力资源和社会保障局"


def test_every_page_of_the_city_and_a_district_document_renders(city_files, district_files, tmp_path):
    for name, built in (("city", city_files), ("district", district_files)):
        pngs = briefing_look.pages_to_png(built.pdf, tmp_path, name)
        assert len(pngs) == len(pypdf.PdfReader(io.BytesIO(built.pdf)).pages) > 3
        for png in pngs:
            with Image.open(png) as page:
                assert round(page.height / page.width, 2) == round(297 / 210, 2)
                assert page.convert("L").getextrema()[0] < 64  # something is printed on it


def test_every_table_is_set_in_five_hao_in_word_and_in_the_pdf(city_files, district_files):
    """One size for every table (五号, as the body of a chart): a wide table is fitted by its column widths or split
    by columns, never set smaller."""
    for built in (city_files, district_files):
        document = docx.Document(io.BytesIO(built.docx))
        sizes = {run.font.size.pt for table in document.tables for row in table.rows for cell in row.cells
                 for p in cell.paragraphs for run in p.runs if run.text}
        assert sizes == {10.5}, built.docx_name
        assert min(printed_sizes_pt(built.pdf)) >= 10.4, built.pdf_name  # nothing in the PDF is set smaller


def printed_sizes_pt(printed: bytes) -> set[float]:
    """The size every piece of text of `printed` is printed at (its font size scaled by the text matrix times the
    drawing matrix; a turned axis title keeps its size), to a tenth of a point."""
    sizes = set()

    def seen(text, cm, tm, _font, size):
        if text.strip():  # the y scale of tm·cm: the length its second row maps to
            sizes.add(round(size * math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]), 1))

    for page in pypdf.PdfReader(io.BytesIO(printed)).pages:
        page.extract_text(visitor_text=seen)
    return sizes


# Figures of the 通报's own tables, fourteen of them side by side: too wide for the 156 mm text column in 五号.
WIDE = ["laborer_count", "employed_count", "employed_count_last_year", "employed_yoy_count", "threshold_count",
        "able_willing_count", "able_willing_employed_count", "entrepreneur_count", "in_park_count", "not_in_park_count",
        "employed_by_entrepreneurs_count", "member_count", "flagged_claim_count", "at_risk_yuan"]


def wide_table(figures: list[str]) -> Table:
    rows = [{"rank": n, "district_name": name} | {c: 12345 + n for c in figures}
            for n, name in enumerate(["黄陂区", "新洲区", "东西湖区"], start=1)]
    return Table("各区宽表", ["rank", "district_name", *figures], rows, [{c: 99999 for c in figures}], "2026年10月",
                 "口径说明。")


def test_a_table_too_wide_for_the_text_column_is_split_by_columns_each_part_in_five_hao():
    family = fonts.choose().body
    narrow = wide_table(WIDE[:3])
    assert cells.parts(narrow, family) == [narrow]
    table = wide_table(WIDE)
    parts = cells.parts(table, family)
    assert len(parts) >= 2
    for part in parts:
        laid = cells.layout(part, family)
        assert part.columns[:2] == ["rank", "district_name"] and laid.size_pt == 10.5
        assert sum(laid.widths_mm) <= cells.TEXT_WIDTH_MM + 0.01
    assert [c for part in parts for c in part.columns[2:]] == table.columns[2:]  # every figure once, in order
    assert [cells.note(part) for part in parts][-1] == cells.note(table) and not cells.note(parts[0])
    assert [cells.body(part)[-1][0] for part in parts] == ["合计"] * len(parts)
    briefing = Briefing("2026-10", None, "全市", "通报", "武汉市人力资源和社会保障局", date(2026, 11, 5), True, [], "v",
                        [Block("table", table=table)])
    captions = [p.text for p in docx.Document(io.BytesIO(word.render(briefing, [], fonts.choose()))).paragraphs
                if "各区宽表" in p.text]
    assert captions == ["表1　各区宽表"] + ["续表1　各区宽表"] * (len(parts) - 1)
    page = pdf.to_html(briefing, [], fonts.choose())
    assert page.count("续表1　各区宽表") == len(parts) - 1 and page.count("font-size:10.5pt") == len(parts)


def failing_chromium(tmp_path):
    """A 'Chromium' that exits at once, writing a line to a file each time it is started."""
    starts = tmp_path / "starts"
    browser = tmp_path / "chromium"
    browser.write_text(f"#!/bin/sh\necho started >> {starts}\necho 'a crash, as Chromium would say it' >&2\nexit 1\n")
    browser.chmod(0o755)
    return browser, starts


def test_a_browser_that_fails_is_tried_once_more_and_then_told_in_chinese_without_a_traceback(
        use_demo_lake, monkeypatch, tmp_path, capfd):
    browser, starts = failing_chromium(tmp_path)
    monkeypatch.setenv("CHROMIUM", str(browser))
    built = make(MONTH, [HUANGPI])
    assert built.pdf is None and built.charts == [] and built.docx
    assert len(starts.read_text().splitlines()) == 4  # the charts' browser twice, then the printing browser twice
    assert images.FAILED in built.messages and pdf.FAILED in built.messages
    said = capfd.readouterr()
    assert "Traceback" not in said.err and "Error" not in said.err, said.err[-2000:]
    for message in built.messages:  # no class name, no path: only the names of the two files
        assert set(ASCII_NAME.findall(message)) <= {"Word", "PDF"}, message


def test_what_the_chart_libraries_log_never_reaches_stderr(capfd):
    images.library_logs_to_debug()
    try:
        raise ValueError("Expecting value: line 1 column 1 (char 0)")
    except ValueError:
        logging.getLogger("choreographer.channels.pipe").exception("JSONError decoding message. Ignoring")
        logging.getLogger("kaleido._utils").error("task raised error.", exc_info=True)
    assert capfd.readouterr().err == ""


def test_a_districts_titles_are_its_own_and_a_sentence_gives_its_standing(district_files):
    """Nothing in 黄陂区's 通报 is titled 各区…: its tables, figures and headings are its own, and where the city's
    通报 lists the districts, a sentence gives 黄陂区's figure beside the city's and its rank."""
    document = docx.Document(io.BytesIO(district_files.docx))
    titles = [p.text for p in document.paragraphs if re.match(r"(续?表|图)\d+　", p.text) or p.style.name.startswith(
        "Heading")]
    assert len(titles) > 10 and [t for t in titles if "各区" in t] == []
    assert "表1　黄陂区务工就业规模" in titles
    text = "\n".join(p.text for p in document.paragraphs)
    assert "各区" not in text  # nor in what the person issuing it is asked to write in
    assert re.search(r"黄陂区务工就业人数 [\d,]+ 人（全市 [\d,]+ 人），在全市 \d 个有脱贫劳动力的区中列第 \d 位", text)


def y_title_gap_px(svg: bytes) -> float:
    """The room between a plotly chart's y-axis title (set vertically) and the widest of its tick labels."""
    drawn = svg.decode("utf-8")
    title = re.search(r'<g class="g-ytitle"(?: transform="translate\(([-\d.]+),[^"]*")?><text class="ytitle"[^>]* '
                      r'x="([-\d.]+)"[^>]*font-size: ([\d.]+)px', drawn)
    size_px = float(title.group(3))
    title_right = float(title.group(1) or 0) + float(title.group(2)) + 0.12 * size_px  # the ideographs' descent
    lefts = []
    for _, attrs, label in (t for t in tick_labels(svg) if t[0] == "y"):
        shift = re.search(r"translate\(([-\d.]+),", attrs.get("transform", ""))
        width = width_mm(label, "Noto Sans CJK SC", size_px * 0.75) / MM_PER_PT / 0.75
        lefts.append(float(attrs["x"]) + (float(shift.group(1)) if shift else 0.0) - width)
    return min(lefts) - title_right


def test_the_y_axis_titles_stand_clear_of_their_tick_labels(city_files):
    trend, _, welfare_chart = city_files.charts
    assert y_title_gap_px(trend.svg) >= 8 and y_title_gap_px(welfare_chart.svg) >= 8  # ≈ 2 mm on the page


def blank_below_text(png) -> float:
    """How much of a page's text column (GB/T 9704: 37 mm from the top, 35 mm from the bottom) is empty below the
    last thing printed in it, as a share of the column's height."""
    with Image.open(png) as page:
        grey = page.convert("L")
        top, bottom = round(grey.height * 37 / 297), round(grey.height * (297 - 35) / 297)
        inked = grey.crop((0, top, grey.width, bottom)).point(lambda v: 255 if v < 128 else 0).getbbox()
        return 1.0 if inked is None else (bottom - top - inked[3]) / (bottom - top)


def test_no_page_but_the_last_is_left_a_quarter_empty(city_files, district_files, tmp_path):
    """A table of more than a few rows breaks across pages (its header repeated) rather than leaving the page before
    it half empty, as 黄陂区's 通报 did."""
    for name, built in (("city", city_files), ("district", district_files)):
        pages = briefing_look.pages_to_png(built.pdf, tmp_path, name)
        assert [(n, round(blank_below_text(png), 2)) for n, png in enumerate(pages[:-1], start=1)
                if blank_below_text(png) > 0.25] == [], built.pdf_name
