"""A generated acceptance project for the benchmarks: N feature files × M French scenarios × 3 steps.

    generate(root, files=50, scenarios=20)                  # 1000 scenarios, 3000 steps
    generate(root, io_wait_ms=5)                            # the "When" step waits 5 ms (a call to the SUT)
    generate(root, io_wait_ms=5, io_every_step=True)        # each of the 3 steps waits 5 ms
    generate(root, extra_steps=2000)                        # a step library with 2000 more definitions

The project is complete (config, requirements, release notes), so it can run through ``amoa run``
or the Prefect checkpoint too. ``features/raw_suite.py`` is the plain pytest-bdd module the raw
measurement runs (``scenarios(".")``); our runner, which collects ``.feature`` files, ignores it.

Run alone, it writes a project to a folder: ``python benchmarks/suite.py /tmp/suite --extra-steps 2000``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

REQUIREMENTS = 50

CONFTEST = '''"""Steps of the generated payroll suite."""

import time

from pytest_bdd import given, parsers, then, when

IO_WAIT = {io_wait}  # seconds: a call to the system under test
IO_EVERY_STEP = {io_every_step}  # every step calls it, not only "When"


@given(parsers.parse("un salarié au salaire brut de {{brut:d}} euros"), target_fixture="brut")
def brut(brut: int) -> int:
    if IO_EVERY_STEP:
        time.sleep(IO_WAIT)
    return brut


@when("la paie est calculée", target_fixture="net")
def net(brut: int) -> float:
    if IO_WAIT:
        time.sleep(IO_WAIT)
    return brut * 0.78


@then("le salaire net est positif")
def positif(net: float) -> None:
    if IO_EVERY_STEP:
        time.sleep(IO_WAIT)
    assert net > 0
'''

# A large library, shaped like real ones: mostly phrases that start with words, each kind of
# parser, and some definitions that start with a parameter (those are tried on every step).
SUBJECTS = (
    "le gestionnaire",
    "la règle de gestion",
    "le bulletin",
    "l'indicateur",
    "le contrat",
    "la période",
)


def extra_step(index: int) -> str:
    subject = SUBJECTS[index % len(SUBJECTS)]
    kind = index % 20
    if kind == 0:  # 5 %: the parameter comes first
        decorator, arguments = f'@given(parsers.parse("{{n:d}} dossiers de type T{index:04d}"))', "n"
    elif kind < 8:
        decorator, arguments = f'@given("{subject} {index:04d} est prêt")', ""
    elif kind < 16:
        text = f"{subject} {index:04d} vaut {{valeur:d}} pour {{periode}}"
        decorator, arguments = f'@when(parsers.parse("{text}"))', "valeur, periode"
    else:
        decorator, arguments = (
            f'@then(parsers.re(r"{subject} {index:04d} (?:est|reste) (?P<etat>\\w+)"))',
            "etat",
        )
    return f"{decorator}\ndef extra_{index}({arguments}):\n    pass\n"


def generate(
    root: Path,
    files: int = 50,
    scenarios: int = 20,
    io_wait_ms: float = 0.0,
    extra_steps: int = 0,
    io_every_step: bool = False,
) -> Path:
    """Write the project under ``root``; returns its features folder."""
    features = root / "features"
    features.mkdir(parents=True)
    conftest = CONFTEST.format(io_wait=io_wait_ms / 1000, io_every_step=io_every_step)
    if extra_steps:
        conftest += "\n\n" + "\n\n".join(extra_step(i) for i in range(extra_steps))
    (features / "conftest.py").write_text(conftest, encoding="utf-8")
    for f in range(files):
        lines = ["# language: fr", f"Fonctionnalité: Paie {f}", ""]
        for s in range(scenarios):
            lines += [
                f"  @EXG-{(f * scenarios + s) % REQUIREMENTS:03d}",
                f"  Scénario: calcul {f}-{s}",
                f"    Étant donné un salarié au salaire brut de {2000 + s} euros",
                "    Quand la paie est calculée",
                "    Alors le salaire net est positif",
                "",
            ]
        (features / f"paie_{f:02d}.feature").write_text("\n".join(lines), encoding="utf-8")
    (features / "raw_suite.py").write_text(
        'from pytest_bdd import scenarios\n\nscenarios(".")\n', encoding="utf-8"
    )
    (root / "pytest.ini").write_text(
        "[pytest]\nfilterwarnings =\n    ignore::pytest.PytestUnknownMarkWarning\n", encoding="utf-8"
    )
    _project_files(root)
    return features


def _project_files(root: Path) -> None:
    (root / "config").mkdir()
    (root / "config" / "amoa.toml").write_text(
        '[project]\nname = "Banc d\'essai"\nlanguage = "en"\n[references]\nrequirement = "EXG-\\\\d{3}"\n'
        "[checkpoint]\nrun_timeout = 1800\n",
        encoding="utf-8",
    )
    (root / "requirements").mkdir()
    entries = [
        f"  - id: EXG-{n:03d}\n    titre: Exigence {n}\n    criticite: majeure\n    domaine: Paie\n"
        for n in range(REQUIREMENTS)
    ]
    (root / "requirements" / "exigences.yaml").write_text("exigences:\n" + "".join(entries), encoding="utf-8")
    (root / "release_notes").mkdir()
    (root / "release_notes" / "CHANGELOG.md").write_text(
        "# Notes de version\n\n## [1.0.0] - 2025-03-14\n\n### Nouveautés\n- Calcul de la paie (EXG-001)\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--scenarios", type=int, default=20)
    parser.add_argument("--io-wait-ms", type=float, default=0.0)
    parser.add_argument("--extra-steps", type=int, default=0)
    options = parser.parse_args()
    features = generate(
        options.folder, options.files, options.scenarios, options.io_wait_ms, options.extra_steps
    )
    print(f"{options.files * options.scenarios} scenarios in {features}")


if __name__ == "__main__":
    main()
