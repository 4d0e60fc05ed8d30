"""通报表扬: the document publishing a year's 示范乡镇 list, as Word and PDF from the same blocks, laid out by the
monthly 通报's renderers (ui.briefing.word, ui.briefing.pdf) with the same fonts and printing Chromium."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from queries import engine
from store.selection import Document as Issued
from ui.briefing import DOCX_MIME, fonts, images, pdf, word
from ui.briefing.content import CITY_ISSUER, Block, Briefing, Table, date_text
from ui.labels import district_name, town_name
from ui.selection_text import selection_districts

WORK_PLAN = "《加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴工作方案》"
HONOUR = "“就业帮扶助力乡村振兴示范乡镇”"  # the plaque's words in the work plan
BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass
class Document:
    briefing: Briefing
    docx: bytes
    pdf: bytes | None  # None without Chromium
    messages: list[str]

    @property
    def docx_name(self) -> str:
        return f"{self.briefing.title}.docx"

    @property
    def pdf_name(self) -> str:
        return f"{self.briefing.title}.pdf"


def content(year: int, awarded: list[tuple], issued_on: date, version_no: int = 1, reason: str = "") -> Briefing:
    """The 通报表扬's blocks: `awarded` is [(district_code, town_code)] in published order; a version after the
    first says it corrects the one before and why."""
    towns = [(district_name(d), town_name(t)) for d, t in awarded]
    named = "、".join(f"{d}{t}" for d, t in towns)
    districts = "、".join(district_name(d) for d in selection_districts())
    rows = [{"rank": i + 1, "district_name": d, "town_name": t} for i, (d, t) in enumerate(towns)]
    state = engine.lake_state()
    suffix = f"（第{version_no}版）" if version_no > 1 else ""
    correction = [Block("paragraph", f"（第 {version_no} 版：更正此前发布的版本。更正理由：{reason}。此前各版本按发布时"
                                     f"原样留存。）")] if version_no > 1 else []
    blocks = [
        Block("salutation", "各区人力资源和社会保障局："),
        *correction,
        Block("paragraph", f"按照{WORK_PLAN}要求，{year}年度示范乡镇推选活动按照乡镇申请、区级初审、市级复核的程序，"
                           f"在{districts}开展。经各区按照推选标准择优推荐、市人社局复核，{named}共{len(towns)}个"
                           f"乡镇（街道）达到推选标准，确定为{year}年度{HONOUR}。"),
        Block("paragraph", f"为树立典型、激励先进，市人社局决定对以上{len(towns)}个乡镇（街道）予以通报表扬，并颁授"
                           f"{HONOUR}牌匾。"),
        Block("heading1", f"一、{year}年度示范乡镇名单"),
        Block("table", table=Table(f"{year}年度{HONOUR}名单", ["rank", "district_name", "town_name"],
                                   rows, [], date_text(issued_on),
                                   "经乡镇申请、区级初审择优推荐、市级复核确认；排序按区及区内推荐位次。")),
        Block("heading1", "二、有关要求"),
        Block("paragraph", "希望受到表扬的乡镇（街道）珍惜荣誉、再接再厉，持续做好脱贫劳动力就业帮扶工作，发挥示范带动"
                           "作用。各区要认真总结推广示范乡镇（街道）的经验做法，推动就业帮扶工作提质增效。"),
    ]
    return Briefing(month=f"{issued_on:%Y-%m}", districts=None, scope_label="全市",
                    title=f"关于对{year}年度{HONOUR}予以通报表扬的通报{suffix}", issuer=CITY_ISSUER,
                    issued_on=issued_on, is_demo=state.is_demo, missing=[],
                    data_version=state.version, blocks=blocks)


def make(year: int, issued: Issued) -> Document:
    """One issued version of the 通报表扬 as .docx and .pdf bytes, from its list and date as issued (no PDF without
    Chromium; `messages` says so)."""
    issued_on = issued.issued_at.astimezone(BEIJING).date()
    briefing = content(year, list(issued.towns), issued_on, issued.version_no, issued.reason)
    chosen = fonts.choose()
    docx = word.render(briefing, [], chosen)
    browser, messages, pdf_bytes = images.chromium(), [], None
    if browser is None:
        messages.append("未找到 Chromium，未生成 PDF 版。")
    else:
        try:
            pdf_bytes = pdf.print_pdf(pdf.to_html(briefing, [], chosen), browser)
        except pdf.PrintFailed as exc:
            messages.append(str(exc))
    return Document(briefing, docx, pdf_bytes, messages)


__all__ = ["DOCX_MIME", "Document", "content", "make"]
