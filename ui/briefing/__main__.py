"""`make briefing MONTH=2026-10 [DISTRICT=黄陂区] [ALLOW_INCOMPLETE=1] [NUMBER=12] [NEXT_STEPS=file.txt]`: write the
month's 通报 as .docx and .pdf. Without NUMBER (the 文号's sequence number) and NEXT_STEPS (the 下一步工作要求, one a
line) both files keep placeholders for them and say 征求意见稿 on every page.

Exits 0 when written, 2 when the month's data are incomplete (the missing districts named) or the arguments are
wrong, 1 when a question fails. Messages are Chinese, on stderr; the written paths on stdout.
"""

import argparse
import logging
import os
import sys
from pathlib import Path

import streamlit.logger

from lake import reference
from queries.engine import QueryError
from ui.briefing import IncompleteMonth, make

DEFAULT_FOLDER = Path(os.environ.get("BRIEFING_DIR", "briefings"))


def _district_codes(names: list[str]) -> list[str]:
    """District names or codes -> codes; raises ValueError naming an unknown one."""
    by_name = {v: k for k, v in reference.district_names().items()}
    codes = []
    for name in names:
        code = name if name in reference.district_names() else by_name.get(name)
        if code is None:
            raise ValueError(f"没有名为“{name}”的区。可选：{'、'.join(by_name)}")
        codes.append(code)
    return codes


def _lines(path: Path | None) -> list[str] | None:
    """The non-empty lines of a UTF-8 text file; raises ValueError (Chinese) when it cannot be read."""
    if path is None:
        return None
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"无法读取下一步工作要求文件“{path.name}”：请提供 UTF-8 编码的文本文件，每行一条。") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.briefing", description="生成月度脱贫劳动力就业帮扶工作情况通报")
    parser.add_argument("--month", required=True, help="统计月份 YYYY-MM，例如 2026-10")
    parser.add_argument("--district", action="append", default=[], help="区名或区代码（可重复）；不填为全市")
    parser.add_argument("--allow-incomplete", action="store_true", help="本月有区缺报花名册时仍生成，并在首页注明")
    parser.add_argument("--out", type=Path, default=DEFAULT_FOLDER, help="输出文件夹（默认 briefings/）")
    parser.add_argument("--number", help="文号序号，例如 12（生成 武人社通〔年份〕12号），或完整文号；不填则留待填写")
    parser.add_argument("--next-steps", type=Path, help="下一步工作要求：UTF-8 文本文件，每行一条；不填则留待填写")
    args = parser.parse_args(argv)
    # Outside a Streamlit server the result cache warns on every question that it has no runtime; that is expected.
    streamlit.logger.set_log_level(logging.ERROR)
    try:
        built = make(args.month, _district_codes(args.district) or None, args.allow_incomplete,
                     progress=lambda text: print(text, file=sys.stderr, flush=True), number=args.number,
                     next_steps=_lines(args.next_steps))
    except IncompleteMonth as exc:
        print(f"未生成通报：{exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"未生成通报：{exc}", file=sys.stderr)
        return 2
    except QueryError as exc:
        print(f"未生成通报：{exc}", file=sys.stderr)
        return 1
    for message in built.messages:
        print(message, file=sys.stderr)
    print(f"字体：{built.fonts.description()}", file=sys.stderr)
    for path in built.write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
