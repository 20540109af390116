"""The Alembic migrations, shipped inside the package as factcheck.migrations (see setup.py)."""
