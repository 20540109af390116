"""The WSGI entry point in a checkout: `flask --app wsgi <command>`, `gunicorn wsgi:app`.

Installed, the same app is `gunicorn 'factcheck:create_app()'`, and the commands are
`factcheck <command>`.
"""

from factcheck import create_app

app = create_app()
