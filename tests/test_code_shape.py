"""The shape of the code, so that a newcomer can read any module in one sitting:
no module in factcheck/ over 400 lines (data tables aside), and a median function of at
most 10 lines. Counted with `ast` over the package's source.
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

import factcheck

PACKAGE = Path(factcheck.__file__).parent
ROOT = PACKAGE.parent
MAX_MODULE_LINES = 400
MAX_MEDIAN_FUNCTION_LINES = 10

# Modules whose length is their data, not their code.
DATA_TABLES = {
    "factcheck/matching/stopwords.py": "the stop-word lists, one word a line",
}

# Modules over the limit that a parallel piece of work is splitting. Each must still be
# over the limit, so that this list only shrinks: remove a module once it has been split.
# Empty: every module of the package is under the limit.
AWAITING_SPLIT: dict[str, str] = {}


def _modules() -> dict[str, str]:
    """Every module of the package: its path from the repository root, and its source."""
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _function_lengths(source: str) -> list[int]:
    """The length of each function and method, from `def` to its last line (nested ones
    count on their own too)."""
    return [
        node.end_lineno - node.lineno + 1
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
    ]


def test_no_module_is_over_400_lines() -> None:
    exempt = DATA_TABLES.keys() | AWAITING_SPLIT.keys()
    too_long = {
        name: len(source.splitlines())
        for name, source in _modules().items()
        if name not in exempt and len(source.splitlines()) > MAX_MODULE_LINES
    }
    assert not too_long, f"Split these modules (lines): {too_long}"


def test_the_exemptions_are_still_needed() -> None:
    modules = _modules()
    for name, reason in {**DATA_TABLES, **AWAITING_SPLIT}.items():
        assert name in modules, f"{name} is gone: remove it from the exemptions ({reason})"
    for name in AWAITING_SPLIT:
        lines = len(modules[name].splitlines())
        assert lines > MAX_MODULE_LINES, f"{name} has {lines} lines: remove it from AWAITING_SPLIT"


def test_the_median_function_is_short() -> None:
    lengths = [n for source in _modules().values() for n in _function_lengths(source)]
    assert len(lengths) > 500  # the walk found the package's functions
    assert statistics.median(lengths) <= MAX_MEDIAN_FUNCTION_LINES


def test_function_lengths_are_counted_from_def_to_the_last_line() -> None:
    source = (
        "def one():\n    return 1\n\n\n"
        "class A:\n    def two(self):\n        x = 1\n\n        return x\n"
    )
    assert _function_lengths(source) == [2, 4]
