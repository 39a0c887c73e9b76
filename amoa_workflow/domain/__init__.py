"""Pure acceptance rules and data: no database, no orchestration, no templates."""
