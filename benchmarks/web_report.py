"""The approvers' page under load: N concurrent clients loading a gate's report page on loopback.

Builds a throwaway copy of the sample project (release 1.1.0 recorded from made-up results, gate
``vabf`` opened), serves the page with uvicorn on 127.0.0.1, then N httpx clients (each with the
approver's link in its cookie) load ``/gates/1.1.0/vabf`` as fast as they can for a fixed time.
Prints requests/s and latency percentiles. Nothing is asserted.

    .venv/bin/python benchmarks/web_report.py --clients 20 --seconds 10 [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.receivers import free_port  # noqa: E402
from tests.web_project import ENVIRON, prepared, token, web_app  # noqa: E402


async def client(base: str, link: str, until: float, latencies: list[float], errors: list[int]) -> None:
    async with httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=30) as http:
        opened = await http.get(f"/l/{link}")
        assert opened.status_code == 303, opened.text
        while time.perf_counter() < until:
            started = time.perf_counter()
            response = await http.get("/gates/1.1.0/vabf")
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200 or "VABF" not in response.text:
                errors.append(response.status_code)


async def load(base: str, clients: int, seconds: float) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(client(base, token(), until, latencies, errors) for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (at most 500)")
    parser.add_argument("--seconds", type=float, default=10, help="how long they load (at most 300)")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temporary folder")
    options = parser.parse_args()
    clients, seconds = max(1, min(options.clients, 500)), max(1.0, min(options.seconds, 300.0))
    folder = Path(tempfile.mkdtemp(prefix="amoa-web-bench-"))
    try:
        project = folder / "projet"
        for name in ("config", "features", "requirements", "release_notes"):
            shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        app = prepared(project, options.database_url or f"sqlite:///{folder / 'amoa.db'}")
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(
                web_app(app, {**os.environ, **ENVIRON}),
                host="127.0.0.1",
                port=port,
                log_level="warning",
                access_log=False,
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        latencies, errors, elapsed = asyncio.run(load(f"http://127.0.0.1:{port}", clients, seconds))
        server.should_exit = True
        thread.join(timeout=10)
        app.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"clients: {clients}, seconds: {elapsed:.1f}, requests: {len(latencies)}, errors: {len(errors)}")
    print(f"requests/s: {len(latencies) / elapsed:.1f}")
    p95 = ordered[int(len(ordered) * 0.95)]
    print(
        f"latency ms: p50 {statistics.median(ordered) * 1000:.1f}, p95 {p95 * 1000:.1f}, "
        f"p99 {p99 * 1000:.1f}, max {ordered[-1] * 1000:.1f}"
    )


if __name__ == "__main__":
    main()
