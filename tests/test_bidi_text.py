"""A claim, claimant or headline in a right-to-left script reads right to left on the public
pages, and stays apart from the English around it (dir="auto", <bdi>). Before, an Arabic claim
sat in a left-to-right box with its full stop at the wrong end, and in lists it ran on into
its Arabic claimant's name as if one sentence."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.publishing_helpers import publish_one

# Made up for this test: "The minister said unemployment fell to 3.1 percent in March 2025,
# according to the official report."
ARABIC = "قال الوزير إن البطالة انخفضت إلى 3.1 في المئة في مارس 2025، وفقا للتقرير الرسمي."
CLAIMANT = "وزير العمل"


def test_right_to_left_text_is_marked_on_reader_pages(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _article, claim = publish_one(
        db_session, editor, editor2, checker,
        title="تقرير البطالة", body=ARABIC, claimant=CLAIMANT, rating="false",
        headline="البطالة لم تنخفض إلى 3.1 في المئة",
    )  # fmt: skip
    text = claim.text
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f'<blockquote class="claim-text" dir="auto">{text}</blockquote>' in page
    assert f"<bdi>{CLAIMANT}</bdi>" in page
    assert 'class="headline" dir="auto"' in page
    for path in ("/ratings/false", "/"):
        listed = client.get(path).get_data(as_text=True)
        assert f'dir="auto">{text[:30]}' in listed, path
        assert f"<bdi>{CLAIMANT}</bdi>" in listed, path
