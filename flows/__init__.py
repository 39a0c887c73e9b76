"""Prefect flows of amoa-workflow. Each task calls one plain, separately tested function."""
