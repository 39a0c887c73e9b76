"""Prefect flows of amoa-workflow. Each task calls one plain, separately tested function.

The flows are entry points: they build the real adapters through :mod:`amoa_workflow.bootstrap`
and call use cases; the command line starts or serves them.

May import: everything but cli, web.
"""
