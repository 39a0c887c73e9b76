"""What one request of the built-in REST steps costs, before and after the shared client.

A stdlib HTTP/1.1 server on loopback answers ``{"statut": "ok"}`` at once. Measured in one
process, alternately, median of ``--repeat`` rounds of ``--requests`` requests each:

  before  what ``ApiSession.send`` did until now: ``httpx.request(...)``, a new client (and a new
          connection) per request, the response time measured around all of it
  after   ``ApiSession.send`` now: one ``httpx.Client`` per scenario, the response time measured
          around the request alone (``client.send``)

Printed per request: the wall time of a call, and the response time a step would check
(``le temps de réponse est inférieur à … ms``).

    .venv/bin/python benchmarks/rest_steps.py [--requests 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amoa_workflow.steps.api_session import ApiSession

BODY = json.dumps({"statut": "ok"}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, as real servers send them

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def before(url: str, count: int) -> tuple[float, float]:
    checked = []
    started = time.perf_counter()
    for _ in range(count):
        begun = time.perf_counter()
        httpx.request("GET", url + "/sante", json=None, headers={}, timeout=30.0)
        checked.append(time.perf_counter() - begun)
    return (time.perf_counter() - started) / count, statistics.median(checked)


def after(url: str, count: int) -> tuple[float, float]:
    session = ApiSession(base_url=url)
    checked = []
    started = time.perf_counter()
    for _ in range(count):
        session.send("GET", "/sante", "fr")
        checked.append(session.elapsed_ms / 1000)
    elapsed = (time.perf_counter() - started) / count
    session.close()
    return elapsed, statistics.median(checked)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    before(url, 5), after(url, 5)  # warm-up: imports, first connections
    rounds: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
    for _ in range(options.repeat):
        rounds["before"].append(before(url, options.requests))
        rounds["after"].append(after(url, options.requests))
    server.shutdown()
    medians = {
        way: (statistics.median(r[0] for r in runs) * 1000, statistics.median(r[1] for r in runs) * 1000)
        for way, runs in rounds.items()
    }
    for way, (call, checked) in medians.items():
        print(f"{way:<7} {call:7.2f} ms per request   response time checked {checked:7.2f} ms")
    print(f"ratio after/before per request: {medians['after'][0] / medians['before'][0]:.3f}")


if __name__ == "__main__":
    main()
