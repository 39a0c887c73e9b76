"""Pure acceptance rules and data: no database, no orchestration, no templates.

Dataclasses (``model.py``) and the rules that need nothing but them: gap analysis, gap lifecycle
across releases, exit criteria, quorum and gate outcomes, the audit chain, selection of scenarios,
shards, flakiness, notification targeting and the outbox's retry policy. Only the standard library
is imported here, and of ours only the exception tree (:mod:`amoa_workflow.errors`, itself
importing nothing), so every rule is tested with plain values.

May import: errors.
"""
