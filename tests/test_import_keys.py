"""Keys are declared, not guessed (issue 27): a table's rows are unique only in its key (lake.schema `Table.key`);
an id column elsewhere is a reference — a roster's 帮扶载体编号 says where a person works, and many people work at
one carrier. A month exported from the demo lake with the accepted Chinese headers imports back equal, row for row."""

from datetime import date

import pandas as pd
import pytest

from lake import importer
from lake.schema import TABLES
from lake.validate import KEY_RULES, Source, columns_of, header_label
from tests import import_files as f
from tests.test_importer import KEY, real_lake  # noqa: F401  (fixture)

TODAY = date(2026, 12, 3)
CARRIER_HEADER = [*f.LABORER_HEADER, "帮扶载体编号"]


def _at_carrier(n: int, carrier: str) -> list:
    row = f.laborer_row(n)
    row[13] = "帮扶载体"  # 就业渠道
    return [*row, carrier]


def test_a_roster_with_workers_sharing_a_carrier_imports_and_names_the_unknown_carriers(real_lake):  # noqa: F811
    rows = [CARRIER_HEADER, _at_carrier(1, "C001"), _at_carrier(2, "C001"), _at_carrier(3, "C001"),
            _at_carrier(4, "C002"), f.laborer_row(5) + [""]]
    result = importer.import_source(Source("花名册.csv", f.csv_bytes(rows)), "laborers", "2026-10", today=TODAY)
    assert result.accepted, [p.text() for p in result.checked.problems]
    assert any("2026 年帮扶载体名录还没有导入" in w and "2 个帮扶载体编号" in w for w in result.warnings)
    carriers = [["载体编号", "载体名称", "载体类型", "级别", "所在区", "所在乡镇（街道）", "吸纳脱贫劳动力人数"],
                ["C001", "李集零工驿站", "零工驿站", "区级", "黄陂区", "李集街道", 3]]
    assert importer.import_source(Source("载体.csv", f.csv_bytes(carriers)), "carriers", "2026", today=TODAY).accepted
    checked = importer.check_source(Source("花名册.csv", f.csv_bytes(rows)), "laborers", "2026-10", today=TODAY)
    assert not checked.problems
    assert [w for w in checked.warnings if "帮扶载体" in w] == [
        "以下帮扶载体编号不在 2026 年帮扶载体名录的本区载体中：黄陂区 C002（1 人）。这些编号照原值入库；"
        "请核对编号是否录错，或补充导入该区的帮扶载体名录。"]


def test_every_table_declares_its_key_and_how_a_repeat_is_told():
    assert set(KEY_RULES) == set(TABLES)
    for table in TABLES.values():
        assert table.key and set(table.key) <= set(table.schema.names), table.name


@pytest.fixture(scope="module")
def demo_years(demo_lake) -> dict:
    return f.birth_years(demo_lake)


def _period(table: str) -> str:
    return "2026" if TABLES[table].partition_key == "year" else "2026-10"


@pytest.mark.parametrize("table", list(TABLES))
def test_each_table_refuses_a_repeated_key_and_only_that(demo_lake, demo_years, real_lake, table):  # noqa: F811
    rows, _ids = f.exported_rows(f.lake_partition(demo_lake, table, _period(table)), table, demo_years)
    assert len(rows) > 3, table
    header = rows[0]
    repeated = list(rows[2])
    for column in TABLES[table].key:
        label = next(s["headers"][0] for s in columns_of(table) if s["column"] == column)
        repeated[header.index(label)] = rows[1][header.index(label)]
    checked = importer.check_source(Source("名册.csv", f.csv_bytes([header, rows[1], repeated, *rows[3:]])), table,
                                    _period(table), today=TODAY)
    rule, same = KEY_RULES[table]
    assert [p.text() for p in checked.problems] == [
        f"第 3 行「{header_label(table, TABLES[table].key[0])}」："
        f"值“{checked.problems[0].value}”，应为：{rule}（与第 2 行{same}）"]


@pytest.mark.parametrize("table", ["laborers", "welfare_posts", "subsidy_claims", "entrepreneurs", "carriers"])
def test_a_demo_month_exported_with_chinese_headers_imports_back_row_for_row(demo_lake, demo_years, real_lake,  # noqa: F811
                                                                             table):
    period = _period(table)
    stored = f.lake_partition(demo_lake, table, period)
    rows, ids = f.exported_rows(stored, table, demo_years)
    result = importer.import_source(Source("导出.csv", f.csv_bytes(rows)), table, period, today=TODAY)
    assert result.accepted, [p.text() for p in result.checked.problems[:5]]
    imported = f.lake_partition(real_lake, table, period)
    expected = stored.copy()
    if "person_id" in expected:
        key = KEY.encode()
        expected["person_id"] = [importer.pseudonym(ids[p], key) for p in expected["person_id"]]
    pd.testing.assert_frame_equal(imported, expected, check_dtype=False)
