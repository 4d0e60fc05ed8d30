"""`python -m queries.engine`: build the current lake's models on the chosen engine (`ENGINE`, DuckDB by default)
ahead of the first visitor, and name any file that cannot be read (the server still starts; only the figures that
need that file say so)."""

from queries.engine.gate import prepare
from queries.engine.state import QueryError


def main() -> int:
    try:
        path, unreadable = prepare()
    except QueryError as exc:
        print(f"错误：{exc}")
        return 2
    for name, message in sorted(unreadable.items()):
        print(f"警告：{name} 无法读取：{message}。依赖它的指标将显示错误，其他指标照常；请重新导入这个文件。")
    print(f"预聚合模型已就绪：{path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
