"""Full-text search over published claims: FTS5 on SQLite, tsvector with GIN on PostgreSQL.

The index holds one row per published claim (its article's title, the claim, the
explanation readers see). Publishing, correcting and withdrawing keep it current, and
with it the vocabulary that spelling suggestions come from: the words of that same text,
unstemmed (pg_trgm similarity on PostgreSQL, the FTS5 vocabulary on SQLite).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain.errors import InvalidInput
from factcheck.domain.validation import whole_number
from factcheck.markdown import plain
from factcheck.models import Claim, Rating

MAX_QUERY = 200
PAGE_SIZE = 20
# Readers page through at most this many results; past them, a narrower search serves better.
MAX_PAGE = 50
# With filters, the best FILTER_POOL text matches are filtered; a filter that removes all
# of them shows no result even if a weaker match would pass it.
FILTER_POOL = 1000
_WORD = re.compile(r"\w+", re.UNICODE)
# Soft hyphens and zero-width spaces only say where a line may break: indexed or typed,
# they would split a word in two ("im\u00adprisoned" is "imprisoned").
_BREAK_HINTS = dict.fromkeys(map(ord, "\u00ad\u200b"))
# Vocabulary words: letters only, as the migration that filled it from the index split them.
_VOCABULARY_WORD = re.compile(r"[^\W\d_]{4,40}", re.UNICODE)
# A query finding fewer results than this gets a spelling suggestion, if one is close.
SUGGEST_BELOW = 3
# How alike (trigram similarity, 0..1) a vocabulary word must be to be suggested.
MIN_SIMILARITY = 0.45


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def index_claim(session: Session, claim: Claim) -> None:
    """Put the claim's public text in the index (replacing what was there)."""
    verdict = claim.published_verdict
    values = {
        "id": claim.id,
        "title": claim.article.title.translate(_BREAK_HINTS),
        "claim": " ".join(filter(None, [claim.text, claim.claimant])).translate(_BREAK_HINTS),
        "explanation": plain(verdict.explanation).translate(_BREAK_HINTS) if verdict else "",
    }
    if _dialect(session) == "sqlite":
        unindex_claim(session, claim)
        session.execute(
            text(
                "INSERT INTO search_index (rowid, title, claim, explanation) "
                "VALUES (:id, :title, :claim, :explanation)"
            ),
            values,
        )
        session.execute(
            text("INSERT INTO search_index_spelling (rowid, words) VALUES (:id, :words)"),
            {"id": claim.id, "words": " ".join(vocabulary_words(_all_text(values)))},
        )
    else:
        session.execute(
            text(
                "INSERT INTO search_index (claim_id, title, claim, explanation) "
                "VALUES (:id, :title, :claim, :explanation) ON CONFLICT (claim_id) DO UPDATE "
                "SET title = EXCLUDED.title, claim = EXCLUDED.claim, "
                "explanation = EXCLUDED.explanation"
            ),
            values,
        )
        session.execute(
            text("DELETE FROM search_index_words WHERE claim_id = :id"), {"id": claim.id}
        )
        words = vocabulary_words(_all_text(values))
        if words:
            session.execute(
                text("INSERT INTO search_index_words (claim_id, word) VALUES (:id, :word)"),
                [{"id": claim.id, "word": word} for word in words],
            )


def _all_text(values: dict[str, Any]) -> str:
    return " ".join([values["title"], values["claim"], values["explanation"]])


def vocabulary_words(text_: str) -> list[str]:
    """The distinct words of a text that spelling suggestions may offer, lower-cased."""
    return sorted({word.lower() for word in _VOCABULARY_WORD.findall(text_)})


def unindex_claim(session: Session, claim: Claim) -> None:
    if _dialect(session) == "sqlite":
        for table in ("search_index", "search_index_spelling"):
            session.execute(text(f"DELETE FROM {table} WHERE rowid = :id"), {"id": claim.id})
        return
    for table in ("search_index_words", "search_index"):
        session.execute(text(f"DELETE FROM {table} WHERE claim_id = :id"), {"id": claim.id})


