"""A throwaway PostgreSQL cluster from this machine's own server binaries.

`initdb` and `pg_ctl` from /usr/lib/postgresql/*/bin (the newest) or PATH, in a temporary folder,
listening only on a Unix socket in that folder: no port to share, so every pytest-xdist worker
(and a benchmark) can run its own. initdb refuses to run as root, so as root the server runs as
the `postgres` user through `runuser`. Used by the regional tests and bench/region.py.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoServer(Exception):
    """The PostgreSQL server binaries are missing, or the cluster would not start."""


_names = itertools.count(1)


def _binaries() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    on_path = shutil.which("pg_ctl")
    if found:
        return Path(found[-1]).parent
    if on_path:
        return Path(on_path).parent
    raise NoServer(
        "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on "
        "PATH: install the postgresql package; the regional store must be tested on PostgreSQL"
    )


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class Cluster:
    """A running PostgreSQL cluster reachable on the Unix socket in `socket_dir`."""

    def __init__(self, bin_dir: Path, folder: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder

    def run(self, *command: str) -> None:
        done = subprocess.run(
            _as_server_user([str(self.bin_dir / command[0]), *command[1:]]),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            log = self.folder / "server.log"
            extra = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise NoServer(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}\n{extra}")

    def start(self) -> None:
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        subprocess.run(
            _as_server_user(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
            check=False,
            timeout=60,
        )

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}"

    def create_database(self) -> str:
        import psycopg

        name = f"region_{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """A started cluster in a new folder under /tmp, stopped and removed afterwards."""
    bin_dir = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="npsw-pg-", dir="/tmp"))
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        cluster = Cluster(bin_dir, folder)
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
