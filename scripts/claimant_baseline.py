"""Record the claimants found on the shared articles, by file, span and hash (never text).

    python scripts/claimant_baseline.py [OUTPUT]

Writes JSON to OUTPUT (default: stdout). Each row is one sentence with a claimant: the
article file (relative to ../shared/data/articles), the sentence's character span, the
first 16 hex digits of the SHA-256 of the sentence and of the claimant. The baseline in
tests/extraction/data/claimant_baseline.json was made with this script before the
attribution rules were rewritten from general rules (issues 15 and 21); the test beside it
checks that every claimant found then is still found.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from factcheck.extraction.attribution import attribute
from factcheck.extraction.segment import segment

ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "articles"


def digest(text: str) -> str:
    """First 16 hex digits of the SHA-256 of `text` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_paths(root: Path) -> list[Path]:
    return sorted(root.glob("*.txt")) + sorted(root.glob("seed/*.txt"))


def claimant_rows(root: Path) -> list[dict[str, object]]:
    """One row per attributed sentence of every article under `root`."""
    rows: list[dict[str, object]] = []
    for path in article_paths(root):
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans = segment(text)
        sentences = [text[start:end] for start, end in spans]
        found_all = attribute(sentences)
        for (start, end), sentence, found in zip(spans, sentences, found_all, strict=True):
            if found.claimant is None:
                continue
            rows.append({
                "file": path.relative_to(root).as_posix(),
                "start": start,
                "end": end,
                "sentence": digest(sentence),
                "claimant": digest(found.claimant),
            })  # fmt: skip
    return rows


def main(argv: list[str]) -> int:
    if not ARTICLES.exists():
        print(f"no shared articles at {ARTICLES}", file=sys.stderr)
        return 1
    output = json.dumps(claimant_rows(ARTICLES), indent=1) + "\n"
    if len(argv) > 1:
        Path(argv[1]).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