@dataclass(frozen=True)
class SearchFilter:
    query: str
    rating: str | None = None
    claimant: str | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None


def rating_filter(session: Session, slug: str | None) -> tuple[str | None, str | None]:
    """The rating to search with, and what to tell the reader about it. A slug no rating
    has (an edited or an old link) searches every rating and says so, rather than finding
    nothing as if no fact-check matched; a retired rating's slug still filters (readers
    list the fact-checks given with it)."""
    slug = (slug or "").strip() or None
    if slug is None or session.scalar(select(Rating.id).where(Rating.slug == slug)) is not None:
        return slug, None
    return None, f"No rating called “{slug}”; showing all ratings."


def _words(query: str) -> list[str]:
    if len(query) > MAX_QUERY:
        raise InvalidInput(
            f"The search is longer than {MAX_QUERY} characters (it has {len(query)}):"
            " shorten it and search again.",
            field="q",
        )
    return _WORD.findall(query.translate(_BREAK_HINTS))


def _filters(filters: SearchFilter, params: dict[str, Any]) -> str:
    clauses = []
    if filters.rating:
        clauses.append("ratings.slug = :rating")
        params["rating"] = filters.rating
    if filters.claimant:
        clauses.append("lower(claims.claimant) = :claimant")
        params["claimant"] = filters.claimant.strip().lower()
    if filters.published_from:
        clauses.append("claims.published_at >= :published_from")
        params["published_from"] = clock.local_moment(filters.published_from, 0)
    if filters.published_to:
        clauses.append("claims.published_at < :published_to")
        params["published_to"] = clock.local_moment(filters.published_to + dt.timedelta(days=1), 0)
    return "".join(f" AND {clause}" for clause in clauses)


_PUBLIC_JOIN = (
    " JOIN claims ON claims.id = {key}"
    " JOIN articles ON articles.id = claims.article_id AND articles.status = 'published'"
    " JOIN verdicts ON verdicts.id = claims.published_verdict_id"
    " JOIN ratings ON ratings.id = verdicts.rating_id"
    " WHERE claims.status = 'published'"
)


def _bind_datetimes(params: dict[str, Any], dialect: str) -> dict[str, Any]:
    # Raw SQL skips the UTCDateTime type: store the same naive UTC text SQLite holds.
    if dialect != "sqlite":
        return params
    return {
        key: value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(value, dt.datetime)
        else value
        for key, value in params.items()
    }


@dataclass(frozen=True)
class RatingBadge:
    slug: str
    label: str


@dataclass(frozen=True)
class SearchResult:
    """What a search result shows: read straight from the ranking query, no ORM objects."""

    id: int
    text: str
    claimant: str | None
    title: str  # the fact-check's (article's) title
    rating: RatingBadge


# The columns of a result, after the ranking and the public joins.
_RESULT_COLUMNS = (
    "SELECT claims.id, claims.text, claims.claimant, articles.title, ratings.slug, ratings.label"
)


def search(
    session: Session, filters: SearchFilter, *, limit: int = 20, offset: int = 0
) -> list[SearchResult]:
    """Published claims matching the query and filters, best match first."""
    words = _words(filters.query)
    if not words:
        return []
    dialect = _dialect(session)
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    where = _filters(filters, params)
    if dialect == "sqlite":
        # Each word quoted: users type words, not FTS5 syntax.
        params["match"] = " ".join('"' + word.replace('"', "") + '"' for word in words)
        sql = (
            _RESULT_COLUMNS
            + " FROM search_index"
            + _PUBLIC_JOIN.format(key="search_index.rowid")
            + " AND search_index MATCH :match"
            + where
            + " ORDER BY bm25(search_index, 2.0, 2.0, 1.0), claims.id LIMIT :limit OFFSET :offset"
        )
    else:
        # Rank inside the index table first, then join only the best hits: the index holds
        # published claims only, so without filters the first `pool` hits are the answer.
        params["query"] = " ".join(words)
        params["pool"] = offset + limit if not where else max(FILTER_POOL, offset + limit)
        sql = (
            "WITH hits AS (SELECT search_index.claim_id, "
            "ts_rank_cd(search_index.document, query) AS rank "
            "FROM search_index, plainto_tsquery('english', :query) AS query "
            "WHERE search_index.document @@ query "
            "ORDER BY rank DESC, search_index.claim_id LIMIT :pool) "
            + _RESULT_COLUMNS
            + " FROM hits"
            + _PUBLIC_JOIN.format(key="hits.claim_id")
            + where
            + " ORDER BY hits.rank DESC, claims.id LIMIT :limit OFFSET :offset"
        )
    rows = session.execute(text(sql), _bind_datetimes(params, dialect))
    return [
        SearchResult(claim_id, claim, claimant, title, RatingBadge(slug, label))
        for claim_id, claim, claimant, title, slug, label in rows
    ]


