"""A real gunicorn (the repository's gunicorn.conf.py) on a copy of a seeded SQLite database,
and what its workers hold in memory: for tests that need the production server, not the
test client. Also runnable by hand to compare two checkouts:

    python -m tests.web.gunicorn_probe <repo> <seeded.sqlite3>
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Gunicorn:
    port: int
    master: int
    log: Path | None = None  # its error log (stderr), when kept

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            if ppid == self.master:
                found.append(int(entry.name))
        return sorted(found)

    def rss(self) -> int:
        """The workers' resident memory, in bytes, summed."""
        total = 0
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        return total

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) of one request on its own connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            # Answered (a 413) and closed before the whole body was sent: read the answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.headers), resp.read()
        finally:
            conn.close()

    def batch(self, urls: list[str]) -> tuple[int, dict[str, str], bytes]:
        body = json.dumps({"urls": urls}).encode()
        return self.request("POST", "/api/v1/lookup", body, {"Content-Type": "application/json"})


@contextmanager
def gunicorn(
    repo: Path,
    database: Path | str,
    *,
    workers: int = 2,
    log: Path | None = None,
    settings: dict[str, str] | None = None,
) -> Iterator[Gunicorn]:
    """gunicorn from `repo` serving the SQLite file `database` (or the database URL given as
    a string), with extra MASTHEAD_* `settings`, stopped afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "MASTHEAD_BIND": f"127.0.0.1:{port}",
        "MASTHEAD_WORKERS": str(workers),
        "MASTHEAD_THREADS": "4",
        "MASTHEAD_DATABASE_URL": database if isinstance(database, str) else f"sqlite:///{database}",
        "MASTHEAD_SECRET_KEY": "probe-" + "k" * 40,
        "MASTHEAD_ACCESS_LOG": "/dev/null",
        "PYTHONDONTWRITEBYTECODE": "1",
        **(settings or {}),
    }
    stderr = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "server:create_app()"],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    try:
        server = Gunicorn(port, proc.pid, log)
        deadline = time.monotonic() + 30
        while len(server.workers()) < workers or not _answers(port):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.1)
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if log:
            stderr.close()  # type: ignore[union-attr]


def _answers(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def invalid_url(i: int, length: int) -> str:
    """A distinct URL of `length` characters that cannot be looked up (far too long)."""
    head = f"https://example.com/{i}/"
    return head + "a" * (length - len(head))


def probe(server: Gunicorn, rounds: int, length: int) -> tuple[int, list[int]]:
    """Send `rounds` batches of one distinct invalid URL of `length` characters each; the
    workers' RSS growth in bytes and the statuses answered."""
    before = server.rss()
    statuses = [server.batch([invalid_url(i, length)])[0] for i in range(rounds)]
    return server.rss() - before, statuses


if __name__ == "__main__":  # compare checkouts by hand
    repo, db = Path(sys.argv[1]), Path(sys.argv[2])
    with gunicorn(repo, db) as g:
        g.batch(["https://rt.com/"])  # warm: the read model
        for length in (2_000_000, 500_000):
            start = g.rss()
            growth, statuses = probe(g, 80, length)
            print(
                f"{repo}: 80 x {length:,}-character invalid URL: statuses {sorted(set(statuses))}, "
                f"RSS {start / MB:.0f} -> {(start + growth) / MB:.0f} MB ({growth / MB:+.1f} MB)"
            )
