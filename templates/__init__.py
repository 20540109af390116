"""The Jinja templates, shipped inside the package as factcheck.templates (see setup.py)."""
