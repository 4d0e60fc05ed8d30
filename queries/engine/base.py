"""What the two engines share: loading the lake's tables, the reference views and the models onto a connection
(DuckDB) or session (Spark), building the models of a data version into their folder, and keeping one served
connection per data version. Each engine gives only its dialect and session, as a `Views` (`serving.DuckDBViews`,
`spark.SparkViews`); the steps and their order, what happens to a file that cannot be read, how a build is published
and which versions are kept live here once.
"""

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from lake import manifest as mf
from lake.schema import TABLES
from queries.engine.catalog import models
from queries.engine.lake_views import model_order, models_version, reference_tables, unreadable_file
from queries.engine.state import LakeState


class Views:
    """One engine's way of making the views on one connection or session."""

    def reference(self, name: str, table: pa.Table) -> None:
        """A reference table (calendar, districts, towns, …) held in memory."""
        raise NotImplementedError

    def empty(self, table: str) -> None:
        """A lake table with no readable files: empty, with its schema."""
        raise NotImplementedError

    def files(self, lake: Path, table: str, files: list[str]) -> None:
        """A lake table over its current Parquet files."""
        raise NotImplementedError

    def computed(self, name: str) -> None:
        """A model computed from its SQL when asked (no prebuilt file, or a table it reads is broken)."""
        raise NotImplementedError

    def model_path(self, folder: Path, name: str) -> Path:
        """Where a model's prebuilt data lies in a build folder."""
        raise NotImplementedError

    def stored(self, name: str, path: Path) -> None:
        """A model read from its prebuilt data (small: held in memory)."""
        raise NotImplementedError

    def write(self, name: str, path: Path) -> None:
        """Write a model's rows to `path` (zstd Parquet)."""
        raise NotImplementedError

    def just_written(self, name: str, path: Path) -> None:
        """The model as the file just written, so a model that reads it does not compute it again."""
        raise NotImplementedError


def unreadable_tables(lake: Path, manifest: dict, refused: dict | None = None) -> dict:
    """The lake tables that cannot be served — a file whose Parquet footer cannot be read, or a table `refused` names
    (it failed the lake check) — and the models built on them: name -> a message naming the file."""
    unreadable = {}
    for table in TABLES:
        broken = (refused or {}).get(table) or unreadable_file(lake, mf.current_files(lake, manifest, table))
        if broken:
            unreadable[table] = broken
    for name in model_order():
        broken = sorted(models()[name].tables & unreadable.keys())
        if broken:
            unreadable[name] = unreadable[broken[0]]
    return unreadable


def load(views: Views, lake: Path, model_dir: Path | None, refused: dict | None = None) -> dict:
    """Every lake table (a view over the current files the manifest lists: a crashed import's unlisted file is never
    served), reference view and model on one connection or session; returns what `unreadable_tables` finds.

    Models are read from their prebuilt data in `model_dir`, or computed on the fly when it is None. A table with no
    partitions yet is empty with its schema; a table that cannot be served is empty too, as is every model built on
    it, so only the figures that need it fail and the rest of the app keeps working.
    """
    manifest = mf.read_manifest(lake) or mf.new_manifest(is_demo=False)
    unreadable = unreadable_tables(lake, manifest, refused)
    for name, table in reference_tables(manifest).items():
        views.reference(name, table)
    for table in TABLES:
        files = mf.current_files(lake, manifest, table)
        if table in unreadable or not files:
            views.empty(table)
        else:
            views.files(lake, table, files)
    for name in model_order():
        if model_dir is None or name in unreadable or not views.model_path(model_dir, name).exists():
            views.computed(name)
        else:
            views.stored(name, views.model_path(model_dir, name))
    return unreadable


def serving_dir(state: LakeState, folder: str) -> Path:
    """The build folder of the current data version and models: `<lake>/<folder>/<version>-<models hash>`."""
    return state.path / folder / f"{state.version}-{models_version()}"


def build_folder(target: Path) -> Path:
    """An empty temporary folder beside `target` to build into (a reader never sees half a build)."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


def write_models(views: Views, folder: Path, unreadable: dict) -> None:
    """Every model that can be built, in dependency order, into `folder`."""
    for name in model_order():
        if name not in unreadable:
            path = views.model_path(folder, name)
            views.write(name, path)
            views.just_written(name, path)


def publish(tmp: Path, target: Path) -> None:
    """Rename the finished build into place and remove older versions' folders (derived, never data)."""
    os.replace(tmp, target)
    for old in target.parent.iterdir():
        if old != target and not old.name.endswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)


class Served:
    """The served connections (or sessions) by (lake, data version, storage mode), each with the tables it could not
    read; made once per process and kept until `forget`, or until newer versions push it out (the oldest of more
    than `size` goes: the current version and the one before it, while sessions move over).

    Kept here, not in st.cache_resource: any visitor's browser can send Streamlit's "clear cache" request, which
    empties every st.cache_* of the process, and making a connection loads every model again for every session."""

    def __init__(self, make: Callable[[str, str, str], tuple], size: int = 2):
        self._make = make
        self._size = size
        self._kept: dict[tuple, tuple] = {}
        self._lock = threading.Lock()

    def get(self, lake: str, version: str, mode: str) -> tuple:
        key = (lake, version, mode)
        found = self._kept.get(key)
        if found is not None:  # sessions on a version already served never wait for another version's build
            return found
        with self._lock:
            if key not in self._kept:
                self._kept[key] = self._make(lake, version, mode)
                while len(self._kept) > self._size:
                    del self._kept[next(iter(self._kept))]  # cursors still open on it keep it alive until closed
            return self._kept[key]

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()
