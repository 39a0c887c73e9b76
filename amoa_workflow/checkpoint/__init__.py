"""An acceptance checkpoint's use cases: ingest a release, record a campaign, judge it.

``services.py`` holds the use cases (ingest the vendor's notes and the requirements, run the
scenarios through a runner port, record the campaign and its gaps in one unit of work, read a
campaign's outcome back); ``outcomes.py`` what they give back (a campaign's outcome, the
fingerprint of its PV); ``scenario_runs.py`` the runner's port and the ids of runs;
``assessment.py`` judges a campaign (gaps against the previous release, their lifecycle, exit
criteria, trend) inside that unit of work; ``sources.py`` reads the project's input files
(requirements repository, release notes). Each use case takes its dependencies as arguments;
nothing here builds an adapter, prints or exits.

May import: domain, errors, ports, gates, release_notes, requirements.
"""
