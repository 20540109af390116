"""The folders that ship with the package: templates and migrations.

In the repository they sit at the top level (templates/, migrations/); setup.py maps them into
the package as factcheck.templates and factcheck.migrations. importlib.resources finds them the
same way in an editable install, where they are the repository's folders, and in a wheel.
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path


def folder(name: str) -> Path:
    """The folder of the data package factcheck.<name> on disk."""
    # A regular package on the file system: files() is a pathlib.Path already.
    return Path(str(resources.files(f"factcheck.{name}")))


def templates_folder() -> Path:
    return folder("templates")


def migrations_folder() -> Path:
    return folder("migrations")


def version() -> str:
    """The installed factcheck's version, or "unknown" when it runs from a bare checkout."""
    try:
        return metadata.version("factcheck")
    except metadata.PackageNotFoundError:
        return "unknown"


def license_text() -> str | None:
    """The LICENSE file that setuptools ships in the package's metadata, if there is one."""
    # A checkout's factcheck.egg-info (no licence in it) can come first on sys.path.
    for distribution in metadata.distributions(name="factcheck"):
        # setuptools keeps it in .dist-info/licenses/ since metadata 2.4, at the top before.
        for name in ("licenses/LICENSE", "LICENSE"):
            text = distribution.read_text(name)
            if text:
                return text
    return None
