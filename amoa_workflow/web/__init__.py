"""The approvers' web page: read the PV de recette and decide, through signed, single-use links.

``links.py`` gives the links their address (signing them and their forms' CSRF tokens, HMAC-SHA256,
is :mod:`amoa_workflow.signatures.links`'s); ``forms.py`` reads a decision form;
``app.py`` builds the FastAPI application from dependencies the composition root passes in;
``pages.py`` what every page shares and the links' door, ``gate_pages.py`` the approvers' routes;
``headers.py`` the security headers. Nothing is built at import time.

An entry point, like the command line: built by the composition root (:mod:`amoa_workflow.bootstrap`),
it uses the packages below it, never the command line, the flows or the root itself.

May import: everything but cli, bootstrap, flows.
"""
