"""A project's own pytest-bdd test modules, and the one import rule shared by runs and lint.

Teams arrive with pytest-bdd projects laid out as its documentation teaches: ``test_*.py``
modules that call ``scenarios("…feature")`` or decorate tests with ``@scenario``, step
definitions in those modules or in ``conftest.py`` files anywhere from the project root down.
A run collects those modules next to the feature files, and the results plugin keeps each
scenario once (the project's binding, with its steps and fixtures, wins over ours).

Imports follow one rule, the one ``python -m pytest`` run from the project folder applies with
its default ``prepend`` import mode: the project folder is importable (``from steps.paie import
*``), and so is the first folder above a module that is not a package. :func:`search_path` is it;
the runner and the step registry of ``amoa lint`` both use it.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

# Folders pytest does not collect from by default (its ``norecursedirs``).
NORECURSE = (
    "*.egg",
    ".*",
    "_darcs",
    "build",
    "CVS",
    "dist",
    "node_modules",
    "venv",
    "{arch}",
    "__pycache__",
)
_TEST_MODULE = ("test_*.py", "*_test.py")  # pytest's default python_files
_BINDING = re.compile(r"\bscenarios?\s*\(")
_LIMIT = 1_000_000  # bytes read from one module to look for a binding


def binding_modules(project_dir: Path, features_dir: Path, skip: Iterable[Path] = ()) -> tuple[str, ...]:
    """Paths (:func:`project_path`) of the test modules that bind scenarios of ``features_dir``.

    A module counts when it lies in the features folder, or when one of its ``scenarios(...)`` /
    ``@scenario(...)`` calls names, as a literal, a path inside it: a project's other test modules
    (its unit tests, tools binding features of their own) are never imported by a run. A features
    folder outside the project (a shared repository of features) is looked through as well.
    """
    skipped = {p.resolve() for p in skip}
    features = features_dir.resolve()
    found: list[str] = []
    project = project_dir.resolve()
    tops = [project] if features.is_relative_to(project) else [project, features]
    for folder, subfolders, files in (walked for top in tops for walked in os.walk(top)):
        here = Path(folder)
        subfolders[:] = sorted(
            d for d in subfolders
            if not any(fnmatch(d, p) for p in NORECURSE) and (here / d).resolve() not in skipped
        )  # fmt: skip
        for name in sorted(files):
            path = here / name
            if any(fnmatch(name, p) for p in _TEST_MODULE) and _binds(path, features):
                found.append(project_path(project, path))
    return tuple(dict.fromkeys(found))


def project_path(project_dir: Path, path: Path) -> str:
    """How a run names a file (in its scenarios' keys, to pytest): relative to the project when it
    is inside, else absolute (features shared between projects may live anywhere)."""
    resolved, project = path.resolve(), project_dir.resolve()
    return (resolved.relative_to(project) if resolved.is_relative_to(project) else resolved).as_posix()


def _binds(path: Path, features: Path) -> bool:
    try:
        with path.open("rb") as stream:
            text = stream.read(_LIMIT).decode("utf-8", errors="replace")
    except OSError:
        return False
    if "pytest_bdd" not in text or _BINDING.search(text) is None:
        return False
    if path.resolve().is_relative_to(features):
        return True
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node.func) in ("scenario", "scenarios"):
            for argument in node.args:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    target = (path.parent / argument.value).resolve()
                    if target == features or target.is_relative_to(features):
                        return True
    return False


def _called(function: ast.expr) -> str:
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def project_import_root(project_dir: Path) -> str:
    """The folder every run and lint can import the project's own modules from."""
    return str(project_dir.resolve())


def search_path(project_dir: Path, module: Path) -> list[str]:
    """The folders a module of the project imports from: its pytest base folder, then the project."""
    folder = module.resolve().parent
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        folder = folder.parent
    return list(dict.fromkeys([str(folder), project_import_root(project_dir)]))


def conftests_above(project_dir: Path, folder: Path) -> list[Path]:
    """``conftest.py`` files from the project root down to ``folder`` (excluded), as pytest loads them."""
    project, target = project_dir.resolve(), folder.resolve()
    if target == project or not target.is_relative_to(project):
        return []
    return [f / "conftest.py" for f in _between(project, target) if (f / "conftest.py").is_file()]


def _between(project: Path, target: Path) -> list[Path]:
    """``project`` and the folders under it down to ``target``'s parent."""
    parts = target.relative_to(project).parts[:-1]
    return [project.joinpath(*parts[:depth]) for depth in range(len(parts) + 1)]
