"""What a campaign is published as, for people and for other tools.

``acceptance_report.py`` renders the PV de recette (HTML, Markdown) and the change digest with
Jinja2; ``publication.py`` writes every requested format of a campaign; ``pdf.py`` prints the PV
with the machine's headless Chromium; ``traceability.py`` is the requirements matrix (CSV, XLSX);
``trend_chart.py`` the inline SVG trend; ``evidence.py`` the evidence pack with its SHA-256
manifest; ``living_documentation.py`` the features with their last results (``amoa docs``);
``console.py`` and ``run_console.py`` what the terminal shows (Rich tables, progress).

May import: domain, errors, escaping, i18n, ports, checkpoint, gates, lint, manual, release_notes, scenarios.
"""
