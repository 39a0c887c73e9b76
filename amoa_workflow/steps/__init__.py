"""Built-in step libraries analysts use without writing Python.

A project enables the REST/JSON library with one line in its ``features/conftest.py``::

    from amoa_workflow.steps.rest import *  # noqa: F403 - built-in REST/JSON steps (FR/EN)
"""
