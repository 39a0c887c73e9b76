"""Telling approvers: queue events in the outbox, render them, send them with apprise.

``services.py`` holds the use cases (announce events, deliver what is due, resend, remind);
``messages.py`` renders each event in French or English, HTML and text (Jinja2 templates in
``templates/notifications/``); ``notifier.py`` sends one outbox row through apprise and reads its
result per channel. Who is told, and through which channels, is read by
:mod:`amoa_workflow.settings.approvers`; secrets are kept out of logs by :mod:`amoa_workflow.redaction`.

May import: domain, errors, i18n, ports, redaction, settings, checkpoint, gates, manual, waiting_runs.
"""
