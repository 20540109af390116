"""Hostile texts for the extractor and a CPU-time measurement of `extract()` on them.

Shared by tests/extraction/test_hostile_text.py, which runs :func:`main` in a child process
so that a hang costs a timeout rather than the test run, and by bench/extract.py.

    python -m tests.extraction.hostile [LABEL ...]

prints two JSON lines per family (all of them if no label is given): {"label": ...} when
it starts, then {"label": ..., "seconds": [...]}, the best CPU seconds of one `extract()`
call at each of the family's sizes. The child is killed (SIGXCPU) when one family takes
more than CPU_BUDGET seconds of CPU.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

Builder = Callable[[int], str]


def _repeat(unit: str) -> Builder:
    """`unit` repeated up to exactly `size` characters."""
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _letters(number: int) -> str:
    """A distinct lower-case word for each number: 0 -> "a", 26 -> "ba"."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = chr(ord("a") + digit) + word
        if not number:
            return word


def _numbered(template: str) -> Builder:
    """Sentences made from `template` with a distinct word in place of "{}"."""

    def build(size: int) -> str:
        parts: list[str] = []
        length = number = 0
        while length < size:
            part = template.format(_letters(number))
            parts.append(part)
            length += len(part)
            number += 1
        return "".join(parts)[:size]

    return build


def _counting(size: int) -> str:
    """ "0 1 2 3 ...": one sentence of distinct numbers."""
    parts: list[str] = []
    length = number = 0
    while length < size:
        parts.append(str(number))
        length += len(parts[-1]) + 1
        number += 1
    return " ".join(parts)[:size]


@dataclass(frozen=True)
class Family:
    """A kind of hostile text; `sizes` are the two lengths whose times are compared."""

    label: str
    build: Builder
    sizes: tuple[int, int] = (50_000, 200_000)


# A sentence is read up to 2,000 characters; these stay below that, so they reach the
# regular expressions themselves rather than the cut.
_SPACES = " " * 1_500

