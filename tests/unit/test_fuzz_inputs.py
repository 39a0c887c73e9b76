"""Every file the tool reads from a user or a vendor, fuzzed: our error or a result, nothing else.

For requirements (YAML, CSV, XLSX), both configuration files (config/amoa.toml, with its
[severity], [exit_criteria] and [[schedules]]; config/approvers.toml, with its approvers, groups,
notifications and gates) and release notes in our YAML format with hostile YAML (anchors,
aliases, deep nesting), hypothesis writes arrangements of real fragments, random text and random
bytes. Each reading must end with a result or an :class:`AmoaError` — never another exception,
never a hang (each example has a deadline), never a large allocation (peak measured with
tracemalloc). Release notes of every format and Gherkin features have their own fuzz tests
(tests/unit/test_release_notes_robustness.py, tests/unit/test_lint_robustness.py).
"""

from __future__ import annotations

import io
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amoa_workflow.errors import AmoaError
from amoa_workflow.release_notes import ReferencePatterns, read_release_notes
from amoa_workflow.requirements import read_requirements
from amoa_workflow.settings.approvers import load_notification_settings
from amoa_workflow.settings.gates import load_gates
from amoa_workflow.settings.project import load_settings
from amoa_workflow.settings.schedules import load_schedules

MEMORY = 200 * 1024 * 1024  # bytes: far above what any of these small files needs
FUZZ = settings(
    max_examples=150, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow]
)
HOSTILE_YAML = [
    "&a [x, x, x]",
    "*a",
    "[*a, *a, *a]",
    "!!python/object:os.system",
    "\x00",
    "[" * 80,
    "]" * 80,
    "? complex key",
    "!!binary aGVsbG8=",
    "<<: *a",
    "- &b {k: *a}",
    "null",
    "~",
    "42",
    "true",
]


@contextmanager
def bounded() -> Iterator[None]:
    """Fails the example if reading allocated more than :data:`MEMORY` at its peak."""
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY, f"peak allocation {peak / 1e6:.0f} MB"


def read_or_refuse(read: Callable[[], object]) -> None:
    with bounded():
        try:
            read()
        except AmoaError as error:
            assert error.render("fr") and error.render("en")


def in_folder(name: str, content: bytes, read: Callable[[Path], object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        read_or_refuse(lambda: read(Path(folder)))


def utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def lines(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=30)), max_size=30).map("\n".join)


REQUIREMENTS_YAML = [
    "exigences:",
    "requirements:",
    "  - id: EXG-001",
    "  - id: EXG-x",
    "    titre: Salaire",
    "    titre:",
    "    criticite: critique",
    "    criticite: haute",
    "    domaine: Paie",
    "    description: |",
    "      texte",
    "    lot: 1.2.0",
    "  -",
    "    - x",
    *HOSTILE_YAML,
]
REQUIREMENTS_CSV = [
    "Id;Titre;Criticité;Domaine",
    "id,title,criticality,domain",
    "EXG-001;Salaire;critique;Paie",
    "EXG-001;;mineure;",
    '"EXG-002";"a;b";majeure;"x\ny"',
    "\r",
    "\r\n",
    ";;;;",
    '"',
    "\t",
]


@FUZZ
@given(
    st.one_of(
        lines(REQUIREMENTS_YAML).map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=300)
    )
)
def test_requirements_in_yaml(content: bytes) -> None:
    in_folder("exigences.yaml", content, lambda root: read_requirements(root / "exigences.yaml", r"EXG-\d+"))


@FUZZ
@given(
    st.one_of(lines(REQUIREMENTS_CSV).map(lambda t: t.encode("cp1252", "replace")), st.binary(max_size=300))
)
def test_requirements_in_csv(content: bytes) -> None:
    in_folder("exigences.csv", content, lambda root: read_requirements(root / "exigences.csv", r"EXG-\d+"))


PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)  # what a sheet holds
CELLS = st.one_of(
    st.none(),
    PRINTABLE,
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.sampled_from(["Id", "Titre", "Criticité", "Domaine", "EXG-001", "critique", "=1+1"]),
)


