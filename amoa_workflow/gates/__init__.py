"""Approval gates (portes de validation): where the MOA decides, and the record of it.

``approvals.py`` holds the use cases of a gate (open it with its rules frozen, decide through the
one ``decide`` service, read its state); ``locking.py`` finds and locks the gate a decision is made
on; ``voiding.py`` voids signatures on new failures; ``reservations.py`` lists tracked gaps and
accepts or waives them; ``audit_trail.py`` verifies the audit log whole (chain, MACs, anchors,
tables against it). The rules themselves (quorum, outcome, lifecycle) are pure, in
:mod:`amoa_workflow.domain`; storage goes through the ports.

May import: domain, errors, ports.
"""
