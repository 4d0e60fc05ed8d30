"""The current lake as the engine sees it: its data version, whether it is demo data, its roster months; and the
errors a question can end in."""

import os
from dataclasses import dataclass
from pathlib import Path

from lake import manifest as mf


class QueryError(Exception):
    """A question could not be answered; the message is Chinese, for the user, and says what to do."""


class LakeMissing(QueryError):
    """There is no lake (or no laborers roster) to answer from."""


@dataclass(frozen=True)
class LakeState:
    path: Path
    version: str
    is_demo: bool
    months: tuple  # months of the laborers roster, sorted


_state_cache: dict = {}


def lake_state() -> LakeState:
    """The current lake: its data version, whether it is demo data, its months. Raises LakeMissing."""
    lake = mf.lake_dir()
    path = lake / mf.MANIFEST_NAME
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise LakeMissing("没有找到数据湖（数据目录中没有清单 manifest.json）。"
                          "请先生成演示数据：make demo，或导入正式数据：make import。") from None
    key = (str(lake), mtime)
    if key not in _state_cache:
        manifest = mf.read_manifest(lake)
        months = tuple(mf.partitions(manifest, "laborers"))
        if not months:
            raise LakeMissing("数据湖中还没有脱贫劳动力月度花名册。请导入花名册，或运行 make demo 生成演示数据。")
        _state_cache.clear()
        _state_cache[key] = LakeState(lake, mf.data_version(manifest), bool(manifest.get("is_demo")), months)
    return _state_cache[key]


def forget_state() -> None:
    """Read the manifest anew on the next question (the lake was changed by this process or by a test)."""
    _state_cache.clear()


def data_version() -> str:
    return lake_state().version


def storage() -> str:
    """`prebuilt` (models built once per data version, the default) or `parquet` (models computed per query)."""
    return os.environ.get("STORAGE", "prebuilt")


ENGINES = ("duckdb", "spark")


def engine() -> str:
    """`duckdb` (the default) or `spark` (`ENGINE=spark`): which runtime answers the questions."""
    name = os.environ.get("ENGINE", "duckdb").lower()
    if name not in ENGINES:
        raise ValueError(f"ENGINE must be one of {ENGINES}, not {name!r}")
    return name
