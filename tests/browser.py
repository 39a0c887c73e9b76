"""Headless Chromium for the tests that need a browser: found on PATH, or the test is skipped.

Without Chromium the tests that need it are reported as skipped, with the reason, so the whole
suite passes on a machine that only has Python. CI installs Chromium and sets
``AMOA_TEST_REQUIRE_BROWSER=1``: there a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRE_VARIABLE = "AMOA_TEST_REQUIRE_BROWSER"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def find_browser(*programs: tuple[str, ...]) -> tuple[str, ...]:
    """The path of one program of each group (e.g. ("chromium", "chromium-browser")), or skip/fail."""
    found = [next((path for name in names if (path := shutil.which(name))), None) for names in programs]
    if all(found):
        return tuple(path for path in found if path)
    absent = [names[0] for names, path in zip(programs, found, strict=True) if path is None]
    missing = " and ".join(absent) + (" are" if len(absent) > 1 else " is")
    how = "apt-get install chromium chromium-driver"
    if os.environ.get(REQUIRE_VARIABLE):
        pytest.fail(f"{REQUIRE_VARIABLE} is set but {missing} not installed ({how})")
    pytest.skip(f"needs a browser: {missing} not installed here ({how})")