@dataclass(frozen=True)
class SearchPage:
    results: list[SearchResult]
    number: int
    has_next: bool

    @property
    def first_rank(self) -> int:
        """The position of the first result on this page, counting from 1."""
        return (self.number - 1) * PAGE_SIZE + 1


def search_page(session: Session, filters: SearchFilter, raw_page: str | None) -> SearchPage:
    """One page of results; `raw_page` is the reader's `page` parameter (1 when absent)."""
    number = whole_number(raw_page, "page", low=1, high=MAX_PAGE) or 1
    # One result more than a page says whether there is a next page.
    found = search(session, filters, limit=PAGE_SIZE + 1, offset=(number - 1) * PAGE_SIZE)
    return SearchPage(found[:PAGE_SIZE], number, len(found) > PAGE_SIZE)


# Spelling suggestions ---------------------------------------------------------------------


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word (padded with two spaces before, one after)."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0


def _known(session: Session, word: str) -> bool:
    if _dialect(session) == "sqlite":
        sql = "SELECT 1 FROM search_index_vocabulary WHERE term = :word"
    else:
        sql = "SELECT 1 FROM search_index_words WHERE word = :word LIMIT 1"
    return session.execute(text(sql), {"word": word}).first() is not None


def _closest(session: Session, word: str) -> str | None:
    """The vocabulary word most like `word`, if one is alike enough; the commoner wins a tie."""
    if _dialect(session) == "sqlite":
        # The vocabulary is read term by term in order: only words with the same first
        # letter (misspellings rarely change it) and a similar length are compared.
        rows = session.execute(
            text(
                "SELECT term, doc FROM search_index_vocabulary "
                "WHERE term >= :low AND term < :high "
                "AND length(term) BETWEEN :shortest AND :longest"
            ),
            {
                "low": word[0],
                "high": chr(ord(word[0]) + 1),
                "shortest": len(word) - 3,
                "longest": len(word) + 3,
            },
        ).all()
        scored = [(similarity(word, term), documents, term) for term, documents in rows]
    else:
        rows = session.execute(
            text(
                "SELECT word, similarity(word, :word) AS alike, count(*) AS documents "
                "FROM search_index_words WHERE word % :word "
                "GROUP BY word ORDER BY alike DESC, documents DESC, word LIMIT 5"
            ),
            {"word": word},
        ).all()
        scored = [(alike, documents, term) for term, alike, documents in rows]
    ranked = sorted(scored, key=lambda row: (-row[0], -row[1], row[2]))
    if not ranked or ranked[0][0] < MIN_SIMILARITY or ranked[0][2] == word:
        return None
    return str(ranked[0][2])


def suggestion(session: Session, query: str) -> str | None:
    """The query with its unknown words replaced by the closest known ones ("did you mean"),
    or None when every word is known or none has a close neighbour."""
    words = _words(query)
    changed = False
    corrected = []
    for word in words:
        lowered = word.lower()
        replacement = None
        if _VOCABULARY_WORD.fullmatch(lowered) and not _known(session, lowered):
            replacement = _closest(session, lowered)
        corrected.append(replacement or word)
        changed = changed or replacement is not None
    return " ".join(corrected) if changed else None
