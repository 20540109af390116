"""Who speaks when a role, a verb or a quotation stands near other names: rules found on a
walk through news articles, each on made-up sentences written for the test."""

from __future__ import annotations

from factcheck.extraction.attribution import attribute


def found(*sentences: str) -> list[tuple[str | None, str | None]]:
    return [(item.claimant, item.role) for item in attribute(list(sentences))]


def test_a_role_of_a_body_before_a_name_is_split_before_the_name() -> None:
    """Before, "leader of the Assembly Tova Marsh said" gave a person "Assembly Tova
    Marsh"; a body's own name still speaks for it."""
    assert found(
        "Shadow leader of the Assembly Tova Marsh said the plan was late.",
        "She said it would cost more.",
        "A spokesman for the Harbour Police Federation said it was news to them.",
    ) == [
        ("Tova Marsh", "leader of the Assembly"),
        ("Tova Marsh", "leader of the Assembly"),
        ("Harbour Police Federation", None),
    ]
