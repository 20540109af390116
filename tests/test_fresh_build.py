"""A build in the checkout starts from an empty build/lib (found in an upgrade walk: `pip
install .` copied a migration the new release had removed from build/ into the wheel, and
init-db then found two heads)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _build(source: Path) -> set[str]:
    """The migration files `setup.py build_py` leaves in build/lib of `source`."""
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py"],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=300,
    )
    built = source / "build" / "lib" / "factcheck" / "migrations" / "versions"
    return {path.name for path in built.glob("*.py")}


def test_a_file_removed_from_the_checkout_is_not_in_the_next_build(tmp_path: Path) -> None:
    source = tmp_path / "checkout"
    source.mkdir()
    for name in ("setup.py", "setup.cfg", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    for folder in ("factcheck", "templates", "migrations"):
        shutil.copytree(
            REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    first = _build(source)
    removed = sorted(first)[-1]
    (source / "migrations" / "versions" / removed).unlink()

    assert _build(source) == first - {removed}
