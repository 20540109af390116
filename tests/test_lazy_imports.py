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

import pytest

REPO = Path(__file__).resolve().parents[1]
# Readers of pages and files, the embedding model's tokenizer: seconds of imports together.
HEAVY = ("trafilatura", "pypdf", "docx", "tokenizers", "safetensors", "lxml")
# Extraction itself runs the check-worthiness network over WordLlama's tokens: its
# tokenizer and weights load when a command extracts, and only then.
READERS = ("trafilatura", "pypdf", "docx", "lxml")
FLASK = ("flask", "werkzeug", "flask_limiter", "importlib.metadata")
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
    # Flask's group would import Flask, Werkzeug and every Flask plugin's commands, and
    # importlib.metadata (email again) only found the embedding model's files.
    assert (
        _loaded(
            modules,
            (*READERS, *FLASK, "sqlalchemy", "factcheck.models", "wsgi", "urllib.request"),
        )
        == []
    )


def test_the_command_line_loads_the_extractor_only_to_extract() -> None:
    """`factcheck --help`, `serve` and the app's commands start without numpy and the
    extractor's patterns; the settings module imports them only to build the app."""
    modules = _modules_after("import factcheck.cli")
    assert _loaded(modules, ("numpy", "factcheck.extraction", *FLASK)) == []


_BLAS_THREADS = """
import atexit, sys
from threadpoolctl import threadpool_info
atexit.register(lambda: print("BLAS " + str([pool["num_threads"] for pool in threadpool_info()
    if pool["internal_api"] == "openblas"]), file=sys.stderr))
"""


@pytest.mark.parametrize(
    "command",
    [
        "from factcheck.cli import main\nsys.argv = ['factcheck', 'extract', '-']\nmain()",
        "from flask.cli import main\nsys.argv = ['flask', '--app', 'wsgi', 'extract', '-']\nmain()",
    ],
    ids=["factcheck", "flask"],
)
def test_extract_starts_blas_with_one_thread(command: str) -> None:
    """The extractor runs its products on one thread: OpenBLAS starting a thread per core
    as numpy loads cost the first line a tenth of a second on a busy machine."""
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", _BLAS_THREADS + "import sys\n" + command],
        cwd=REPO,
        input=TEXT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert '"score"' in done.stdout
    assert "BLAS [1]" in done.stderr.splitlines(), done.stderr


def test_flask_extract_finds_the_command_without_loading_the_app() -> None:
    modules = _modules_after(
        "import sys\nfrom flask.cli import main\n"
        "sys.argv = ['flask', '--app', 'wsgi', 'extract', '-']\nmain()",
        stdin=TEXT,
    )
    assert "factcheck.extraction.pipeline" in modules
    assert _loaded(modules, (*READERS, "sqlalchemy", "factcheck.models", "wsgi")) == []
