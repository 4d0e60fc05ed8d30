"""The demo lake: deterministic, on schema, covering the months, codes consistent, planted violations recorded."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from lake import demo, reference
from lake import manifest as mf
from lake.schema import FORBIDDEN_COLUMN_WORDS, TABLES
from tests.conftest import DEMO_PEOPLE, PROJECT


def _hashes(lake: Path) -> dict:
    """Checksums of the table files (not of derived models other tests may have built beside them)."""
    return {str(p.relative_to(lake)): hashlib.sha256(p.read_bytes()).hexdigest()
            for table in TABLES for p in sorted((lake / table).rglob("*.parquet"))}


def _demo(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lake.demo", *args], cwd=PROJECT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_same_seed_and_size_give_byte_identical_files(demo_lake, tmp_path):
    again = tmp_path / "again"
    assert _demo("--lake", str(again), "--people", str(DEMO_PEOPLE)).returncode == 0
    assert _hashes(again) == _hashes(demo_lake)
    other = tmp_path / "other"
    assert _demo("--lake", str(other), "--people", str(DEMO_PEOPLE), "--seed", "7").returncode == 0
    assert _hashes(other) != _hashes(demo_lake)


def test_every_table_matches_the_schema(demo_lake):
    manifest = mf.read_manifest(demo_lake)
    assert manifest["is_demo"] is True
    for name, spec in TABLES.items():
        files = sorted((demo_lake / name).glob(f"{spec.partition_key}=*/{mf.PART_PREFIX}*.parquet"))
        assert files, name
        for path in files:
            assert pq.read_schema(path).remove_metadata() == spec.schema, path
            assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"


def test_partitions_cover_the_months_and_years(demo_lake):
    manifest = mf.read_manifest(demo_lake)
    months = demo.months()
    assert months[0] == "2024-01" and months[-1] == "2026-10" and len(months) == 34
    for table in ("laborers", "welfare_posts", "subsidy_claims"):
        assert mf.partitions(manifest, table) == months
    for table in ("entrepreneurs", "carriers", "town_assessments"):
        assert mf.partitions(manifest, table) == ["2024", "2025", "2026"]


def test_manifest_records_every_file_with_its_checksum(demo_lake):
    manifest = mf.read_manifest(demo_lake)
    files = {str(p.relative_to(demo_lake)) for table in TABLES for p in (demo_lake / table).glob("*/*.parquet")}
    assert files == {p["file"] for p in manifest["partitions"].values()}
    for entry in manifest["partitions"].values():
        assert mf.sha256_file(demo_lake / entry["file"]) == entry["sha256"]
        assert pq.ParquetFile(demo_lake / entry["file"]).metadata.num_rows == entry["rows"]


def test_town_codes_are_unique_and_rows_belong_to_their_district(demo_lake):
    towns = reference.towns()
    codes = [t["town_code"] for t in towns]
    assert len(codes) == len(set(codes)) and all(len(c) == 9 for c in codes)
    lijie = {t["town_code"]: t["district_code"] for t in towns if t["town_name"] == "李集街道"}
    assert lijie == {"420116010": "420116", "420117005": "420117"}
    district_of = {t["town_code"]: t["district_code"] for t in towns}
    assert len(reference.districts()) == 13
    for table in ("laborers", "welfare_posts", "entrepreneurs", "carriers"):
        data = pq.read_table(demo_lake / table, columns=["district_code", "town_code"]).to_pandas()
        assert (data["town_code"].map(district_of) == data["district_code"]).all(), table


def test_shape_most_persons_in_the_four_rural_districts(demo_lake):
    data = pq.read_table(demo_lake / "laborers" / "month=2026-10").to_pandas()
    four = data["district_code"].isin(["420114", "420115", "420116", "420117"]).mean()
    assert four > 0.75
    employed = data[data["employed"]]
    local = employed["work_location"].isin(["乡镇内", "乡镇外区内"]).mean()
    assert 0.4 < local < 0.6
    assert 4000 < employed["monthly_income_yuan"].mean() < 6500
    assert 38 < (2026 - data["birth_year"]).mean() < 48


def test_persons_enter_and_leave_employment(demo_lake):
    sep = pq.read_table(demo_lake / "laborers" / "month=2026-09").to_pandas().set_index("person_id")["employed"]
    oct_ = pq.read_table(demo_lake / "laborers" / "month=2026-10").to_pandas().set_index("person_id")["employed"]
    both = sep.index.intersection(oct_.index)
    assert ((~sep[both]) & oct_[both]).sum() > 0 and (sep[both] & ~oct_[both]).sum() > 0


def test_planted_violations_are_recorded_and_exist(demo_lake):
    manifest = mf.read_manifest(demo_lake)
    planted = manifest["demo"]["planted_violations"]
    assert set(planted) == set(demo.RULES)
    assert all(len(ids) == demo.PLANTED_COUNTS[rule] for rule, ids in planted.items())
    claims = pq.read_table(demo_lake / "subsidy_claims", columns=["claim_id"]).to_pandas()["claim_id"]
    assert claims.is_unique
    every = [c for ids in planted.values() for c in ids]
    assert len(every) == len(set(every)) and set(every) <= set(claims)


def test_no_column_holds_a_name_id_card_or_phone(demo_lake):
    organisation_names = {("carriers", "name")}  # a carrier's name is an organisation's, not a person's
    for path in (p for table in TABLES for p in (demo_lake / table).rglob("*.parquet")):
        table = path.relative_to(demo_lake).parts[0]
        for column in pq.read_schema(path).names:
            if (table, column) not in organisation_names:
                assert not any(word in column.lower() for word in FORBIDDEN_COLUMN_WORDS), (path, column)
    ids = pq.read_table(demo_lake / "laborers" / "month=2026-10", columns=["person_id"]).to_pandas()["person_id"]
    assert not ids.str.fullmatch(r"\d{17}[\dX]").any()


@pytest.mark.parametrize("people", ["0", "-5", "abc", "1.5"])
def test_people_must_be_a_positive_integer(tmp_path, people):
    result = _demo("--lake", str(tmp_path / "lake"), env={"PEOPLE": people})
    assert result.returncode != 0 and "PEOPLE 必须是正整数" in result.stderr
    assert not (tmp_path / "lake").exists()


def test_unwritable_lake_dir_is_refused(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    (parent / "file").write_text("x")
    result = _demo("--lake", str(parent / "file" / "lake"), "--people", "50")
    assert result.returncode != 0 and "LAKE_DIR" in result.stderr


def test_an_imported_lake_is_never_overwritten(tmp_path):
    lake = tmp_path / "real"
    lake.mkdir()
    mf.write_manifest(lake, mf.new_manifest(is_demo=False))
    before = (lake / mf.MANIFEST_NAME).read_bytes()
    result = _demo("--lake", str(lake), "--people", "50")
    assert result.returncode != 0 and "正式数据" in result.stderr
    assert (lake / mf.MANIFEST_NAME).read_bytes() == before


def test_a_foreign_folder_is_not_overwritten(tmp_path):
    lake = tmp_path / "mine"
    lake.mkdir()
    (lake / "notes.txt").write_text("keep me")
    assert _demo("--lake", str(lake), "--people", "50").returncode != 0
    assert (lake / "notes.txt").read_text() == "keep me"


def test_if_missing_keeps_an_existing_lake(demo_lake):
    before = json.loads((demo_lake / mf.MANIFEST_NAME).read_text())
    assert _demo("--lake", str(demo_lake), "--if-missing").returncode == 0
    assert json.loads((demo_lake / mf.MANIFEST_NAME).read_text()) == before
