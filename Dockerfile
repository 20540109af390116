# factcheck under gunicorn, installed from the lock (requirements/main.txt), as a non-root user.
#   docker build -t factcheck .      (compose.yaml runs it with PostgreSQL and Redis)
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
# The exact, hashed dependencies first: this layer is reused until the lock changes.
COPY requirements/main.txt requirements/main.txt
RUN python -m venv /opt/factcheck \
    && /opt/factcheck/bin/pip install --no-cache-dir --require-hashes --no-deps -r requirements/main.txt
COPY setup.py setup.cfg pyproject.toml README.md LICENSE ./
COPY factcheck factcheck
COPY templates templates
COPY migrations migrations
RUN /opt/factcheck/bin/pip wheel --no-cache-dir --no-deps --wheel-dir /tmp/dist . \
    && /opt/factcheck/bin/pip install --no-cache-dir --no-deps /tmp/dist/factcheck-*.whl \
    && /opt/factcheck/bin/pip check

FROM python:3.11-slim-bookworm
RUN useradd --system --uid 10001 --create-home --home-dir /srv/factcheck factcheck
COPY --from=build /opt/factcheck /opt/factcheck
# Flask's instance folder for an installed package: the SQLite database and a generated key
# live here when no PostgreSQL and no FACTCHECK_SECRET_KEY are given (a single container).
RUN install -d -o factcheck -g factcheck /opt/factcheck/var/factcheck-instance
ENV PATH=/opt/factcheck/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
USER factcheck
WORKDIR /srv/factcheck
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status != 200)"]
# WEB_CONCURRENCY sets the number of gunicorn workers (default 2). Serving needs
# FACTCHECK_SITE_URL (or FACTCHECK_TRUSTED_HOSTS): docker run -e FACTCHECK_SITE_URL=https://…
CMD ["factcheck", "serve", "--host", "0.0.0.0", "--port", "8000"]
