"""通报表扬: the document publishing a year's 示范乡镇 list, as Word and PDF from the same blocks, laid out by the
monthly 通报's renderers (ui.briefing.word, ui.briefing.pdf) with the same fonts and printing Chromium."""

from dataclasses import dataclass
from datetime import date

from queries import engine
from store.selection import Document as Issued
from ui.briefing import DOCX_MIME, fonts, images, pdf, word
from ui.briefing.content import CITY_ISSUER, Block, Briefing, Table, date_text
from ui.labels import district_name, in_beijing, town_name
from ui.selection_text import selection_districts

WORK_PLAN = "《加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴工作方案》"
HONOUR = "“就业帮扶助力乡村振兴示范乡镇”"  # the plaque's words in the work plan


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


def _named(towns: list[tuple[str, str]]) -> str:
    return "、".join(f"{district_name(d)}{town_name(t)}" for d, t in towns)


def _list_blocks(year: int, awarded: list[tuple], issued_on: date, heading: str) -> list[Block]:
    rows = [{"rank": i + 1, "district_name": district_name(d), "town_name": town_name(t)}
            for i, (d, t) in enumerate(awarded)]
    return [Block("heading1", heading),
            Block("table", table=Table(f"{year}年度{HONOUR}名单", ["rank", "district_name", "town_name"], rows, [],
                                       date_text(issued_on),
                                       "经乡镇申请、区级初审择优推荐、市级复核确认；排序按区及区内推荐位次。"))]


def _first(year: int, awarded: list[tuple]) -> list[Block]:
    districts = "、".join(district_name(d) for d in selection_districts())
    return [
        Block("paragraph", f"按照{WORK_PLAN}要求，{year}年度示范乡镇推选活动按照乡镇申请、区级初审、市级复核的程序，"
                           f"在{districts}开展。经各区按照推选标准择优推荐、市人社局复核，{_named(awarded)}共"
                           f"{len(awarded)}个乡镇（街道）达到推选标准，确定为{year}年度{HONOUR}。"),
        Block("paragraph", f"为树立典型、激励先进，市人社局决定对以上{len(awarded)}个乡镇（街道）予以通报表扬，并颁授"
                           f"{HONOUR}牌匾。"),
    ]


def _correction(year: int, awarded: list[tuple], version_no: int, reason: str, previous: Issued | None) -> list:
    """What a correction says: which version it corrects, why, who loses and who gains the honour, and the list as
    it stands now — or, when no town is left, that the year now has none (the earlier versions stay as issued)."""
    before = list(previous.towns) if previous is not None else []
    revoked = [t for t in before if t not in awarded]
    added = [t for t in awarded if t not in before]
    corrected = (f"市人社局于{date_text(in_beijing(previous.issued_at).date())}印发的第 {previous.version_no} 版通报"
                 if previous is not None else f"此前印发的{year}年度示范乡镇通报")
    changes = []
    if revoked:
        changes.append(f"撤销{_named(revoked)}的{year}年度{HONOUR}称号及通报表扬，收回牌匾")
    if added:
        changes.append(f"确定{_named(added)}为{year}年度{HONOUR}，予以通报表扬并颁授牌匾")
    now = (f"更正后，{year}年度{HONOUR}为{_named(awarded)}，共{len(awarded)}个乡镇（街道），名单见下表。" if awarded
           else f"更正后，{year}年度无乡镇（街道）获评{HONOUR}，此前通报表扬的名单不再有效。")
    return [
        Block("paragraph", f"经复核，现对{corrected}予以更正。更正理由：{reason}。"),
        Block("paragraph", "；".join(changes) + "。" if changes else "名单不变。"),
        Block("paragraph", now),
        Block("paragraph", f"本通报为第 {version_no} 版，此前各版本按印发时原样留存备查。"),
    ]


def content(year: int, awarded: list[tuple], issued_on: date, version_no: int = 1, reason: str = "",
            previous: Issued | None = None) -> Briefing:
    """The 通报表扬's blocks: `awarded` is [(district_code, town_code)] in published order. A version after the first
    is a correction of `previous` (the version before it): it says why, who lost and who gained the honour, and the
    list as it stands now — also when the correction leaves no town (the year then has none, and the document says
    so instead of praising nobody)."""
    state = engine.lake_state()
    if version_no == 1:
        title = f"关于对{year}年度{HONOUR}予以通报表扬的通报"
        body = [*_first(year, awarded), *_list_blocks(year, awarded, issued_on, f"一、{year}年度示范乡镇名单")]
    else:
        title = f"关于更正{year}年度{HONOUR}名单的通报（第{version_no}版）"
        body = _correction(year, awarded, version_no, reason, previous)
        if awarded:
            body += _list_blocks(year, awarded, issued_on, f"一、更正后的{year}年度示范乡镇名单")
    blocks = [Block("salutation", "各区人力资源和社会保障局："), *body]
    if awarded:
        blocks += [
            Block("heading1", "二、有关要求"),
            Block("paragraph", "希望受到表扬的乡镇（街道）珍惜荣誉、再接再厉，持续做好脱贫劳动力就业帮扶工作，发挥示范"
                               "带动作用。各区要认真总结推广示范乡镇（街道）的经验做法，推动就业帮扶工作提质增效。"),
        ]
    return Briefing(month=f"{issued_on:%Y-%m}", districts=None, scope_label="全市", title=title, issuer=CITY_ISSUER,
                    issued_on=issued_on, is_demo=state.is_demo, missing=[], data_version=state.version, blocks=blocks)


def make(year: int, issued: Issued, previous: Issued | None = None) -> Document:
    """One issued version of the 通报表扬 as .docx and .pdf bytes, from its list and date as issued (`previous`: the
    version it corrects, for a version after the first); no PDF without Chromium (`messages` says so)."""
    briefing = content(year, list(issued.towns), in_beijing(issued.issued_at).date(), issued.version_no, issued.reason,
                       previous)
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
