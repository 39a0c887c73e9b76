"""The composition root: the only place that builds real adapters from settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from amoa_workflow.approvers import NotificationSettings, load_notification_settings
from amoa_workflow.config import Settings
from amoa_workflow.messages import MessageTemplates
from amoa_workflow.notifier import AppriseNotifier
from amoa_workflow.report import HtmlReport
from amoa_workflow.runner import PytestBddRunner
from amoa_workflow.sources import ProjectSources
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork


@dataclass(frozen=True)
class Application:
    """A project's real dependencies, built once per process by :func:`bootstrap`."""

    settings: Settings
    engine: Engine
    sources: ProjectSources
    runner: PytestBddRunner
    renderer: HtmlReport
    messages: MessageTemplates

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def notifications(self) -> NotificationSettings:
        """Approvers, groups and channels (config/approvers.toml, environment), read when needed."""
        return load_notification_settings(self.settings.project_dir, self.settings.lang)

    def notifier(self, notifications: NotificationSettings) -> AppriseNotifier:
        return AppriseNotifier(notifications.channels.urls)


def bootstrap(settings: Settings) -> Application:
    """Open (and migrate) the database and wire the adapters of the project."""
    return Application(
        settings=settings,
        engine=open_database(settings.database_url),
        sources=ProjectSources(
            requirements_path=settings.requirements_path,
            release_notes_path=settings.release_notes_path,
            requirement_pattern=settings.requirement_pattern,
            anomaly_pattern=settings.anomaly_pattern,
            tracker_keys=settings.tracker_keys,
        ),
        runner=PytestBddRunner(
            project_dir=settings.project_dir,
            features_dir=settings.features_dir,
            runs_dir=settings.runs_dir,
            requirement_pattern=settings.requirement_pattern,
            timeout=settings.run_timeout,
            scenario_timeout=settings.scenario_timeout,
            lang=settings.lang,
        ),
        renderer=HtmlReport(lang=settings.lang),
        messages=MessageTemplates(settings.project_name),
    )
