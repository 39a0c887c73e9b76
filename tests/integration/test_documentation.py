"""The README is a short front door and the guide under docs/ holds together.

The README stays within its word budget; every relative link of the README and of the guide
leads to a file (and, for a Markdown page, to one of its headings when an anchor is given);
every source path or module the text cites exists; and ``mkdocs build --strict`` passes, so
a page missing from the navigation, a broken link or anchor fails here before it fails in CI.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
MAX_README_WORDS = 1200
REQUIRE_DOCS_VARIABLE = "AMOA_TEST_REQUIRE_DOCS"

LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
# A file of the repository cited in the text: amoa_workflow/gates/approvals.py, tests/unit/test_x.py…
SOURCE_PATH = re.compile(
    r"(?<![\w/.-])(?:amoa_workflow|flows|tests|benchmarks|scripts)/[\w./-]*\.(?:py|j2|json|css|sh)\b"
)
# A module or one of its names cited with dots: amoa_workflow.gates.decisions.decide, flows.reminders…
DOTTED = re.compile(r"(?<![\w/.-])(?:amoa_workflow|flows)(?:\.[A-Za-z_]\w*)+")
FILE_NAME = re.compile(r"\.(?:md|py|toml|yaml|html|json)$")


def pages() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def shown(path: Path) -> str:
    return str(path.relative_to(REPO))


def outside_code(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def slug(title: str) -> str:
    """The anchor MkDocs (Python-Markdown's toc) gives a heading: accents folded, punctuation dropped."""
    text = re.sub(r"`([^`]*)`", r"\1", title)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for _, line in outside_code(page.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if match:
            base = slug(match["title"])
            anchor, n = base, 0
            while anchor in found:  # a repeated heading gets _1, _2…
                n += 1
                anchor = f"{base}_{n}"
            found.add(anchor)
    return found


def test_the_readme_is_a_short_front_door() -> None:
    words = len(README.read_text(encoding="utf-8").split())

    assert words <= MAX_README_WORDS, (
        f"README.md has {words} words (at most {MAX_README_WORDS}): move it to docs/"
    )


def test_the_slugs_are_those_of_mkdocs() -> None:
    assert slug("Prise en main / Getting started") == "prise-en-main-getting-started"
    assert slug("Écarts et PV de recette") == "ecarts-et-pv-de-recette"
    assert slug("`amoa run`: selection, sharding") == "amoa-run-selection-sharding"


def test_every_heading_of_the_guide_gets_the_slug_python_markdown_gives_it() -> None:
    toc = pytest.importorskip("markdown.extensions.toc")
    differ = [
        f"{shown(page)}: {match['title']}"
        for page in pages()
        for _, line in outside_code(page.read_text(encoding="utf-8"))
        if (match := HEADING.match(line))
        and slug(match["title"]) != toc.slugify(re.sub(r"`([^`]*)`", r"\1", match["title"]), "-")
    ]
    assert not differ, "headings whose anchor this test would compute wrongly:\n" + "\n".join(differ)


def test_every_relative_link_leads_to_a_file_and_heading() -> None:
    broken = []
    for page in pages():
        for number, line in outside_code(page.read_text(encoding="utf-8")):
            for match in LINK.finditer(line):
                target = match["target"]
                if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:…
                    continue
                path_part, _, anchor = target.partition("#")
                resolved = (page.parent / path_part).resolve() if path_part else page
                where = f"{shown(page)}:{number}: {target}"
                if not resolved.exists():
                    broken.append(f"{where} (no such file)")
                elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                    broken.append(f"{where} (no heading #{anchor} in {shown(resolved)})")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_the_readme_links_into_the_guide() -> None:
    targets = {m["target"].partition("#")[0] for m in LINK.finditer(README.read_text(encoding="utf-8"))}

    assert "docs/index.md" in targets
    assert len([t for t in targets if t.startswith("docs/")]) >= 8


def test_every_source_path_cited_exists() -> None:
    missing = [
        f"{shown(page)}:{number}: {match.group(0)}"
        for page in pages()
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        for match in SOURCE_PATH.finditer(line)
        if not (REPO / match.group(0)).is_file()
    ]
    assert not missing, "paths cited that do not exist:\n" + "\n".join(missing)


def module_part(dotted: str) -> tuple[Path | None, list[str]]:
    """The file of the longest module prefix of ``dotted``, and the names after it."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        base = REPO.joinpath(*parts[:end])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate, parts[end:]
    return None, parts


def defines(source: Path, name: str) -> bool:
    """Whether the module defines or imports ``name`` (a function, class, constant or re-export)."""
    text = source.read_text(encoding="utf-8")
    forms = (
        rf"^\s*(?:async\s+)?(?:def|class)\s+{name}\b",
        rf"^{name}\s*[:=]",
        rf"^from\s+\S+\s+import\s+[^\n]*\b{name}\b",
    )
    return any(re.search(form, text, re.MULTILINE) for form in forms)


def test_every_module_and_name_cited_exists() -> None:
    missing = []
    for page in pages():
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for match in DOTTED.finditer(line):
                if FILE_NAME.search(match.group(0)):  # flows.md, a page: not a module
                    continue
                source, names = module_part(match.group(0))
                if source is None or (names and not defines(source, names[0])):
                    missing.append(f"{shown(page)}:{number}: {match.group(0)}")
    assert not missing, "modules or names cited that do not exist:\n" + "\n".join(missing)


def test_the_guide_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        if os.environ.get(REQUIRE_DOCS_VARIABLE):
            pytest.fail(
                f"{REQUIRE_DOCS_VARIABLE} is set but mkdocs is not installed (pip install -e '.[test]')"
            )
        pytest.skip("needs mkdocs-material (pip install -e '.[test]')")

    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # the theme's banner, not a build warning
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "site" / "index.html").is_file()
