"""A throw-away PostgreSQL cluster from Debian's server binaries, for the store's tests and `.ci/run`.

`initdb` into a temporary folder, `pg_ctl start` on a free local port (no Unix socket outside the folder), trust
authentication for the one local user, `pg_ctl stop -m immediate` and the folder deleted afterwards. PostgreSQL
refuses to run as root: as root the cluster is owned by and run as the `postgres` user (`runuser`), which Debian's
package creates. Command line: `python -m testkit.postgres` starts one, prints its DATABASE_URL and waits for Ctrl-C.
"""

import getpass
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    """The folder with initdb and pg_ctl (the newest installed major version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yield its SQLAlchemy URL (postgresql+psycopg://…); stop it and delete it on exit."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)")
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    user = "postgres" if as_root else getpass.getuser()
    folder = Path(tempfile.mkdtemp(prefix="pg-test-"))
    data = folder / "data"
    port = _free_port()
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    try:
        subprocess.run([*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8",
                        "--no-locale", "--no-sync"], check=True, capture_output=True)
        options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"
        subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                        str(folder / "log"), "-w", "-t", "60", "start"], check=True, capture_output=True)
        try:
            yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    with cluster() as url:
        print(f"DATABASE_URL={url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
