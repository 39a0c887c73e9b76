"""Built-in step libraries analysts use without writing Python.

A project enables the REST/JSON library with one line in its ``features/conftest.py``::

    from amoa_workflow.steps.rest import *  # noqa: F403 - built-in REST/JSON steps (FR/EN)

These modules run inside the scenarios' pytest process, in the analysts' projects:
they import pytest-bdd and httpx, and nothing else of ours.

May import: nothing.
"""
