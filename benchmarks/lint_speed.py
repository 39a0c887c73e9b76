"""How long ``amoa lint`` takes on a generated suite, against raw pytest-bdd collecting the same suite.

The project is a copy of the bundled sample's configuration, requirements and step definitions
(its conftest.py with the built-in REST library: about 60 definitions, ``parse`` with custom
types, regular expressions) and ``--files`` × ``--scenarios`` generated French scenarios (default
50 × 20 = 1000): a Contexte, 4 steps each, one scenario in five an outline with 3 Examples rows.
Both sides are timed as a user runs them, whole commands in subprocesses, median of ``--repeat``:

  lint   ``amoa lint`` (start-up, conftest import, parsing, every check, the report)
  raw    ``pytest --collect-only`` on a ``scenarios(".")`` module (parsing only, no step lookup)

    .venv/bin/python benchmarks/lint_speed.py [--files 50] [--scenarios 20] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AMOA = Path(sys.executable).with_name("amoa")


def scenario(f: int, s: int) -> list[str]:
    matricule = f"S{f:02d}{s:02d}"
    tag = f"@EXG-{(f * 20 + s) % 14 + 1:03d}"
    given = '    Étant donné le salarié "{}" embauché le 01/09/2023 avec un salaire brut mensuel de {} €'
    if s % 5 == 0:
        return [
            f"  {tag}",
            f"  Plan du scénario: Calcul du net {f}-{s}",
            given.format("<matricule>", "<brut>"),
            '    Quand je calcule la paie de mars 2025 du salarié "<matricule>"',
            "    Alors le salaire brut du mois est de <brut> €",
            "    Et le salaire net avant impôt est de <net> €",
            "",
            "    Exemples:",
            "      | matricule | brut     | net      |",
            f"      | {matricule}1   | 2 000,00 | 1 560,00 |",
            f"      | {matricule}2   | 1 801,80 | 1 405,40 |",
            f"      | {matricule}3   | 3 033,40 | 2 366,05 |",
            "",
        ]
    return [
        f"  {tag}",
        f"  Scénario: Paie du salarié {f}-{s}",
        given.format(matricule, "2 000,00"),
        f'    Quand je calcule la paie de mars 2025 du salarié "{matricule}"',
        "    Alors le salaire brut du mois est de 2 000,00 €",
        "    Et les cotisations salariales sont de 440,00 €",
        "",
    ]


def generate(root: Path, files: int, scenarios: int) -> None:
    for folder in ("config", "requirements"):
        shutil.copytree(REPO / folder, root / folder)
    features = root / "features"
    shutil.copytree(
        REPO / "features" / "support", features / "support", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "features" / "conftest.py", features / "conftest.py")
    for f in range(files):
        lines = ["# language: fr", f"Fonctionnalité: Paie {f}", "", "  Contexte:"]
        lines += ["    Étant donné un gestionnaire de paie connecté", ""]
        for s in range(scenarios):
            lines += scenario(f, s)
        (features / f"paie_{f:02d}.feature").write_text("\n".join(lines), encoding="utf-8")
    (root / "raw_suite.py").write_text('from pytest_bdd import scenarios\n\nscenarios("features")\n')


def timed(command: list[str], root: Path, expect: str) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    output = completed.stdout + completed.stderr
    if expect not in output:
        raise SystemExit(f"{' '.join(command)}: expected {expect!r} in its output:\n{output[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--scenarios", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    total = args.files * args.scenarios
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, args.files, args.scenarios)
        lint = [str(AMOA), "--lang", "en", "lint"]
        raw = [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "raw_suite.py",
        ]
        raw_expect = f"{total + (args.files * args.scenarios // 5) * 2} tests collected"
        timed(lint, root, "0 error(s)")  # warm the file cache and the bytecode
        times: dict[str, list[float]] = {"lint": [], "raw": []}
        for _ in range(args.repeat):
            times["lint"].append(timed(lint, root, f"{args.files} file(s) linted: 0 error(s)"))
            times["raw"].append(timed(raw, root, raw_expect))
    lint_time, raw_time = statistics.median(times["lint"]), statistics.median(times["raw"])
    print(f"{total} scenarios ({args.files} files × {args.scenarios}), median of {args.repeat}:")
    print(f"  amoa lint (every check)        {lint_time:6.2f} s")
    print(
        f"  raw pytest-bdd collect-only    {raw_time:6.2f} s   (lint / collect: {lint_time / raw_time:.2f}×)"
    )


if __name__ == "__main__":
    main()
