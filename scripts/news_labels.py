"""Read, check and summarise the news check-worthiness labels (docs/annotation.md).

    python scripts/news_labels.py [--labels FILE] [--articles DIR]

The labels live in data/annotations/news_sentences.jsonl (BBC articles 001-050) and
news_sentences_tough.jsonl (the non-BBC articles 101-110), one JSON object a sentence:
the article file, the character span of the sentence in that file's text, the SHA-256 of
the sentence's UTF-8 bytes, the label (1 check-worthy, 0 not), the claim kind and the split
(train / heldout, decided by article before labelling). The sentence text itself is never
stored, since the articles are for research use only: :func:`iter_labelled` reads it back
from the articles folder (../shared/data/articles) and checks every hash, so the trainer and
the benchmark read the labels the same way.

Run as a script it checks the file's format, then (when the articles are present) every
hash and that every span is a sentence of the app's segmenter, and prints the label
distribution per split and per kind. It exits 1 on any error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

REPO_ROOT = Path(__file__).resolve().parents[1]
LABELS = REPO_ROOT / "data" / "annotations" / "news_sentences.jsonl"
# The non-BBC "tough" articles 101-110 (scraped web pages, hostile text): held out, and kept
# in their own file so that the news figures on 031-050 stay comparable. Report them apart.
TOUGH_LABELS = REPO_ROOT / "data" / "annotations" / "news_sentences_tough.jsonl"
ARTICLES = REPO_ROOT.parent / "shared" / "data" / "articles"
# Made-up articles written for training (our own text, stored whole): docs/annotation.md.
MADE_UP = REPO_ROOT / "data" / "made_up" / "news.txt"

FIELDS = ("file", "start", "end", "sha256", "label", "kind", "split")
FACTUAL_KINDS = ("quantity", "comparison", "causal", "event", "attributed")
OTHER_KINDS = ("prediction", "opinion", "experience", "question", "boilerplate", "other")
KINDS = FACTUAL_KINDS + OTHER_KINDS
SPLITS = ("train", "heldout")


class LabelledSentence(NamedTuple):
    text: str
    label: int
    kind: str
    split: str
    file: str
    start: int
    end: int


class LabelError(ValueError):
    """The labels file is malformed, or does not match the articles."""


class ArticlesMissing(LabelError):
    """The articles folder is absent (../shared is not on this machine): nothing to read."""


def split_of(file: str) -> str:
    """The split fixed before labelling: articles 001-030 train, 031 and above held out."""
    return "train" if int(Path(file).stem) <= 30 else "heldout"


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_article(path: Path) -> str:
    """An article's text exactly as stored: spans index this string."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def read_records(path: Path = LABELS) -> list[dict[str, Any]]:
    """The raw records, in file order. Raises LabelError on a line that is not JSON."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise LabelError(f"{path.name} line {number}: not JSON ({error})") from error
            if not isinstance(record, dict):
                raise LabelError(f"{path.name} line {number}: not a JSON object")
            records.append(record)
    return records


def format_errors(records: Iterable[dict[str, Any]]) -> list[str]:
    """Everything wrong with the records that can be seen without the articles."""
    errors: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for number, record in enumerate(records, 1):
        where = f"record {number} ({record.get('file')}:{record.get('start')})"
        if set(record) != set(FIELDS):
            errors.append(f"{where}: fields {sorted(record)}, expected {sorted(FIELDS)}")
            continue
        file, start, end = record["file"], record["start"], record["end"]
        if not (isinstance(file, str) and file.endswith(".txt") and file.count("/") == 0):
            errors.append(f"{where}: file must be a bare article file name")
            continue
        if not (type(start) is int and type(end) is int and 0 <= start < end):
            errors.append(f"{where}: start and end must be integers with 0 <= start < end")
            continue
        digest = record["sha256"]
        if not (isinstance(digest, str) and len(digest) == 64 and _is_hex(digest)):
            errors.append(f"{where}: sha256 must be 64 lower-case hex digits")
        if record["label"] not in (0, 1) or type(record["label"]) is not int:
            errors.append(f"{where}: label must be 0 or 1")
        if record["kind"] not in KINDS:
            errors.append(f"{where}: unknown kind {record['kind']!r}")
        if record["split"] not in SPLITS:
            errors.append(f"{where}: unknown split {record['split']!r}")
        elif file[:-4].isdigit() and record["split"] != split_of(file):
            errors.append(f"{where}: {file} belongs to the {split_of(file)} split")
        spans.setdefault(file, []).append((start, end))
    for file, file_spans in spans.items():
        ordered = sorted(file_spans)
        for (_, end), (start, _) in pairwise(ordered):
            if start < end:
                errors.append(f"{file}: spans overlap at {start}")
    return errors


def _is_hex(text: str) -> bool:
    return all(char in "0123456789abcdef" for char in text)


def iter_labelled(articles: Path = ARTICLES, labels: Path = LABELS) -> Iterator[LabelledSentence]:
    """Each labelled sentence with its text read from the articles, hashes checked.

    Raises ArticlesMissing when the articles folder is absent (callers skip with its
    message), and LabelError when the file is malformed, an article is missing or a hash
    does not match (the article changed, or the span is wrong).
    """
    if not articles.is_dir():
        raise ArticlesMissing(
            f"articles folder {articles} absent: the labels hold no text, so there is nothing"
            " to read (the articles are research data kept outside the repository)"
        )
    records = read_records(labels)
    errors = format_errors(records)
    if errors:
        raise LabelError("; ".join(errors[:5]))
    texts: dict[str, str] = {}
    for record in records:
        file = record["file"]
        if file not in texts:
            path = articles / file
            if not path.is_file():
                raise LabelError(f"article {file} not found in {articles}")
            texts[file] = read_article(path)
        text = texts[file][record["start"] : record["end"]]
        if sha256_of(text) != record["sha256"]:
            raise LabelError(f"{file}:{record['start']}-{record['end']}: hash does not match")
        yield LabelledSentence(
            text, record["label"], record["kind"], record["split"], file,
            record["start"], record["end"],
        )  # fmt: skip


class MadeUpArticle(NamedTuple):
    """An article of the made-up set: its text, and each sentence's span, label and kind."""

    name: str
    text: str
    sentences: list[tuple[int, int, int, str]]


