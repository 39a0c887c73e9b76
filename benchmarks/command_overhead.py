"""``amoa run`` and ``amoa checkpoint`` against raw pytest-bdd: the whole commands, as users run them.

For each size (``--sizes``, default 100, 1000 and 5000 generated scenarios × 3 steps, see
``benchmarks/suite.py``), three subprocesses are timed in turn, round after round (``--repeat``,
default 3), so that what the neighbours do on a shared machine hits all three alike:

  raw         ``python -m pytest features/raw_suite.py`` (pytest-bdd's ``scenarios(".")``)
  run         ``amoa run --release 1.0.0``: lint-free collection, our plugin, per-step records,
              the run recorded in SQLite with its gaps, the console summary
  checkpoint  ``amoa checkpoint --release 1.0.0``: the Prefect flow with an embedded server
              (ingest, run, record, PV, gates); Prefect's home is warmed once beforehand, so
              its database migrations are not counted

With ``--server``, a fourth command: ``amoa checkpoint`` on a Prefect server already running
(``prefect server start``, started once beforehand and not timed; ``PREFECT_API_URL`` set), its
CPU counted with the server's own CPU during the command (read from ``/proc``).

Printed: the median CPU seconds (user + system of the command and of the processes it waited
for: pytest, Prefect's server) and wall seconds, and each command's ratio to raw pytest-bdd. CPU
ratios are the steadier figure on a shared machine; the load average is printed with them.

    .venv/bin/python benchmarks/command_overhead.py [--sizes 100,1000,5000] [--repeat 3] [--server]
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amoa_workflow.cli.local_server import wait_until_answering
from amoa_workflow.store.database import open_database
from benchmarks.suite import generate

AMOA = Path(sys.executable).with_name("amoa")


@dataclass(frozen=True)
class Server:
    """A Prefect server running apart (``prefect server start``): its process and API."""

    process: subprocess.Popen[bytes]
    url: str

    def cpu(self) -> float:
        """The server process's CPU seconds so far (user + system, from ``/proc``)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(folder: Path) -> Server:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = installed_environment()
    environment.update({"PREFECT_HOME": str(folder / "prefect-server-home"),
                        "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})  # fmt: skip
    command = [str(AMOA.with_name("prefect")), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_until_answering(url, process, within=120)
    except RuntimeError as error:
        process.terminate()
        raise SystemExit(str(error)) from None
    return Server(process, url)


def measured(
    command: list[str], root: Path, environment: dict[str, str], server: Server | None = None
) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of ``command`` run in ``root``, its waited children included
    (and the ``server``'s CPU meanwhile)."""
    served = server.cpu() if server else 0.0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: amoa's "no-go" verdict is not a failure of the command
        raise SystemExit(
            f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-1500:]}{done.stderr[-1500:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu + (server.cpu() - served if server else 0.0), wall


def installed_environment() -> dict[str, str]:
    """Ours, without AMOA_/PREFECT_ settings, and writing bytecode as an installed Python does.

    With ``PYTHONDONTWRITEBYTECODE`` set (some shells and CI images set it), an editable install
    compiles every module of ours on every command (0.3 s of CPU) while pytest's, installed by pip,
    come compiled: the warm-up run writes ours once, as a user's first run does.
    """
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def commands(root: Path) -> dict[str, list[str]]:
    raw = [sys.executable, "-m", "pytest", str(root / "features" / "raw_suite.py"), "-q",
           "-p", "no:cacheprovider", "-c", str(root / "pytest.ini"), "--rootdir", str(root)]  # fmt: skip
    return {
        "raw": raw,
        "run": [str(AMOA), "run", "--release", "1.0.0"],
        "checkpoint": [str(AMOA), "checkpoint", "--release", "1.0.0"],
    }


def size(
    folder: Path, scenarios: int, repeat: int, prefect_home: Path, server: Server | None = None
) -> dict[str, tuple[float, float]]:
    root = folder / f"suite-{scenarios}"
    files = max(1, scenarios // 20)
    generate(root, files=files, scenarios=scenarios // files)
    environment = installed_environment()
    environment.update({"AMOA_DATABASE_URL": f"sqlite:///{root / 'amoa.db'}", "AMOA_LANG": "fr",
                        "PREFECT_HOME": str(prefect_home), "COLUMNS": "120"})  # fmt: skip
    open_database(environment["AMOA_DATABASE_URL"]).dispose()  # the schema's creation is not timed
    measures = commands(root)
    runs = {name: (command, environment, None) for name, command in measures.items()}
    if server is not None:
        runs["on server"] = (measures["checkpoint"], {**environment, "PREFECT_API_URL": server.url}, server)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (command, settings, serving) in runs.items():
            times[name].append(measured(command, root, settings, serving))
    return {
        name: (statistics.median(c for c, _ in found), statistics.median(w for _, w in found))
        for name, found in times.items()
    }


def warm(folder: Path, prefect_home: Path) -> float:
    """One checkpoint on a small suite: Prefect's home is created and migrated, our modules compiled
    (timed apart)."""
    root = folder / "warm-up"
    generate(root, files=1, scenarios=5)
    environment = installed_environment()
    environment.update(
        {"AMOA_DATABASE_URL": f"sqlite:///{root / 'amoa.db'}", "PREFECT_HOME": str(prefect_home)}
    )
    return measured(commands(root)["checkpoint"], root, environment)[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000,5000", help="scenario counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--server", action="store_true", help="also amoa checkpoint on a Prefect server already running"
    )
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        prefect_home = folder / "prefect-home"
        first = warm(folder, prefect_home)
        print(f"Prefect's home created and migrated by a first checkpoint (apart): {first:.1f} s")
        server = start_server(folder) if options.server else None
        try:
            sizes(folder, options, prefect_home, server)
        finally:
            if server is not None:
                server.process.terminate()
                server.process.wait(timeout=30)


def sizes(folder: Path, options: argparse.Namespace, prefect_home: Path, server: Server | None) -> None:
    for scenarios in (int(s) for s in options.sizes.split(",")):
        found = size(folder, scenarios, options.repeat, prefect_home, server)
        raw_cpu, raw_wall = found["raw"]
        print(f"{scenarios} scenarios × 3 steps, median of {options.repeat} "
              f"(load average {os.getloadavg()[0]:.1f}):")  # fmt: skip
        for command, (cpu, wall) in found.items():
            ratio = "" if command == "raw" else f"   CPU ×{cpu / raw_cpu:.2f}   wall ×{wall / raw_wall:.2f}"
            print(f"  {command:<11} CPU {cpu:6.2f} s   wall {wall:6.2f} s{ratio}", flush=True)


if __name__ == "__main__":
    main()
