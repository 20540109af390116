"""docs/architecture.md stays true: every file it names exists, and every `module.name`
(relative to the factcheck package, e.g. `domain.workflow.transition`) can be imported."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
FILE_ENDINGS = (".py", ".md", ".html", ".cfg", ".toml", ".txt")
DOTTED = re.compile(r"[a-z_][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")


def _inline_code(markdown: str) -> list[str]:
    """The `code` spans outside fenced blocks, with a trailing "()" dropped."""
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    return [span.removesuffix("()") for span in re.findall(r"`([^`\n]+)`", prose)]


def _is_path(span: str) -> bool:
    """A repository path: no spaces, not a URL path, a folder or a file with an ending."""
    return (
        " " not in span
        and not span.startswith("/")
        and ("/" in span or span.endswith(FILE_ENDINGS))
    )


def _is_name(span: str) -> bool:
    return DOTTED.fullmatch(span) is not None and not span.endswith(FILE_ENDINGS)


def _resolve(name: str) -> object:
    """factcheck.<name>: the longest importable module prefix, then attributes."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module("factcheck." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(name)


SPANS = _inline_code(DOC.read_text(encoding="utf-8"))
PATHS = sorted({span for span in SPANS if _is_path(span)})
NAMES = sorted({span for span in SPANS if _is_name(span)})


def test_the_doc_names_files_and_functions() -> None:
    assert len(PATHS) > 20 and len(NAMES) > 30  # the parsing found what the doc names


@pytest.mark.parametrize("path", PATHS)
def test_every_file_it_names_exists(path: str) -> None:
    assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


@pytest.mark.parametrize("name", NAMES)
def test_every_name_it_gives_exists(name: str) -> None:
    try:
        _resolve(name)
    except (ModuleNotFoundError, AttributeError) as error:
        pytest.fail(f"docs/architecture.md names {name}, which does not exist: {error}")


def test_a_wrong_name_or_path_is_caught() -> None:
    spans = _inline_code("Call `domain.workflow.no_such_thing()`, see `factcheck/nowhere.py`.")
    assert [s for s in spans if _is_name(s)] == ["domain.workflow.no_such_thing"]
    with pytest.raises(AttributeError):
        _resolve("domain.workflow.no_such_thing")
    assert [s for s in spans if _is_path(s)] == ["factcheck/nowhere.py"]
    assert not (ROOT / "factcheck/nowhere.py").exists()
