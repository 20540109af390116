"""The WSGI entry point in a checkout: `flask --app wsgi <command>`, `gunicorn wsgi:app`.

Installed, the same app is `gunicorn 'factcheck:create_app()'`, and the commands are
`factcheck <command>`.
"""

import sys

import click

from factcheck import create_app
from factcheck.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    if click.get_current_context(silent=True) is None:
        raise  # gunicorn: it prints the error and stops
    # A flask command: one line. Flask's `--help` would print a traceback for an exception.
    error.show()
    sys.exit(error.exit_code)