@FUZZ
@given(
    st.lists(st.lists(CELLS, max_size=6), max_size=8),
    st.sampled_from(["Exigences", "Feuil1", "x" * 31]),
    st.one_of(st.none(), st.binary(max_size=200)),
)
def test_requirements_in_xlsx(rows: list[list[object]], sheet: str, garbage: bytes | None) -> None:
    from openpyxl import Workbook

    if garbage is None:
        book = Workbook()
        book.active.title = sheet
        for row in rows:
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    else:
        content = b"PK\x03\x04" + garbage  # a zip that is not one
    in_folder("exigences.xlsx", content, lambda root: read_requirements(root / "exigences.xlsx", r"EXG-\d+"))


AMOA_TOML = [
    "[project]",
    'name = "Paie"',
    'language = "xx"',
    "[paths]",
    'data = "data"',
    "[references]",
    'requirement = "EXG-("',
    'tracker_keys = ["paie"]',
    "[checkpoint]",
    "run_timeout = 1e400",
    "scenario_timeout = -1",
    "run_timeout = nan",
    "[flakiness]",
    "window = 1",
    "[database]",
    "connect_timeout = 0",
    "[severity]",
    'requirement_failing = ["blocking", "major"]',
    'flaky = ["x", "y", "z"]',
    "[exit_criteria]",
    "max_blocking = -1",
    "min_pass_rate = 101",
    "[[schedules]]",
    'release = "1.1.0"',
    'cron = "* * *"',
    'timezone = "Mars/Olympus"',
    'wait_for_approval = "maybe"',
    "shards = 0",
    "[[",
    "= =",
    '"\\u0000"',
]


@FUZZ
@given(st.one_of(lines(AMOA_TOML).map(utf8), st.binary(max_size=300)))
def test_the_project_configuration(content: bytes) -> None:
    def read(root: Path) -> object:
        load_settings(root, environ={})
        return load_schedules(root)

    in_folder("config/amoa.toml", content, read)


APPROVERS_TOML = [
    "[notifications]",
    "max_attempts = 0",
    "first_retry = -5",
    "remind_after = 1e400",
    'escalate_to = ["nobody"]',
    'report_link = "{oops}"',
    "[[approvers]]",
    'id = "dupont"',
    'id = "Dupont:1"',
    'name = "Claire"',
    'domains = ["Paie"]',
    'lang = "xx"',
    'urls_from = ["AMOA_NOTIFY_X"]',
    'public_key = "ssh-ed25519 AAAA"',
    "[[groups]]",
    'members = ["dupont", "ghost"]',
    "[[gates]]",
    'name = "vabf"',
    'name = "VABF!"',
    'approvers = ["dupont"]',
    'quorum = "n_of_m"',
    "required = 5",
    "timeout = -1",
    'checkpoint = "recette"',
    "[[",
    "x = [1, 'a']",
]


@FUZZ
@given(
    st.one_of(
        lines(APPROVERS_TOML).map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=300)
    )
)
def test_the_approvers_configuration(content: bytes) -> None:
    def read(root: Path) -> object:
        load_notification_settings(root, "fr", {"AMOA_NOTIFY_X": "json://127.0.0.1:9/hook"})
        return load_gates(root, "recette")

    in_folder("config/approvers.toml", content, read)


NOTES_YAML = [
    "format: amoa-release-notes/1",
    "releases:",
    "  - version: 1.0.0",
    "  - version: 1.10",
    "    date: 2025-02-31",
    "    items:",
    "      - kind: fixed",
    "      - kind: broken",
    "        text: t",
    "        text: null",
    "        anomalies: [42, true]",
    "        links: [not a uri]",
    *HOSTILE_YAML,
]


@FUZZ
@given(lines(NOTES_YAML), st.sampled_from(["notes.yaml", "notes.json"]))
def test_release_notes_in_our_format_with_hostile_yaml(text: str, name: str) -> None:
    patterns = ReferencePatterns(r"EXG-\d+", r"ANO-\d+")
    in_folder(
        name,
        text.encode("utf-8", "surrogatepass"),
        lambda root: read_release_notes(root / name, "1.0.0", patterns),
    )
