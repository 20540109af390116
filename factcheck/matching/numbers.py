# mypy: disallow-untyped-defs
"""Spelled-out numbers to digits, so "five hundred" and "500" become the same term.

Contract of :func:`words_to_digits`: it takes a list of lower-case word tokens and returns a
new list in which every maximal run of English number words ("twenty five", "two thousand
and ten", "a hundred") is replaced by one decimal string ("25", "2010", "100"). Words
outside such a run are returned unchanged and in order. Scale words above a thousand
("million", "billion") are kept as words, because the archive writes "5 million" far more
often than "5000000" and the two forms must meet.
"""

from __future__ import annotations

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_HUNDRED = "hundred"
_THOUSAND = "thousand"
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | {_HUNDRED, _THOUSAND}


def words_to_digits(words: list[str]) -> list[str]:
    """Replace each run of number words in ``words`` by its value in digits."""
    out: list[str] = []
    i = 0
    while i < len(words):
        end = _run_end(words, i)
        if end == i:
            out.append(words[i])
            i += 1
            continue
        run = [w for w in words[i:end] if w != "and"]
        # "a hundred" / "a thousand": the article is part of the number.
        if out and out[-1] == "a" and run[0] in (_HUNDRED, _THOUSAND):
            out.pop()
        out.append(str(_value(run)))
        i = end
    return out


def _run_end(words: list[str], start: int) -> int:
    """Index just past the run of number words starting at ``start`` ("and" may join them)."""
    end = start
    i = start
    while i < len(words):
        word = words[i]
        if word in _NUMBER_WORDS:
            i += 1
            end = i
        elif word == "and" and end > start and i + 1 < len(words) and words[i + 1] in _NUMBER_WORDS:
            i += 1  # "two hundred and ten"; "and" alone never starts or ends a run
        else:
            break
    return end


def _value(run: list[str]) -> int:
    """The value of a run of number words, read as English does ("two hundred thousand")."""
    total = 0
    current = 0
    for word in run:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == _HUNDRED:
            current = max(current, 1) * 100
        else:  # thousand
            total += max(current, 1) * 1000
            current = 0
    return total + current
