"""amoa-workflow: acceptance (recette) workflow engine for AMOA teams."""

__version__ = "0.1.0"
