"""Start a throwaway PostgreSQL server on 127.0.0.1 for tests that need a real one."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server commands as the postgres user instead."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def available() -> str | None:
    """Return why a test server cannot start here, or None when it can."""
    if not shutil.which("initdb") or not shutil.which("pg_ctl"):
        return "PostgreSQL binaries (initdb, pg_ctl) are not on PATH"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser to drop to the postgres user"
    return None


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of a fresh server (database 'postgres', trust auth); stop and delete it after."""
    root = Path(tempfile.mkdtemp(prefix="onrecord-pg-"))
    data, port = root / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    run = lambda cmd: subprocess.run(_as_server_user(cmd), check=True, capture_output=True)  # noqa: E731
    try:
        run(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"])
        run(["pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w", "-o",
             f"-h 127.0.0.1 -p {port} -k {root} -F", "start"])
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user(["pg_ctl", "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
