"""MatchIndex: incremental add/remove, ranking, explanations, thread safety.

The archive below is written for these tests (no text from the research data sets).
"""

from __future__ import annotations

import threading

import pytest

from factcheck.matching import Match, MatchIndex, ScoringParams

ARCHIVE = {
    "fc-deaths": (
        "Joe Biden claimed that five hundred people died after the storm.",
        "Did Biden claim that five hundred people died?",
    ),
    "fc-straws": (
        "A new state law bans paper straws in restaurants.",
        "Are paper straws banned in restaurants?",
    ),
    "fc-wages": (
        "The minimum wage has not risen in 12 years.",
        "Has the minimum wage been frozen for a decade?",
    ),
    "fc-vaccine": (
        "The COVID-19 vaccine contains a tracking microchip.",
        "Do COVID vaccines contain microchips?",
    ),
    "fc-jobs": (
        "The governor created 1,500 manufacturing jobs last year.",
        None,
    ),
    "fc-taxes": (
        "Unemployment fell to 5 percent under the mayor.",
        "Did unemployment fall to 5% under the mayor?",
    ),
}


@pytest.fixture
def index() -> MatchIndex:
    built = MatchIndex()
    for entry_id, (claim, title) in ARCHIVE.items():
        built.add(entry_id, claim, title)
    return built


def top_id(index: MatchIndex, text: str) -> str | None:
    results = index.search(text, k=1)
    return results[0].entry_id if results else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Joe Biden said 500 people died", "fc-deaths"),
        ("They're banning #PaperStraws at restaurants!! https://t.co/x1 @CityDesk", "fc-straws"),
        ("the min wage hasn't gone up in twelve years", "fc-wages"),
        ("#COVIDVaccine has a microchip in it to track you", "fc-vaccine"),
        ("Governor made 1500 new manufacturing jobs", "fc-jobs"),
        ("unemployment dropped to five per cent under our mayor", "fc-taxes"),
    ],
)
def test_reworded_claim_finds_its_fact_check_first(
    index: MatchIndex, query: str, expected: str
) -> None:
    assert top_id(index, query) == expected


def test_results_are_matches_sorted_best_first_and_capped_at_k(index: MatchIndex) -> None:
    results = index.search("Biden claims people died, paper straws, vaccine microchip", k=3)
    assert len(results) == 3
    assert all(isinstance(m, Match) and m.score > 0 for m in results)
    scores = [m.score for m in results]
    assert scores == sorted(scores, reverse=True)
    assert len({m.entry_id for m in results}) == 3


def test_shared_terms_are_the_normalized_terms_in_common(index: MatchIndex) -> None:
    [match] = index.search("Joe Biden said 500 people died", k=1)
    assert set(match.shared_terms) == {"joe", "biden", "500", "peopl", "die"}
    assert len(match.shared_terms) == len(set(match.shared_terms))


def test_shared_terms_list_rarer_terms_first(index: MatchIndex) -> None:
    index.add("fc-people", "People say many things.", None)
    [match] = index.search("Biden people", k=1)
    assert match.entry_id == "fc-deaths"
    assert match.shared_terms == ("biden", "peopl")  # "peopl" is in two entries, "biden" in one


def test_empty_index_returns_nothing() -> None:
    empty = MatchIndex()
    assert len(empty) == 0
    assert empty.search("anything at all") == []


@pytest.mark.parametrize("query", ["", "   ", "the and of it", "https://t.co/abc #the @it"])
def test_query_without_terms_returns_nothing(index: MatchIndex, query: str) -> None:
    assert index.search(query) == []


def test_non_positive_k_returns_nothing(index: MatchIndex) -> None:
    assert index.search("paper straws", k=0) == []
    assert index.search("paper straws", k=-1) == []


def test_query_sharing_no_term_returns_nothing(index: MatchIndex) -> None:
    assert index.search("zebra xylophone") == []


def test_add_makes_a_new_entry_searchable_at_once(index: MatchIndex) -> None:
    assert index.search("volcano erupted in Iceland") == []
    index.add("fc-volcano", "A volcano erupted in Iceland this week.", None)
    assert len(index) == len(ARCHIVE) + 1
    assert top_id(index, "volcano erupted in Iceland") == "fc-volcano"


def test_remove_takes_an_entry_out_of_results(index: MatchIndex) -> None:
    index.remove("fc-straws")
    assert len(index) == len(ARCHIVE) - 1
    assert "fc-straws" not in index
    assert all(m.entry_id != "fc-straws" for m in index.search("paper straws banned", k=10))


def test_remove_of_unknown_id_is_ignored(index: MatchIndex) -> None:
    index.remove("no-such-entry")
    assert len(index) == len(ARCHIVE)


def test_removing_every_entry_leaves_an_empty_index(index: MatchIndex) -> None:
    for entry_id in ARCHIVE:
        index.remove(entry_id)
    assert len(index) == 0
    assert index.search("Biden people died") == []


def test_add_with_existing_id_replaces_the_entry(index: MatchIndex) -> None:
    index.add("fc-straws", "The city council banned plastic bags.", "Plastic bags banned?")
    assert len(index) == len(ARCHIVE)
    assert top_id(index, "plastic bags banned by the council") == "fc-straws"
    assert all(m.entry_id != "fc-straws" for m in index.search("paper straws restaurants"))


def test_scores_follow_the_current_archive_without_rebuilding() -> None:
    # A term's weight depends on how many entries hold it: adding entries that share it must
    # lower its weight at once, with no rebuild step. Lexical scores only: the embedding
    # fusion rescales BM25 to the query's best hit, which hides the absolute drop.
    index = MatchIndex(ScoringParams(embedding_weight=0.0))
    index.add("a", "Sharks were seen at the beach.", None)
    index.add("b", "A bridge collapsed downtown.", None)
    before = index.search("sharks", k=1)[0].score
    for i in range(5):
        index.add(f"shark-{i}", f"Sharks story number {i}.", None)
    assert index.search("sharks at the beach", k=1)[0].entry_id == "a"
    assert index.search("sharks", k=10)[0].score < before


def test_same_input_gives_same_ranking(index: MatchIndex) -> None:
    first = index.search("people died straws vaccine wage", k=6)
    second = index.search("people died straws vaccine wage", k=6)
    assert first == second


def test_search_during_concurrent_adds_and_removes(index: MatchIndex) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        try:
            for i in range(300):
                index.add(f"tmp-{i}", f"Temporary claim {i} about paper straws.", None)
                if i % 2:
                    index.remove(f"tmp-{i - 1}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            stop.set()

    def reader() -> None:
        try:
            while not stop.is_set():
                for match in index.search("paper straws in restaurants", k=5):
                    assert match.score > 0
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=reader) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(index) == len(ARCHIVE) + 150


def test_coverage_rerank_prefers_the_entry_the_query_covers() -> None:
    # Both entries share "senator" and "tax" with the query; only the short one is covered
    # by the query almost whole, so the second stage must put it first.
    index = MatchIndex(ScoringParams(coverage_weight=2.0))
    index.add(
        "long", "The senator spoke about tax, roads, schools, farms, bridges and ports.", None
    )
    index.add("short", "The senator raised the gas tax.", None)
    results = index.search("senator raised gas tax again", k=2)
    assert [m.entry_id for m in results] == ["short", "long"]
    assert results[0].score > results[1].score > 0
