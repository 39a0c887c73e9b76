"""The approvers' web page: read the PV de recette and decide, through signed, single-use links.

``links.py`` and ``csrf.py`` are pure (HMAC-SHA256, no server); ``forms.py`` reads a decision form;
``app.py`` builds the FastAPI application from dependencies the composition root passes in;
``pages.py`` holds the routes; ``headers.py`` the security headers. Nothing is built at import time.
"""
