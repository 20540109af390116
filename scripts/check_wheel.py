"""Build factcheck's wheel, install it where nothing else is, and prove that it serves.

    python3 scripts/check_wheel.py [--pg-database NAME] [--require-pg] [--keep]

1. A new venv made by `python3 -m venv`, with the pip that Python ships, never upgraded.
2. The wheel, built by that pip from the working tree (tracked and new files, as a clone has).
3. requirements/main.txt (exact, hashed) and then the wheel, both with --no-deps; `pip check`.
4. From a folder outside the repository, on SQLite and on a new PostgreSQL database (made
   with `createdb`, dropped afterwards): `factcheck init-db`, `seed-demo`, `create-user`,
   `create-token`; `factcheck serve` (gunicorn) on a free loopback port; then /readyz,
   every page linked from the home page and from the signed-in desk, and one API call.

Standard library only: it runs with the interpreter CI has, outside any venv. It prints how
long each step took. PostgreSQL is skipped when no server answers, unless --require-pg.
"""

from __future__ import annotations

import argparse
import ensurepip
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Files the wheel must carry besides every template and migration (must_ship() adds those).
MUST_SHIP = ["factcheck/static/style.css", "factcheck/extraction/checkworthiness.safetensors"]
# Pages a crawl stops at: how many, at most, and how many links deep from / and /desk/.
CRAWL_LIMIT, CRAWL_DEPTH = 150, 2
STEPS: list[tuple[str, float]] = []


class CheckFailed(Exception):
    pass


@contextmanager
def step(name: str) -> Iterator[None]:
    started = time.monotonic()
    print(f"-- {name}", flush=True)
    yield
    STEPS.append((name, time.monotonic() - started))


