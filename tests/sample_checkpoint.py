"""The bundled sample's checkpoint through the real adapters and services, without Prefect.

Shared by the tests that need a recorded campaign; the Prefect flow itself is tested apart.
"""

from __future__ import annotations

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services


def run_checkpoint(app: Application, release: str) -> services.CampaignOutcome:
    """Ingest ``release``, run every scenario, record the campaign ``recette-<release>``."""
    key = services.campaign_key("recette", release)
    services.ingest(app.uow(), app.sources, release)
    run = services.run_scenarios(app.runner, release, key, services.utc_now)
    return services.record_campaign(
        app.uow(), "Paie", "recette", release, key, run.results, str(run.folder), rules=app.settings.rules
    )
