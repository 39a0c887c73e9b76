"""How fast release notes are read: a generated 20 MB Markdown changelog, parsed end to end.

The file holds thousands of versions in Keep a Changelog style with French and English
headings, nested bullets, wrapped lines and references; the release asked for is the oldest
one, so every heading is scanned. Prints size, seconds (best of N) and MB/s, in wall time and in
CPU time of this process (the steadier figure on a loaded machine). Usage:

    .venv/bin/python benchmarks/release_notes_parsing.py [--megabytes 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from amoa_workflow.release_notes import ReferencePatterns, read_release_notes

SECTIONS = ["### Nouveautés", "### Corrections", "### Changed", "### Limitations connues", "### Security"]


def generate(path: Path, megabytes: float) -> tuple[int, str]:
    target = int(megabytes * 1024 * 1024)
    chunks: list[str] = ["# Notes de version — PaieNova\n\n"]
    size, number = 0, 0
    while size < target:
        number += 1
        lines = [
            f"## [{number // 100}.{number % 100}.0] - 2025-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "",
        ]
        for position, section in enumerate(SECTIONS):
            lines += [section, ""]
            for item in range(4):
                lines.append(
                    f"- EXG-{(number + item) % 1000:03d} : évolution n°{item} du calcul de paie, voir "
                    f"PAIE-{number * 10 + item} et #{number + position} (ANO-{number % 500})"
                )
                lines.append("  suite de la description sur une seconde ligne")
                if item == 0:
                    lines.append("  - détail imbriqué")
            lines.append("")
        block = "\n".join(lines) + "\n"
        chunks.append(block)
        size += len(block.encode("utf-8"))
    chunks.reverse()  # newest first, as changelogs are written; the title goes back on top
    chunks.insert(0, chunks.pop())
    path.write_text("".join(chunks), encoding="utf-8")
    return number, "0.1.0"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    patterns = ReferencePatterns(r"EXG-\d{3}", r"ANO-\d+", ("PAIE",))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "CHANGELOG.md"
        versions, oldest = generate(path, options.megabytes)
        size = path.stat().st_size
        best = best_cpu = float("inf")
        for _ in range(options.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            reading = read_release_notes(path, oldest, patterns, max_bytes=size + 1)
            best = min(best, time.perf_counter() - started)
            best_cpu = min(best_cpu, time.process_time() - started_cpu)
        assert len(reading.release.items) == 20, len(reading.release.items)
    megabytes = size / 1024 / 1024
    print(f"changelog: {megabytes:.1f} MB, {versions} versions; asked for the oldest ({oldest})")
    print(f"parse: {best:.2f} s (best of {options.repeat}), {megabytes / best:.1f} MB/s")
    print(f"cpu:   {best_cpu:.2f} s (best of {options.repeat}), {megabytes / best_cpu:.1f} MB per CPU second")


if __name__ == "__main__":
    main()
