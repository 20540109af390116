"""Heavy libraries load on first use: the app and its short commands never import them.

Each check runs in a fresh interpreter and reads `sys.modules` at its exit. Not timed: a
module imported is a fact, a start-up time on a shared machine is not (bench/ has times).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Readers of pages and files, the embedding model's tokenizer: seconds of imports together.
HEAVY = ("trafilatura", "pypdf", "docx", "tokenizers", "safetensors", "lxml")
# Extraction itself runs the check-worthiness network over WordLlama's tokens: its
# tokenizer and weights load when a command extracts, and only then.
READERS = ("trafilatura", "pypdf", "docx", "lxml")
TEXT = "The council said 40 percent of the roads were repaired in 2024.\n"

_REPORT = """
import atexit, json, sys
atexit.register(lambda: print("MODULES " + json.dumps(sorted(sys.modules)), file=sys.stderr))
"""


def _modules_after(code: str, *, stdin: str = "", **env: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _REPORT + code],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    report = [line for line in done.stderr.splitlines() if line.startswith("MODULES ")]
    assert report, done.stderr
    return set(json.loads(report[-1].removeprefix("MODULES ")))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules]


def test_building_the_app_imports_no_reader_and_no_tokenizer(tmp_path: Path) -> None:
    modules = _modules_after(
        "from factcheck import create_app\n"
        "create_app({'TESTING': True, 'SECRET_KEY': 'x', 'SITE_URL': 'http://localhost'})",
        FACTCHECK_DATABASE_URL=f"sqlite:///{tmp_path}/app.sqlite3",
    )
    assert "factcheck.public.views" in modules  # the app was built
    assert _loaded(modules, HEAVY) == []


def test_factcheck_extract_builds_no_app(tmp_path: Path) -> None:
    modules = _modules_after(
        "import sys\nfrom factcheck.cli import main\n"
        "sys.argv = ['factcheck', 'extract', '-']\nmain()",
        stdin=TEXT,
    )
    assert "factcheck.extraction.pipeline" in modules  # it did extract
    # urllib.request only serves the optional language model: tens of milliseconds of
    # imports (http.client, email, ssl) that a command extracting locally never uses.
    assert (
        _loaded(modules, (*READERS, "sqlalchemy", "factcheck.models", "wsgi", "urllib.request"))
        == []
    )


def test_flask_extract_finds_the_command_without_loading_the_app() -> None:
    modules = _modules_after(
        "import sys\nfrom flask.cli import main\n"
        "sys.argv = ['flask', '--app', 'wsgi', 'extract', '-']\nmain()",
        stdin=TEXT,
    )
    assert "factcheck.extraction.pipeline" in modules
    assert _loaded(modules, (*READERS, "sqlalchemy", "factcheck.models", "wsgi")) == []
