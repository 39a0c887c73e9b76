"""Whether a project's built-in REST steps have an API to test.

A project that enables the built-in library (``from amoa_workflow.steps.rest import *`` in a
``conftest.py`` of its features) tests the API of ``AMOA_API_URL``. Without the variable its
``l'API de recette`` steps fail saying so; ``amoa run`` and ``amoa checkpoint`` warn before
starting, so nobody waits for a campaign that cannot pass. A project whose conftest defines its
own ``amoa_api_url`` fixture chooses its API itself: no warning; one may still give the address
in a step, so this is a warning, not a refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

URL_VARIABLE = "AMOA_API_URL"
_LIBRARY = "amoa_workflow.steps.rest"
_FIXTURE = "def amoa_api_url("
_LIMIT = 1_000_000  # bytes read from one conftest.py


def missing_api_url(features_dir: Path, environ: Mapping[str, str]) -> bool:
    if environ.get(URL_VARIABLE) or not features_dir.is_dir():
        return False
    uses_library = own_fixture = False
    for conftest in features_dir.rglob("conftest.py"):
        try:
            with conftest.open("rb") as stream:
                text = stream.read(_LIMIT)
        except OSError:
            continue
        uses_library = uses_library or _LIBRARY.encode() in text
        own_fixture = own_fixture or _FIXTURE.encode() in text
    return uses_library and not own_fixture
