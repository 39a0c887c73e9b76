"""The layers hold: each package imports only what the "May import:" line of its docstring allows.

A package is a folder of ``amoa_workflow`` (or a top-level module such as ``redaction.py``, or
``flows``); its docstring states what it may import, and this test reads that line, so the
documentation and the rule cannot drift apart. Imports inside functions and ``TYPE_CHECKING``
blocks count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RULE = re.compile(r"^May import: (?P<what>[^\n]+?)\.?$", re.MULTILINE)


@dataclass(frozen=True)
class Violation:
    source: str  # file:line
    unit: str
    imported: str

    def __str__(self) -> str:
        return f"{self.source}: {self.unit} imports {self.imported}"


def units_of(root: Path, package: str) -> dict[str, Path]:
    """Each unit of the package (sub-package or top-level module) and the file holding its docstring."""
    found: dict[str, Path] = {}
    for path in sorted((root / package).iterdir()):
        if path.is_dir() and (path / "__init__.py").is_file():
            found[path.name] = path / "__init__.py"
        elif path.suffix == ".py" and path.name != "__init__.py":
            found[path.stem] = path
    return found


def rule_of(docstring_file: Path, units: set[str]) -> set[str]:
    """The units a unit may import, from the "May import:" line of its docstring."""
    doc = ast.get_docstring(ast.parse(docstring_file.read_text(encoding="utf-8"))) or ""
    match = RULE.search(doc)
    if match is None:
        raise AssertionError(f"{docstring_file}: its docstring has no 'May import:' line")
    what = match["what"].strip()
    if what == "nothing":
        return set()
    if what == "everything":
        return set(units)
    if what.startswith("everything but "):
        return set(units) - {name.strip() for name in what.removeprefix("everything but ").split(",")}
    allowed = {name.strip() for name in what.split(",")}
    unknown = allowed - units
    if unknown:
        raise AssertionError(f"{docstring_file}: 'May import:' names unknown packages {sorted(unknown)}")
    return allowed


def imported_modules(path: Path, root: Path, package: str) -> list[tuple[int, str]]:
    """(line, dotted module) of every import in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(root).with_suffix("").parts
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - node.level]
                base = ".".join([*anchor, base] if base else anchor)
            if base == package:  # from amoa_workflow import x: x may be a unit
                found += [(node.lineno, f"{package}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return found


def violations(root: Path, package: str, extra_units: dict[str, Path]) -> list[Violation]:
    units = {**units_of(root, package), **extra_units}
    names = set(units)
    rules = {unit: rule_of(doc, names) for unit, doc in units.items()}
    found: list[Violation] = []
    for unit, doc in units.items():
        files = [doc] if doc.name != "__init__.py" else sorted(doc.parent.rglob("*.py"))
        for path in files:
            if "migrations" in path.parts:
                continue  # Alembic's scripts: they import the store only
            for line, module in imported_modules(path, root, package):
                parts = module.split(".")
                target = parts[1] if parts[0] == package and len(parts) > 1 else parts[0]
                if parts[0] not in (package, *extra_units) or target == unit or target not in names:
                    continue
                if target not in rules[unit]:
                    found.append(Violation(f"{path.relative_to(root)}:{line}", unit, module))
    return found


def test_every_package_imports_only_what_its_docstring_allows() -> None:
    found = violations(REPO, "amoa_workflow", {"flows": REPO / "flows" / "__init__.py"})
    assert not found, "upward or undeclared imports:\n" + "\n".join(map(str, found))


def test_the_allowed_imports_point_down_only() -> None:
    """No cycle among the rules: the packages form layers."""
    units = {**units_of(REPO, "amoa_workflow"), "flows": REPO / "flows" / "__init__.py"}
    rules = {unit: rule_of(doc, set(units)) - {unit} for unit, doc in units.items()}
    order: list[str] = []
    remaining = dict(rules)
    while remaining:
        ready = sorted(unit for unit, needs in remaining.items() if needs <= set(order))
        assert ready, f"the rules of these packages form a cycle: {sorted(remaining)}"
        order += ready
        for unit in ready:
            del remaining[unit]
    assert order.index("domain") < order.index("ports") < order.index("checkpoint") < order.index("cli")


def test_the_domain_imports_only_the_standard_library() -> None:
    outside = [
        f"{path.relative_to(REPO)}:{line}: {module}"
        for path in sorted((REPO / "amoa_workflow" / "domain").rglob("*.py"))
        for line, module in imported_modules(path, REPO, "amoa_workflow")
        if module.split(".")[0] not in (*sys.stdlib_module_names, "amoa_workflow")
    ]
    assert not outside, "the domain must stay pure:\n" + "\n".join(outside)


@pytest.fixture
def toy_package(tmp_path: Path) -> Path:
    """A small package with the same rules: domain at the bottom, store above it, cli on top."""
    package = tmp_path / "toy"
    for name, rule in {"domain": "nothing", "store": "domain", "cli": "everything"}.items():
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text(f'"""{name}.\n\nMay import: {rule}.\n"""\n')
    (package / "__init__.py").write_text('"""toy."""\n')
    (package / "store" / "tables.py").write_text("from toy.domain import model\n")
    (package / "cli" / "app.py").write_text("from toy.store import tables\nfrom toy import domain\n")
    return tmp_path


def test_a_deliberate_upward_import_is_reported_with_its_file_and_line(toy_package: Path) -> None:
    assert violations(toy_package, "toy", {}) == []
    lazy = "def f() -> None:\n    from toy.cli import app\n"
    (toy_package / "toy" / "domain" / "model.py").write_text(f"import os\n\n\n{lazy}")
    (toy_package / "toy" / "store" / "tables.py").write_text("from toy import cli\n")

    found = sorted(map(str, violations(toy_package, "toy", {})))

    assert found == [
        "toy/domain/model.py:5: domain imports toy.cli",
        "toy/store/tables.py:1: store imports toy.cli",
    ]
