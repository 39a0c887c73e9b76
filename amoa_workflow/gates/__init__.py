"""Approval gates (portes de validation): where the MOA decides, and the record of it.

``approvals.py`` holds the use cases of a gate (open it, decide through the one ``decide``
service, void signatures, read its state); ``reservations.py`` lists tracked gaps and accepts or
waives them; ``audit_trail.py`` verifies the audit log's hash chain. The rules themselves (quorum,
outcome, lifecycle) are pure, in :mod:`amoa_workflow.domain`; storage goes through the ports.

May import: domain, errors, ports.
"""
