"""What our runner costs over raw pytest-bdd on the same scenarios.

Generates a feature set (files × scenarios × 3 steps), then alternates, in this one process:
  raw  — `python -m pytest` on a test module calling pytest-bdd's `scenarios()`;
  ours — `PytestBddRunner.run()`: collection of .feature files by our plugin, one JSON record
         per scenario with its steps, and reading them back into domain results.
Prints the median of each and their ratio. Usage:

    .venv/bin/python benchmarks/runner_overhead.py [--files 10] [--scenarios 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from amoa_workflow.runner import PytestBddRunner

CONFTEST = """from pytest_bdd import given, parsers, then, when


@given(parsers.parse("un salarié au salaire brut de {brut:d} euros"), target_fixture="brut")
def brut(brut: int) -> int:
    return brut


@when("la paie est calculée", target_fixture="net")
def net(brut: int) -> float:
    return brut * 0.78


@then(parsers.parse("le salaire net est positif"))
def positif(net: float) -> None:
    assert net > 0
"""


def generate(root: Path, files: int, scenarios: int) -> Path:
    features = root / "features"
    features.mkdir()
    (features / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    for f in range(files):
        lines = ["# language: fr", f"Fonctionnalité: Paie {f}", ""]
        for s in range(scenarios):
            lines += [
                f"  @EXG-{s % 50:03d}",
                f"  Scénario: calcul {f}-{s}",
                f"    Étant donné un salarié au salaire brut de {2000 + s} euros",
                "    Quand la paie est calculée",
                "    Alors le salaire net est positif",
                "",
            ]
        (features / f"paie_{f}.feature").write_text("\n".join(lines), encoding="utf-8")
    (features / "test_raw.py").write_text(
        'from pytest_bdd import scenarios\n\nscenarios(".")\n', encoding="utf-8"
    )
    return features


def raw(root: Path, features: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", str(features / "test_raw.py"), "-q", "-p", "no:cacheprovider",
         "-c", str(root / "pytest.ini"), "--rootdir", str(root)],
        cwd=root, capture_output=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def ours(runner: PytestBddRunner, index: int) -> tuple[float, int]:
    started = time.perf_counter()
    run = runner.run("1.0.0", f"bench-{index}")
    return time.perf_counter() - started, len(run.results)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--scenarios", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        features = generate(root, options.files, options.scenarios)
        (root / "pytest.ini").write_text(
            "[pytest]\nfilterwarnings =\n    ignore::pytest.PytestUnknownMarkWarning\n", encoding="utf-8"
        )
        # Our runner collects .feature files; hide the raw test module from it.
        runner = PytestBddRunner(root, features, root / "runs", r"EXG-\d{3}", timeout=600)
        raw_times, our_times = [], []
        for index in range(options.repeat):
            raw_times.append(raw(root, features))
            module = features / "test_raw.py"
            module.rename(root / "test_raw.py.off")
            elapsed, count = ours(runner, index)
            (root / "test_raw.py.off").rename(module)
            our_times.append(elapsed)
        expected = options.files * options.scenarios
        assert count == expected, f"{count} results for {expected} scenarios"
    raw_median, our_median = statistics.median(raw_times), statistics.median(our_times)
    shape = f"{options.files} files × {options.scenarios}, 3 steps each"
    print(f"scenarios: {expected} ({shape}), runs: {options.repeat}")
    print(f"raw pytest-bdd : {raw_median:6.2f} s (median)")
    print(f"amoa runner    : {our_median:6.2f} s (median)")
    print(f"ratio          : {our_median / raw_median:6.2f}× raw pytest-bdd")


if __name__ == "__main__":
    main()
