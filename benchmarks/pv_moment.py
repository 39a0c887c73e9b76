"""What keeping the PV costs when its other stored formats follow it: a checkpoint or a gate keeps
the PV (HTML, Markdown) alone, or with the evidence pack, or with the pack and the PDF (Chromium),
once a campaign has had them kept (:func:`amoa_workflow.reporting.archive.render_and_keep`).

Builds a throwaway copy of the sample project (release 1.1.0 recorded from made-up results, gate
``vabf`` opened) for each case, then keeps the PV N times per case, the cases interleaved. Prints
wall time and CPU time (this process, and its children: Chromium) per keep. Nothing is asserted.

    .venv/bin/python benchmarks/pv_moment.py --repeat 5
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from amoa_workflow.bootstrap import Application  # noqa: E402
from amoa_workflow.checkpoint import services  # noqa: E402
from amoa_workflow.gates import approvals, audit_trail  # noqa: E402
from amoa_workflow.reporting import archive  # noqa: E402
from tests.web_project import prepared  # noqa: E402

CASES = {"html": (), "html+evidence": ("evidence",), "html+evidence+pdf": ("evidence", "pdf")}


def project(folder: Path, followers: tuple[str, ...]) -> Application:
    for part in ("config", "features", "requirements", "release_notes"):
        shutil.copytree(REPO / part, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
    app = prepared(folder, f"sqlite:///{folder / 'amoa.db'}")
    outcome = outcome_of(app)
    first = folder / "first.bin"
    first.write_bytes(b"kept once")
    archive.keep(app.uow(), outcome, dict.fromkeys(followers, first), services.utc_now)
    return app


def outcome_of(app: Application) -> services.CampaignOutcome:
    return services.campaign_outcome(
        app.uow(), app.settings.project_name, "recette", "1.1.0", "recette-1.1.0", app.settings.rules
    )


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    timings: dict[str, list[tuple[float, float]]] = {case: [] for case in CASES}
    with tempfile.TemporaryDirectory() as scratch:
        apps = {case: project(Path(scratch) / case.replace("+", "-"), f) for case, f in CASES.items()}
        for _ in range(arguments.repeat + 1):  # the first round warms up (templates, imports)
            for case, app in apps.items():
                outcome, gates = outcome_of(app), approvals.gate_states(app.uow(), app.gates(), "1.1.0")
                head = audit_trail.head(app.uow())
                wall, used = time.perf_counter(), cpu()
                archive.render_and_keep(
                    app.uow(), app.renderer, outcome, app.settings.reports_dir, gates, head, services.utc_now
                )
                timings[case].append((time.perf_counter() - wall, cpu() - used))
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {arguments.repeat} keeps per case"
    )
    for case, samples in timings.items():
        walls, cpus = zip(*samples[1:], strict=True)
        print(
            f"{case:>18}: wall {statistics.median(walls):.3f} s, CPU {statistics.median(cpus):.3f} s (median)"
        )


if __name__ == "__main__":
    main()
