"""The `extract` command, kept apart from the app so that it starts at once.

`flask --app wsgi extract` finds it as a Flask plugin command (setup.cfg's
`flask.commands` entry point) and `factcheck extract` runs it directly, without importing
Flask: neither builds the app, opens a database or imports Flask's views. It imports click,
then the extractor when it reads its first text, and reads FACTCHECK_EXTRACTION_THRESHOLD
itself (tests/test_lazy_imports.py keeps it so).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, cast

import click


def threshold_setting() -> float | None:
    """The app's EXTRACTION_THRESHOLD when an app is active (the tests' runner), else the
    environment's, which is where the app reads it from too."""
    flask = sys.modules.get("flask")  # never imported for this: no app without Flask
    if flask is not None and flask.has_app_context():
        value: float | None = flask.current_app.config.get("EXTRACTION_THRESHOLD")
        return value
    from factcheck.config import extraction_threshold

    return extraction_threshold()


@click.command("extract")
@click.argument("file", required=False)
@click.option(
    "--jsonl",
    is_flag=True,
    help="Read {id, text} lines from FILE (stdin without FILE, or with -), write one line each.",
)
@click.option(
    "--read-as",
    type=click.Choice(["auto", "article", "sentence"]),
    default="auto",
    show_default=True,
    help="article: segment, read each sentence in context; sentence: the whole text is one "
    "standalone sentence (a transcript line, a post); auto: a text without a line break "
    "that reads as one sentence is standalone.",
)
def extract_command(file: str | None, jsonl: bool, read_as: str) -> None:
    """Print every sentence of FILE (or - for stdin) with its score, reasons and claimant;
    with --jsonl, one line of output for each {id, text} line of FILE (or stdin)."""
    if "numpy" not in sys.modules:
        # The extractor runs its matrix products on one thread (network.single_threaded):
        # OpenBLAS need not start one per core as numpy loads, a tenth of a second of the
        # first line on a busy machine (bench/cli.py).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    threshold = threshold_setting()
    if jsonl:
        lines = sys.stdin if file in (None, "-") else _read_text(file).splitlines()
        for number, line in enumerate(lines, start=1):
            if line.strip():
                extracted = _extract_line(line, number, threshold, read_as)
                click.echo(json.dumps(extracted, ensure_ascii=False))
        return
    if file is None:
        raise click.UsageError("Give a FILE, - for standard input, or --jsonl.")
    text = sys.stdin.read() if file == "-" else _read_text(file)
    click.echo(json.dumps(_extraction(text, threshold, read_as), ensure_ascii=False, indent=2))


def _read_text(file: str) -> str:
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"Cannot read {file}: {exc}") from exc


def _extraction(text: str, threshold: float | None, read_as: str) -> dict[str, object]:
    from factcheck import extraction

    how, sentences = extraction.extract_as(
        text, cast("extraction.ReadAs", read_as), threshold=threshold
    )
    return {"read_as": how, "sentences": [extraction.sentence_to_dict(s) for s in sentences]}


def _extract_line(
    line: str, number: int, threshold: float | None, read_as: str
) -> dict[str, object]:
    item = json_line(line, number)
    return {"id": item.get("id"), **_extraction(item["text"], threshold, read_as)}


def json_line(line: str, number: int) -> dict[str, Any]:
    """One {"id", "text"} input line, or a message naming the bad line."""
    try:
        item = json.loads(line)
    except ValueError as exc:
        raise click.ClickException(f"Line {number} is not valid JSON: {exc}") from exc
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise click.ClickException(
            f'Line {number} must be an object like {{"id": 1, "text": "..."}}.'
        )
    return item
