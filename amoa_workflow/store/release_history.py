"""Campaign results seen release after release: the previous release's results and the trend.

Releases are ordered as they were ingested; each release is represented by its most recently
recorded campaign.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from amoa_workflow.domain.model import ScenarioResult
from amoa_workflow.domain.release_diff import TrendPoint
from amoa_workflow.store.campaigns import SqlCampaigns
from amoa_workflow.store.manual import with_executions
from amoa_workflow.store.result_rows import read_outcomes
from amoa_workflow.store.tables import campaigns, releases, scenario_results


class SqlReleaseHistory:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _latest_campaigns(self) -> list[tuple[str, str]]:
        """(release version, campaign key) in release order, one campaign per release."""
        rows = self.connection.execute(
            select(releases.c.id, releases.c.version, campaigns.c.key, campaigns.c.started_at)
            .join(campaigns, campaigns.c.release_id == releases.c.id)
            .order_by(releases.c.id, campaigns.c.started_at)
        ).all()
        latest: dict[int, tuple[str, str]] = {}
        for row in rows:
            latest[row.id] = (row.version, row.key)
        return [latest[key] for key in sorted(latest)]

    def previous_results(self, version: str) -> tuple[str, list[ScenarioResult]] | None:
        """The results of the release checked before ``version`` (in ingestion order), if any.

        Only each scenario's key, status and requirement codes are read (:func:`read_outcomes`), with
        what testers recorded: judging a release against the previous one needs only which
        scenarios of which requirements passed.
        """
        order = self._latest_campaigns()
        versions = [v for v, _ in order]
        if version in versions:
            earlier = order[: versions.index(version)]
        else:
            release_id = self._release_id(version)
            earlier = [(v, key) for v, key in order if self._release_id(v) < release_id]
        if not earlier:
            return None
        previous_version, key = earlier[-1]
        campaign_id = SqlCampaigns(self.connection).find(key)
        return previous_version, (
            []
            if campaign_id is None
            else with_executions(self.connection, campaign_id, read_outcomes(self.connection, campaign_id))
        )

    def trend(self, limit: int = 12) -> list[TrendPoint]:
        points = []
        for version, key in self._latest_campaigns()[-limit:]:
            query = (
                select(scenario_results.c.status, func.count())
                .join(campaigns, campaigns.c.id == scenario_results.c.campaign_id)
                .where(campaigns.c.key == key)
                .group_by(scenario_results.c.status)
            )
            counts = {status: int(count) for status, count in self.connection.execute(query).tuples()}
            failed = sum(counts.get(s, 0) for s in ("failed", "undefined", "error"))
            points.append(TrendPoint(version, counts.get("passed", 0), failed, counts.get("skipped", 0)))
        return points

    def _release_id(self, version: str) -> int:
        found = self.connection.execute(select(releases.c.id).where(releases.c.version == version)).scalar()
        return int(found) if found is not None else 10**9