def read_made_up(path: Path = MADE_UP) -> list[MadeUpArticle]:
    """The made-up articles (data/made_up/news.txt, our own text; the format is described
    at the top of that file), each checked against the app's segmenter: every sentence
    written on a line must come out of `segment` as exactly one sentence, or LabelError
    names it. The text is ours, so it is stored; the spans are computed here."""
    sys.path.insert(0, str(REPO_ROOT))
    from factcheck.extraction.segment import segment

    articles: list[tuple[str, list[list[tuple[str, int, str]]]]] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("= "):
            articles.append((line[2:].strip(), [[]]))
            continue
        if not articles or (not line and not articles[-1][1][-1]):
            continue
        paragraphs = articles[-1][1]
        if not line:
            paragraphs.append([])
        elif line.startswith("# "):
            paragraphs[-1].append((line[2:].strip(), 0, "boilerplate"))
            paragraphs.append([])
        else:
            head, bar, sentence = line.partition(" | ")
            label, _, kind = head.partition(" ")
            if not bar or label not in ("0", "1") or kind not in KINDS or not sentence:
                raise LabelError(f"{path.name}:{number}: expected 'label kind | sentence'")
            paragraphs[-1].append((sentence.strip(), int(label), kind))
    result = []
    for name, paragraphs in articles:
        parts = [p for p in paragraphs if p]
        text = "\n\n".join(_paragraph([s for s, _, _ in p]) for p in parts)
        written = [row for p in parts for row in p]
        spans = segment(text)
        cut = [text[start:end] for start, end in spans]
        if cut != [s for s, _, _ in written]:
            wrong = next(
                (c, w[0])
                for c, w in zip([*cut, ""], [*written, ("", 0, "")], strict=False)
                if c != w[0]
            )
            raise LabelError(
                f"{path.name} {name}: the segmenter cuts {wrong[0]!r}, not {wrong[1]!r}"
            )
        result.append(
            MadeUpArticle(
                name,
                text,
                [
                    (start, end, label, kind)
                    for (start, end), (_, label, kind) in zip(spans, written, strict=True)
                ],
            )
        )
    return result


def _paragraph(sentences: list[str]) -> str:
    """A paragraph's sentences joined by a space; a bullet ("- ...") starts its own line."""
    text = sentences[0]
    for sentence in sentences[1:]:
        text += ("\n" if sentence.startswith("- ") else " ") + sentence
    return text


def unsegmented(articles: Path = ARTICLES, labels: Path = LABELS) -> list[str]:
    """Labels whose span is not a sentence of the app's segmenter (should be none)."""
    sys.path.insert(0, str(REPO_ROOT))
    from factcheck.extraction.segment import segment

    by_file: dict[str, set[tuple[int, int]]] = {}
    for record in read_records(labels):
        by_file.setdefault(record["file"], set()).add((record["start"], record["end"]))
    wrong: list[str] = []
    for file, spans in sorted(by_file.items()):
        produced = set(segment(read_article(articles / file)))
        wrong.extend(f"{file}:{start}-{end}" for start, end in sorted(spans - produced))
    return wrong


def distribution(records: Iterable[dict[str, Any]]) -> str:
    """A plain-text table: sentences, check-worthy share and kinds, per split."""
    records = list(records)
    lines = []
    for split in (*SPLITS, "all"):
        chosen = [r for r in records if split in ("all", r["split"])]
        if not chosen:
            continue
        positives = sum(r["label"] for r in chosen)
        articles = len({r["file"] for r in chosen})
        lines.append(
            f"{split}: {len(chosen)} sentences from {articles} articles, "
            f"{positives} check-worthy ({positives / len(chosen):.1%})"
        )
        kinds = Counter((r["kind"], r["label"]) for r in chosen)
        for kind in KINDS:
            ones, zeros = kinds[(kind, 1)], kinds[(kind, 0)]
            if ones or zeros:
                lines.append(f"  {kind:<12} {ones + zeros:>4}  (label 1: {ones}, label 0: {zeros})")
    return "\n".join(lines)


def check(labels: Path, articles: Path) -> list[str]:
    """Check one labels file and print what was checked; returns the errors."""
    print(f"== {labels.name}")
    records = read_records(labels)
    errors = format_errors(records)
    for error in errors:
        print(f"error: {error}")
    if not errors:
        if articles.is_dir():
            try:
                count = sum(1 for _ in iter_labelled(articles, labels))
            except LabelError as error:
                errors.append(str(error))
                print(f"error: {error}")
            else:
                print(f"{count} hashes match the articles in {articles}")
            wrong = [] if errors else unsegmented(articles, labels)
            for span in wrong:
                print(f"error: {span} is not a sentence of the app's segmenter")
            errors.extend(wrong)
        else:
            print(f"articles folder {articles} absent: hashes not checked")
    print(distribution(records))
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--labels", type=Path, action="append", help="labels file (JSONL); default: both files"
    )
    parser.add_argument("--articles", type=Path, default=ARTICLES, help="articles folder")
    args = parser.parse_args(argv)
    errors = [
        error
        for path in args.labels or [LABELS, TOUGH_LABELS]
        for error in check(path, args.articles)
    ]
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
