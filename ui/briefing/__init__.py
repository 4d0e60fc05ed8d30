"""通报: the monthly briefing as Word and PDF, built from the same questions, judgements and wording as the pages.

- `content.build` assembles the blocks (headings, sentences, tables, charts) — the only place figures are asked;
- `issuing` gives it its 版头: the 发文机关标志 and the 发文字号 with the number the person issuing it wrote in;
- `images.drawn_and_pdf` exports the charts with kaleido and the system Chromium (PNG for Word, SVG for the PDF)
  and prints the PDF in the same browser;
- `word.render` and `pdf.to_html` / `pdf.print_pdf` lay the same blocks out (python-docx; Chromium printing HTML),
  the tables set alike by `cells.layout`;
- `hooks` the watermark (a district officer's copy) and the access-log entry of each build;
- `make` does all of it; `python -m ui.briefing` (make briefing) and `button.offer` (the pages) call `make`.

It lives in ui/ because it is what a person sees (words, tables, charts) and the pages' button must reach it: it may
import assess, queries and lake, and nothing below imports it.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from store.accounts import User
from ui.briefing import content, fonts, hooks, images, issuing, pdf, word
from ui.briefing.content import Briefing, IncompleteMonth

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Built:
    briefing: Briefing
    docx: bytes
    pdf: bytes | None  # None when Chromium is missing
    fonts: fonts.Fonts
    messages: list[str] = field(default_factory=list)  # what the reader should know: no charts, no PDF, missing data
    charts: list[images.Drawn] = field(default_factory=list)  # the charts as drawn into both files

    @property
    def docx_name(self) -> str:
        return f"{self.briefing.file_stem}.docx"

    @property
    def pdf_name(self) -> str:
        return f"{self.briefing.file_stem}.pdf"

    def write(self, folder: Path) -> list[Path]:
        """Write the files into `folder` (made if missing); the paths written."""
        folder.mkdir(parents=True, exist_ok=True)
        out = [folder / self.docx_name]
        out[0].write_bytes(self.docx)
        if self.pdf is not None:
            out.append(folder / self.pdf_name)
            out[1].write_bytes(self.pdf)
        return out


def make(month: str, districts: list[str] | None = None, allow_incomplete: bool = False,
         issued_on: date | None = None, user: User | None = None, progress=None, number: str | None = None,
         next_steps: list[str] | None = None) -> Built:
    """Build the 通报 of `month` for `districts` (None: the city) as .docx and .pdf bytes.

    Raises content.IncompleteMonth unless `allow_incomplete`, ValueError for a month outside the lake, and
    queries.engine.QueryError when a question fails. Without Chromium the document has tables only and there is no
    PDF; `messages` says so. `progress(step_text)` is called before each step. `user` is the signed-in account
    (None on the command line): it decides the watermark, and the access log records the build under it
    (`hooks`). `number` is the 文号's sequence number (or the whole 文号) and `next_steps` the 下一步工作要求, as the
    person issuing it wrote them; while either is missing the document keeps placeholders and is marked 征求意见稿
    on every page (Word and PDF). Raises ValueError for a 文号 that cannot be read.
    """
    say = progress or (lambda _text: None)
    say("汇总数据（与看板同一批命名查询）…")
    briefing = content.build(month, districts, allow_incomplete, issued_on, next_steps)
    issuing.apply(briefing, number)
    chosen, messages = fonts.choose(), []
    if briefing.missing:
        messages.append(str(IncompleteMonth(month, briefing.missing)).split("。")[0] + "。通报首页已注明。")
    if briefing.is_draft:
        messages.append("通报中尚有待填写的内容（黄色标出：文号、下一步工作要求），Word 版与 PDF 版每页标有"
                        "“征求意见稿”；填写文号序号和下一步工作要求后重新生成即为正式稿。")
    mark = hooks.watermark_text(briefing, user)
    say("生成图表…")
    figures = [c.figure for c in briefing.charts()]
    pdf_bytes = charts_note = None
    try:
        if figures:  # the charts, and the PDF printed by the same browser (one Chromium start instead of two)
            pictures, pdf_bytes = images.drawn_and_pdf(
                figures, lambda drawn: pdf.to_html(briefing, drawn, chosen, mark, None))
        else:
            pictures = []
    except images.ChartsUnavailable as exc:
        pictures, charts_note = [], str(exc)
        messages.append(charts_note)
    say("排版 Word 文档…")
    docx = word.render(briefing, pictures, chosen, mark, charts_note)
    browser = images.chromium()
    if browser is None:
        messages.append("未找到 Chromium，未生成 PDF 版。")
    elif pdf_bytes is None:
        say("打印 PDF…")
        try:
            pdf_bytes = pdf.print_pdf(pdf.to_html(briefing, pictures, chosen, mark, charts_note), browser)
        except pdf.PrintFailed as exc:
            messages.append(str(exc))
    built = Built(briefing, docx, pdf_bytes, chosen, messages, pictures)
    hooks.record_access(briefing, [built.docx_name] + ([built.pdf_name] if pdf_bytes else []), user)
    return built


__all__ = ["DOCX_MIME", "Built", "IncompleteMonth", "make"]
