"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi <command>`."""

from factcheck import create_app

app = create_app()