def run(
    argv: list[str | Path],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> str:
    done = subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, input=stdin, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise CheckFailed(
            f"{' '.join(map(str, argv))} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def source_tree(target: Path) -> Path:
    """Copy what a fresh clone would hold (tracked and new, unignored files) to `target`."""
    try:
        listing = run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO
        )
        files = [name for name in listing.split("\0") if name]
    except (CheckFailed, FileNotFoundError):
        files = [
            str(p.relative_to(REPO))
            for p in REPO.rglob("*")
            if p.is_file() and not {".git", ".venv", "node_modules", "build", "dist"} & set(p.parts)
        ]
    for name in files:
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is not there
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def must_ship(tree: Path) -> list[str]:
    """Every template and migration in the source tree, as the wheel must name it."""
    shipped = [
        f"factcheck/{path.relative_to(tree)}"
        for folder in ("templates", "migrations")
        for path in sorted((tree / folder).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    return shipped + MUST_SHIP


def build_and_install(work: Path) -> Path:
    venv = work / "venv"
    with step("new venv with the bundled pip"):
        run([sys.executable, "-m", "venv", venv])
        pip_version = run([venv / "bin/python", "-m", "pip", "--version"]).split()[1]
        if pip_version != ensurepip.version():
            raise CheckFailed(f"pip {pip_version} is not the bundled {ensurepip.version()}")
        print(f"   pip {pip_version}")
    with step("build the wheel"):
        tree = source_tree(work / "src")
        run(
            [
                venv / "bin/python",
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--wheel-dir",
                work / "dist",
                tree,
            ]
        )
        (wheel,) = (work / "dist").glob("factcheck-*.whl")
        names = set(zipfile.ZipFile(wheel).namelist())
        missing = [name for name in must_ship(tree) if name not in names]
        if missing:
            raise CheckFailed(f"{wheel.name} lacks {missing}")
        print(f"   {wheel.name}: {len(names)} files")
    with step("install requirements/main.txt and the wheel"):
        run(
            [
                venv / "bin/python",
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",  # as locked: see docs/deploy.md
                "-r",
                REPO / "requirements/main.txt",
            ]
        )
        run([venv / "bin/python", "-m", "pip", "install", "--quiet", "--no-deps", wheel])
        run([venv / "bin/python", "-m", "pip", "check"])
    return venv


# Serving and requesting ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """Cookies, no redirects followed, and the status of every answer."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects()
        )

    def request(
        self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, dict(answer.headers), answer.read().decode()

    def page(self, path: str) -> str:
        status, _headers, body = self.request(path)
        if status != 200:
            raise CheckFailed(f"GET {path} answered {status}:\n{body[:2000]}")
        return body

    def sign_in(self, email: str, password: str) -> None:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.page("/login"))
        if token is None:
            raise CheckFailed("the sign-in page has no CSRF token")
        form = {"csrf_token": token.group(1), "email": email, "password": password}
        status, _headers, body = self.request("/login", urllib.parse.urlencode(form).encode())
        if status != 302:
            raise CheckFailed(f"signing in answered {status}:\n{body[:2000]}")


def site_links(html: str) -> set[str]:
    links = {
        urllib.parse.urldefrag(href)[0] for href in re.findall(r'<a [^>]*href="([^"]+)"', html)
    }
    return {link.replace("&amp;", "&") for link in links if link.startswith("/")}


def wait_until_ready(browser: Browser, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"the server stopped:\n{log.read_text()}")
        try:
            status, _headers, body = browser.request("/readyz")
        except OSError:
            status, body = 0, ""
        if status == 200 and json.loads(body)["status"] == "ready":
            return
        time.sleep(0.5)
    raise CheckFailed(f"/readyz never answered ready:\n{log.read_text()}")


def check_site(name: str, venv: Path, work: Path, database_url: str) -> None:
    folder = work / f"run-{name}"  # outside the repository: only the wheel can be imported
    folder.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FACTCHECK_", "PYTHON", "VIRTUAL_ENV"))
    }
    env |= {
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_SECRET_KEY": secrets.token_hex(32),
        # Served under gunicorn, the app needs a fixed public address (security finding F7).
        "FACTCHECK_TRUSTED_HOSTS": "127.0.0.1",
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    }
    factcheck = venv / "bin/factcheck"
    email, password = "wheel-editor@example.org", secrets.token_urlsafe(16)
    with step(f"{name}: init-db, seed-demo, create-user, create-token"):
        print("   " + run([factcheck, "init-db"], cwd=folder, env=env).strip())
        run([factcheck, "seed-demo"], cwd=folder, env=env)
        run(
            [factcheck, "create-user", email, "--role", "editor", "--password-stdin"],
            cwd=folder,
            env=env,
            stdin=password + "\n",
        )
        token = run([factcheck, "create-token", email], cwd=folder, env=env).strip()
    port = free_port()
    log = folder / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [factcheck, "serve", "--port", str(port), "--workers", "2"],
            cwd=folder,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        with step(f"{name}: factcheck serve (gunicorn) until /readyz"):
            wait_until_ready(browser, server, log)
        if "Starting gunicorn" not in log.read_text():
            raise CheckFailed(f"not served by gunicorn:\n{log.read_text()}")
        with step(f"{name}: pages and the API"):
            requested = check_pages(browser, email, password)
            check_api(browser, token)
            print(f"   {requested} pages answered 200; the API created an article")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def check_pages(browser: Browser, email: str, password: str) -> int:
    """Every page linked from the home page, then from the desk when signed in, answers 200."""
    public = browser.page("/")
    if '">Source</a>' not in public:
        raise CheckFailed("the home page has no Source link")
    # The machine-read pages too: they are rendered from templates the wheel must carry.
    machine_read = ["/robots.txt", "/sitemap.xml", "/feeds/factchecks.atom"]
    seen = crawl(browser, ["/", "/login", "/source", "/source/LICENSE", *machine_read], set())
    browser.sign_in(email, password)
    return len(crawl(browser, ["/desk/"], seen))


def crawl(browser: Browser, start: list[str], seen: set[str]) -> set[str]:
    """GET pages breadth first from `start`, CRAWL_DEPTH links deep; all must answer 200."""
    frontier = start
    for _depth in range(CRAWL_DEPTH + 1):
        following: set[str] = set()
        for link in sorted(set(frontier) - seen)[: CRAWL_LIMIT - len(seen)]:
            seen.add(link)
            body = browser.page(link)
            following |= site_links(body) if "html" in body[:200].lower() else set()
        frontier = sorted(following - seen)
    return seen


def check_api(browser: Browser, token: str) -> None:
    article = {
        "title": "Wheel check",
        "text": "The council spent 4 million pounds on roads, "
        "the mayor said on Tuesday. Unemployment fell to 3.1 percent in May.",
    }
    status, _headers, body = browser.request(
        "/api/v1/articles",
        json.dumps(article).encode(),
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    if status != 201 or "claims" not in json.loads(body):
        raise CheckFailed(f"POST /api/v1/articles answered {status}:\n{body[:2000]}")


# PostgreSQL ---------------------------------------------------------------------------------


def postgres_answers() -> bool:
    return (
        shutil.which("pg_isready") is not None
        and subprocess.run(["pg_isready", "-q", "-h", PG_HOST], check=False).returncode == 0
    )


PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_USER = os.environ.get("PGUSER", "postgres")


@contextmanager
def scratch_database(name: str) -> Iterator[str]:
    """A new, empty database, dropped afterwards; never one that existed before."""
    run(["createdb", "-h", PG_HOST, "-U", PG_USER, name])
    try:
        yield f"postgresql+psycopg://{PG_USER}@{PG_HOST}:5432/{name}"
    finally:
        run(["dropdb", "-h", PG_HOST, "-U", PG_USER, "--if-exists", name])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--pg-database",
        default=f"factcheck_wheel_check_{os.getpid()}",
        help="name of the scratch database to create and drop (it must not exist)",
    )
    parser.add_argument(
        "--require-pg",
        action="store_true",
        help="fail, rather than skip, when PostgreSQL does not answer",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="factcheck-wheel-"))
    try:
        venv = build_and_install(work)
        check_site("sqlite", venv, work, f"sqlite:///{work / 'factcheck.sqlite3'}")
        if postgres_answers():
            with scratch_database(options.pg_database) as url:
                check_site("postgresql", venv, work, url)
        elif options.require_pg:
            raise CheckFailed(f"no PostgreSQL answers on {PG_HOST}")
        else:
            print("-- PostgreSQL skipped: no server answers (--require-pg makes that a failure)")
    except CheckFailed as failure:
        print(f"wheel check FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for name, seconds in STEPS:
        print(f"{seconds:7.1f} s  {name}")
    print(f"wheel check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
