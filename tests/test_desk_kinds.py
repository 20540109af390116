"""The desk's kind filter on an article's candidates (issue 15)."""

from __future__ import annotations

from factcheck.domain.candidates import kind_filter, ranked_claims
from factcheck.models import Article, Claim


def _claim(position: int, score: float, kind: str | None) -> Claim:
    return Claim(
        text=f"claim {position}", source_sentence=f"claim {position}", span_start=position,
        span_end=position + 1, position=position, score=score, kind=kind,
    )  # fmt: skip


def test_kind_filter_accepts_known_kinds_only() -> None:
    assert kind_filter("quantity") == "quantity"
    assert kind_filter("prediction") == "prediction"
    assert kind_filter(None) is None
    assert kind_filter("") is None
    assert kind_filter("<script>") is None


def test_ranked_claims_filtered_by_kind() -> None:
    article = Article(title="t", body="b")
    article.claims = [_claim(0, 0.5, "event"), _claim(1, 0.9, "quantity"), _claim(2, 0.7, None)]
    assert [c.position for c in ranked_claims(article)] == [1, 2, 0]
    assert [c.position for c in ranked_claims(article, "event")] == [0]
    assert ranked_claims(article, "opinion") == []
