"""The PV of a recette of 10,000 requirements: under 2 MB, every gap and every requirement not OK
listed, the rest counted per domain, and it opens in headless Chromium."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from amoa_workflow.domain.model import Verdict
from amoa_workflow.reporting.acceptance_report import HtmlReport
from tests.browser import FLAGS, find_browser
from tests.large_recette import outcome

LIMIT = 2_000_000  # bytes


@pytest.fixture(scope="module")
def chromium() -> str:
    (found,) = find_browser(("chromium", "chromium-browser"))
    return found


def test_the_pv_of_10_000_requirements_stays_under_2_mb_and_opens_in_chromium(
    chromium: str, tmp_path: Path
) -> None:
    large = outcome(10_000)
    target = HtmlReport("fr").render(large, tmp_path / "recette-1.1.0.html")

    size = target.stat().st_size
    dom = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", target.as_uri()],
        capture_output=True, text=True, timeout=300, check=True,
    ).stdout  # fmt: skip

    assert size <= LIMIT, f"{size / 1e6:.2f} MB"
    assert "Procès-verbal de recette" in dom and 'id="recommendation"' in dom
    gaps = re.search(r'<table id="gaps">(.*?)</table>', dom, re.S)
    assert gaps and gaps.group(1).count("<tr>") == len(large.gaps) + 1  # every gap, and the header
    not_ok = {row.requirement.code for row in large.coverage if row.verdict is not Verdict.OK}
    listed = re.search(r'<table id="traceability">(.*?)</table>', dom, re.S)
    assert listed and set(re.findall(r"<td>(EXG-\d+)</td>", listed.group(1))) == not_ok
    assert 'id="requirements-summed"' in dom and 'id="scenarios-summed"' in dom
    domains = re.search(r'<table id="domains">(.*?)</table>', dom, re.S)
    assert domains and domains.group(1).count("<tr>") == 11  # ten business domains, and the header
