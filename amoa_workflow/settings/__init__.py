"""Everything read from ``config/*.toml`` and the environment, once, at the edge.

``project.py`` reads ``config/amoa.toml`` and the environment into :class:`Settings` (paths,
database URL, language, run limits); ``acceptance.py`` its ``[severity]`` and ``[exit_criteria]``
tables; ``schedules.py`` its ``[[schedules]]``; ``approvers.py`` reads ``config/approvers.toml``
(approvers, groups, their channels from environment variables, delivery policy) with
``apprise_config.py`` for apprise URLs and files; ``gates.py`` its ``[[gates]]``;
``approver_keys.py`` the approvers' public keys (checked, and registered by ``amoa keys``); ``scaffold.py``
writes a new project's files (``amoa init``). Every mistake is a ``ConfigError`` naming the file.

May import: domain, errors, redaction, signatures.
"""
