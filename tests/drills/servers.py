"""A PostgreSQL cluster and a Redis server of the drill's own, on free ports, that a drill may stop and restart
without touching the services the other tests use."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import redis

from tests.live_server import free_port

PG_BIN = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]) if Path("/usr/lib/postgresql").exists() else None


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class OwnPostgres:
    """initdb in a temporary folder, pg_ctl start/stop/restart, a database for the app."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="drill-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"])
        conf = "listen_addresses='127.0.0.1'\nfsync=off\nmax_connections=200\n"
        conf += f"port={self.port}\nunix_socket_directories='{self.dir}'\n"
        self._run(["sh", "-c", f"cat >> {self.data}/postgresql.conf <<'X'\n{conf}X"])
        self.start()
        psql = [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-qc"]
        self._run([*psql, "CREATE ROLE poc_tracker LOGIN PASSWORD 'poc_tracker' CREATEDB"])
        self._run([*psql, "CREATE DATABASE poc_tracker OWNER poc_tracker"])
        self.url = f"postgresql://poc_tracker:poc_tracker@127.0.0.1:{self.port}/poc_tracker"

    def _run(self, argv: list[str]) -> None:
        subprocess.run(_as_postgres(argv), check=True, capture_output=True, cwd="/")

    def _ctl(self, *args: str) -> None:
        log = self.dir / "server.log"
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "-t", "60", *args])

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        self._ctl("start")

    def stop(self) -> None:
        """Stop at once (fast mode: open connections are cut, as in a crash or failover)."""
        self._ctl("stop", "-m", "fast")

    def close(self) -> None:
        """Stop and remove everything."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class OwnRedis:
    """A redis-server child without persistence (a restart loses everything, like a failover to an empty node)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        """Start and wait for PONG."""
        argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Kill it (no graceful shutdown)."""
        if self.proc:
            self.proc.kill()
            self.proc.wait()

    def close(self) -> None:
        """Stop it."""
        self.stop()
