"""The manual part of a campaign (tests utilisateurs): scenarios tagged ``@manuel`` / ``@manual``
that testers execute by hand.

``campaign.py`` holds the use cases: which manual scenarios a campaign has and who executes each
(assignment by tag, by requirement domain or explicitly), their progress per tester and per
requirement, and recording testers' results — which then join the campaign as a partial run
of those scenarios (gaps, exit criteria, tracked gaps, history). ``workbook.py`` exports a
campaign's manual scenarios to an XLSX workbook (one sheet per tester), ``workbook_results.py``
reads the results back. Each use case takes its unit of work as an argument.

May import: checkpoint, domain, errors, escaping, i18n, inputs, ports.
"""
