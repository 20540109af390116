"""Atom feeds of fact-checks and corrections (feedgen)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from flask import Response, current_app

from factcheck import web
from factcheck.domain import publishing
from factcheck.domain.claimreview_jsonld import short_claim
from factcheck.markdown import plain
from factcheck.models import Article, Claim, Correction

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

# The last resort for a time a feed needs and the data lacks; an empty feed dates from the
# site's set-up, or from when it was emptied, instead (domain.feed_claims), given by its view.
EMPTY_FEED_UPDATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# What XML 1.0 cannot hold (lxml refuses the whole feed): C0 controls but tab, newline and
# return, and U+FFFE/U+FFFF. Word's line break inside a paragraph is U+000B.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """The desk's text as XML can carry it: a control character becomes a space."""
    return _NOT_XML.sub(" ", text)


def _feed(
    title: str, self_url: str, updated: list[dt.datetime], empty: dt.datetime | None = None
) -> FeedGenerator:
    from feedgen.feed import FeedGenerator  # with lxml: loaded by the first feed, not the app

    feed = FeedGenerator()
    site = current_app.config["SITE_NAME"]
    feed.id(self_url)
    feed.title(_x(f"{site}: {title}"))
    feed.author({"name": _x(current_app.config.get("ORG_NAME") or site)})
    feed.link(href=self_url, rel="self")
    feed.link(href=web.public_url("public.home"), rel="alternate")
    feed.language("en")
    # The newest entry's time, not the clock: unchanged content gives an unchanged feed.
    feed.updated(max(updated, default=empty or EMPTY_FEED_UPDATED))
    return feed


def _response(feed: FeedGenerator) -> Response:
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


def claims_feed(
    claims: list[Claim], *, title: str, self_url: str, empty_since: dt.datetime | None = None
) -> Response:
    """The claims, newest first. `empty_since`: the feed's <updated> when it has none."""
    stamps = [publishing.last_modified(c) or c.published_at or EMPTY_FEED_UPDATED for c in claims]
    feed = _feed(title, self_url, stamps, empty_since)
    for claim in reversed(claims):  # feedgen lists the last added first
        verdict = claim.published_verdict
        if verdict is None:
            continue
        url = web.public_url("public.claim_page", claim_id=claim.id)
        entry = feed.add_entry()
        entry.id(url)
        entry.link(href=url)
        entry.title(_x(f"{verdict.rating.label}: {short_claim(claim.text)}"))
        entry.summary(_x(plain(verdict.explanation)))
        entry.published(claim.published_at or EMPTY_FEED_UPDATED)
        entry.updated(publishing.last_modified(claim) or EMPTY_FEED_UPDATED)
        entry.category(term=verdict.rating.slug, label=_x(verdict.rating.label))
    return _response(feed)


def corrections_feed(
    corrections: list[Correction],
    withdrawn: list[Article],
    *,
    self_url: str,
    empty_since: dt.datetime | None = None,
) -> Response:
    """Corrections and withdrawals, newest first, as /corrections lists them. `empty_since`:
    the feed's <updated> when it has no entries."""
    stamps = [c.created_at for c in corrections] + [_withdrawn_at(a) for a in withdrawn]
    feed = _feed("Corrections", self_url, stamps, empty_since)
    dated = [(c.created_at, c) for c in corrections] + [(_withdrawn_at(a), a) for a in withdrawn]
    for _when, item in sorted(dated, key=lambda pair: pair[0]):  # the last added shows first
        if isinstance(item, Article):
            _withdrawal_entry(feed, item)
        else:
            _correction_entry(feed, item)
    return _response(feed)


def _withdrawn_at(article: Article) -> dt.datetime:
    """When it was withdrawn (its last edit only for a row the migration could not date)."""
    return article.withdrawn_at or article.updated_at


def _withdrawal_entry(feed: FeedGenerator, article: Article) -> None:
    url = web.public_url("public.factcheck", article_id=article.id)
    entry = feed.add_entry()
    # Dated: a fact-check withdrawn again after a republication is a new entry.
    entry.id(f"{url}#withdrawn-{_withdrawn_at(article).strftime('%Y%m%dT%H%M%S')}")
    entry.link(href=url)
    entry.title(_x(f"Withdrawn: “{short_claim(article.title, 100)}”"))
    entry.summary(_x(article.withdrawn_reason or ""))
    entry.published(_withdrawn_at(article))
    entry.updated(_withdrawn_at(article))


def _correction_entry(feed: FeedGenerator, correction: Correction) -> None:
    url = web.public_url("public.claim_page", claim_id=correction.claim_id)
    before = correction.previous_verdict.rating.label
    after = correction.new_verdict.rating.label
    entry = feed.add_entry()
    entry.id(f"{url}#correction-{correction.id}")
    entry.link(href=f"{url}#correction-{correction.id}")
    # A feed reader shows the title alone: it names the claim corrected.
    claim = short_claim(correction.claim.text, 100)
    entry.title(
        _x(
            f"Correction to “{claim}”: rating changed from {before} to {after}"
            if correction.rating_changed
            else f"Correction to “{claim}”: the rating stays {after}"
        )
    )
    was = correction.previous_headline
    reason = correction.reason
    entry.summary(_x(f"Its headline was “{was}”. {reason}" if was else reason))
    entry.published(correction.created_at)
    entry.updated(correction.created_at)