FAMILIES = [
    # The runs the security review reported.
    Family("A", _repeat("A")),
    Family(".", _repeat(".")),
    Family("?", _repeat("?")),
    Family("…", _repeat("…")),
    Family("A-", _repeat("A-")),
    Family("A.", _repeat("A.")),
    # One long sentence or word of something else.
    Family('"', _repeat('"')),
    Family("Mr. ", _repeat("Mr. ")),
    Family("(", _repeat("(")),
    Family("1,", _repeat("1,")),
    Family("1 000", _repeat(" 000")),  # one number of thousands grouped by spaces
    Family("said A", _repeat("said A")),
    Family("A, ", _repeat("A, ")),
    Family("U.S. ", _repeat("U.S. ")),
    Family("emoji", _repeat("😡")),
    Family("soft hyphen", _repeat("a\u00ad")),
    Family("lone combining mark", _repeat("\u0301")),
    Family("mixed", _repeat("A.-?…\"'“ 1,")),
    # Long runs of spaces inside a sentence, one sentence after another.
    Family("Source: spaces", _repeat(f"Source: a{_SPACES}b\n\n"), (12_500, 50_000)),
    Family("citing spaces", _repeat(f"Tom Breck, citing{_SPACES}x\n\n"), (12_500, 50_000)),
    Family("appositive spaces", _repeat(f"A spokesman, {_SPACES}x said.\n\n"), (12_500, 50_000)),
    Family("A per sentence", _repeat("A" * 1_900 + "\n\n")),
    Family("distinct numbers", _counting),
    Family("people in one sentence", _numbered("Mayor B{0} C{0}, ")),
    # Many sentences: the memory of people and organisations read so far.
    Family(
        "titled people",
        _numbered("Mr. B{0} C{0}, Mr. D{0} E{0}, Mr. F{0} G{0} and Mr. H{0} I{0} met. "),
        (20_000, 80_000),
    ),
    Family("organisations", _numbered("The B{} Council said so. "), (10_000, 40_000)),
    Family("one-letter lines", _repeat("A\n")),
    # Claimants and candidate text (issue 15): lead-ins, datelines, bullets, acronyms,
    # roles before names, pronouns, namesakes and "the firm".
    Family("lead-ins", _repeat("Quote: ")),
    Family("datelines", _repeat("OSLO (A) - ")),
    Family("bullet lines", _repeat("- a\n"), (12_500, 50_000)),
    Family("dated lines", _repeat("Updated 12:30 GMT\n"), (12_500, 50_000)),
    Family("acronyms", _repeat("Bank (AB) ")),
    Family("roles before names", _repeat("chief executive A ")),
    Family(
        "namesakes",
        _numbered("B{0} Lind said so. Mr Lind said so. She said so. "),
        (20_000, 80_000),
    ),
    Family(
        "firms and papers",
        _numbered("The B{0} Holdings said so. The firm said so. It says so. The paper says. "),
        (20_000, 80_000),
    ),
    # Session 16: groups, documents' authors, a speaker that "it" shows to be a company,
    # roles beside names.
    Family(
        "groups and documents",
        _numbered(
            "Police in B{0} said so. A report by the B{0} Institute found so. C{0} Steel "
            "said so. It said so. The company said so. D{0} Lind, chief economist at C{0} "
            "Bank, said so. "
        ),
        (20_000, 80_000),
    ),
    # Session 18: character references shown as characters, and ampersands that start none.
    Family("character references", _repeat("pr&#233;cis &amp &#x1F600; &aaaaaaaaaaaa ")),
    # A period before a word in small letters, with a capital inside it or not.
    Family(
        "small-letter names", _repeat("sold. iPhone rose. eBay. aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaB ")
    ),
    # Session 19: two people who speak together, in one sentence and sentence after sentence.
    Family("pairs in one sentence", _repeat("Ms Lind and Mr Breck and central bank A B ")),
    Family(
        "pairs of speakers",
        _numbered("Ms B{0} and Mr C{0} said so. Ana B{0} and chief executive Tom C{0} said so. "),
        (20_000, 80_000),
    ),
    # Session 19: middle initials, which belong to the word before them, in one run and
    # after a long role.
    Family("middle initials", _repeat("Ana K. L. M. Lind J. ")),
    Family(
        "initialled people with roles",
        _numbered('"So," said U.S. Attorney for the District of B{0} Tom J. C{0} when it rose. '),
        (20_000, 80_000),
    ),
    # Session 20: forecast frames, one sentence long, with every match refused by the word
    # before it, and the reported forecast's "would" sought after each "predicted".
    Family("forecast frames", _repeat("which is expected to the forecasts predicted ")),
    Family("forecasts in sentences", _repeat("Exports are forecast to rise. ")),
    # Session 23: pasted shapes. Quoted email lines, PDF lines joined after a number, a
    # hyphen or a little word, and the Markdown and footnote marks left out of the text shown.
    Family("quoted lines", _repeat("> a the\n> > 1 per\n>\n"), (12_500, 50_000)),
    Family(
        "wrapped lines", _repeat("a govern-\nment 11\nper the\nB since\n2017 "), (12_500, 50_000)
    ),
    Family("spaces before a line break", _repeat(f"a{_SPACES}\nb ")),
    Family("speaker labels", _repeat("AB CD EF GH: (crosstalk) A. ")),
    Family("speaker lines", _repeat("AB CD: a. B. (pause) c.\n"), (12_500, 50_000)),
    Family("signatures", _repeat("> --\n> a\n-- \nb\n\n--\n"), (12_500, 50_000)),
    Family("footnote lines", _repeat("\u00b9 a.\n[2] b\n23:10\nUpdated\n"), (12_500, 50_000)),
    Family("markdown marks", _repeat("**a *b [c](d) [e] 4%\u00b9[3] ## *")),
    # Session 25: boilerplate left in a paste. Running headers and page numbers, every page
    # breaking a sentence (which is read across them), Markdown tables, a site's pitch and
    # links, and lines that are all pipes or a table's rule.
    Family(
        "page furniture",
        _numbered("rose by {0}\nAnnual Report | Ministry\n14\n\nin the {0}. Page 2 of 9\n— 3 —\n"),
        (12_500, 50_000),
    ),
    Family("headers of every line", _repeat("Annual Report | Ministry\n"), (12_500, 50_000)),
    Family(
        "table rows", _repeat("| Year | 4% |\n|---|:-:|\n| 2024 | 3% |\n| a |\n"), (12_500, 50_000)
    ),
    Family(
        "site furniture",
        _repeat(
            "Subscribe to continue reading. Already a subscriber? Log in. Sign up for our "
            "daily newsletter\nRead more: Share this article\nImage source, A\n\u00a9 2025 A\n"
        ),
        (12_500, 50_000),
    ),
    Family("pipes", _repeat("|")),
    Family("one table rule", _repeat("|-:")),
    Family("newsletters", _repeat("sign up for the newsletter newsletter ")),
]
BY_LABEL = {family.label: family for family in FAMILIES}
CPU_BUDGET = 30


def cpu_seconds_per_call(run: Callable[[], object], *, at_least: float = 0.02) -> float:
    """CPU seconds of one call to `run`, averaged over enough calls to take `at_least`.

    CPU time of this process, not wall time, so that other work on the machine does not
    count.
    """
    calls, start = 0, time.process_time()
    while True:
        run()
        calls += 1
        spent = time.process_time() - start
        if spent >= at_least:
            return spent / calls


def best_times(family: Family, sizes: list[int], repeat: int = 3) -> list[float]:
    """Best CPU seconds of `extract()` at each size, the sizes measured in turn `repeat`
    times so that a busy moment affects them alike."""
    from factcheck.extraction import extract

    extract("Loads the network and its token vectors once.")
    texts = [family.build(size) for size in sizes]
    best = [float("inf")] * len(sizes)
    for _ in range(repeat):
        for index, text in enumerate(texts):
            spent = cpu_seconds_per_call(partial(extract, text))
            best[index] = min(best[index], spent)
    return best


def _allow_cpu_seconds(more: int) -> None:
    """Let this process use `more` seconds of CPU from now on, then be killed."""
    limit = int(time.process_time()) + 1 + more
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


def main(labels: list[str]) -> None:
    for family in [BY_LABEL[label] for label in labels] or FAMILIES:
        print(json.dumps({"label": family.label}), flush=True)
        _allow_cpu_seconds(CPU_BUDGET)
        seconds = best_times(family, list(family.sizes))
        print(json.dumps({"label": family.label, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
