"""Manual scenarios inside the scenario-run subprocess: collected and listed, never executed.

Registered by the results plugin with the project's manual tags. After the plugin has kept the
selected scenarios, each manual one is marked in its ``user_properties`` (so the mark survives
xdist) and skipped before any fixture or step runs; the recorder writes it ``pending`` with its
declared steps pending, under the same key as if it had run.
"""

from __future__ import annotations

from typing import Any

import pytest

from amoa_workflow.domain.manual import is_manual
from amoa_workflow.scenarios.recorder import MANUAL, META

SKIP_REASON = "amoa: manual scenario, executed by a tester"


class ManualScenarios:
    def __init__(self, tags: tuple[str, ...]) -> None:
        self.tags = tags

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            meta = dict(item.user_properties).get(META)
            if isinstance(meta, dict) and is_manual(meta.get("tags", ()), self.tags):
                item.user_properties.append((MANUAL, True))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        properties: dict[str, Any] = dict(item.user_properties)
        if properties.get(MANUAL):
            pytest.skip(SKIP_REASON)
