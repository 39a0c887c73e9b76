"""Approval gates (portes de validation): where the MOA decides, and the record of it.

``approvals.py`` opens a checkpoint's gates with their rules frozen and reads their state;
``decisions.py`` records a decision through the one ``decide`` service every way of deciding uses;
``locking.py`` finds and locks the gate a decision is made on; ``voiding.py`` voids signatures on
new failures; ``reservations.py`` lists tracked gaps and accepts or waives them; ``audit_trail.py``
verifies the audit log whole (chain, MACs, anchors, tables against it). The rules themselves
(quorum, outcome, lifecycle) are pure, in :mod:`amoa_workflow.domain`; storage goes through the
ports.

May import: domain, errors, ports.
"""
