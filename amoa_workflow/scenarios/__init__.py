"""Running the Gherkin scenarios with pytest-bdd, and what comes out of a run.

The runner side: ``runner.py`` plans and starts one pytest subprocess per shard
(``shard_process.py`` follows and stops it); inside that subprocess, ``plugin.py`` (loaded with
``-p amoa_workflow.scenarios.plugin``) collects the ``.feature`` files, ``recorder.py`` writes one
JSON line per scenario or outline row, ``timeout.py`` enforces the per-scenario time limit and
``step_index.py`` keeps step lookup fast with large step libraries. ``records.py`` is the JSON
form of a result, ``exports.py`` makes JUnit XML and Cucumber JSON from our records.
The step library side: ``step_registry.py`` finds a project's step definitions without running
pytest, ``step_catalog.py`` lists them for analysts (``amoa steps``).
The use cases of runs (``runs.py``: run, rerun failures, history, flakiness, exports) take their
unit of work and runner as arguments.

May import: domain, errors, escaping, i18n, ports, checkpoint.
"""
