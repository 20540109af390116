# ruff: noqa: RUF001 (Cyrillic and Arabic text on purpose: articles not in English)
"""Articles not in English: the desk and the API say so, and propose no candidates by
default (the check-worthiness model is trained on English; docs/model-card.md). Every text
here is made up for these tests."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extraction import language
from factcheck.models import Article, User
from tests.conftest import login, token_for

FRENCH = (
    "La ministre du Budget, Hélène Marchetti, a déclaré jeudi que les dépenses de santé "
    "avaient augmenté de 8 % en un an dans la région.\n\n"
    "« Nous avons ouvert 37 nouvelles maisons de santé depuis 2023 », a affirmé la ministre "
    "devant le conseil régional. Selon l'agence régionale, le nombre de médecins a baissé "
    "de 4 % sur la même période."
)
SPANISH = (
    "El alcalde de Teruel, Ramón Ibarra, aseguró el viernes que el número de turistas "
    "creció un 15 % durante el verano. Según la oficina municipal, la ciudad recibió más "
    "de 90.000 visitantes en agosto."
)
GERMAN = (
    "Der Bürgermeister von Kassel, Jens Hoffmeister, sagte am Montag, die Zahl der "
    "Fahrgäste im Nahverkehr sei um 11 Prozent gestiegen. Laut den Stadtwerken fuhren im "
    "Oktober mehr als 400.000 Menschen mit der Straßenbahn."
)
ARABIC = (
    "قالت وزيرة التعليم ليلى منصور يوم الأحد إن عدد الطلاب في المدارس الحكومية ارتفع "
    "بنسبة 12 في المئة هذا العام. وأضافت أن الوزارة افتتحت 50 مدرسة جديدة في الجنوب."
)
UKRAINIAN = (
    "Міністр освіти Ірина Коваль заявила у вівторок, що кількість учнів у школах Львова "
    "зросла на 6 відсотків. За її словами, уряд виділив 900 мільйонів гривень на ремонт "
    "укриттів."
)
ENGLISH = (
    "The harbour master of Port Ellery said on Friday that cargo traffic rose by 14% last "
    "year.\n\nAccording to the port authority, 2,300 ships docked in 2025, up from 1,900."
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        (FRENCH, "fr", "French"),
        (SPANISH, "es", "Spanish"),
        (GERMAN, "de", "German"),
        (ARABIC, "ar", "Arabic"),
        (UKRAINIAN, "uk", "Ukrainian"),
        (ENGLISH, "en", "English"),
    ],
)
def test_the_language_of_an_article_is_detected(text: str, code: str, name: str) -> None:
    found = language.detect(text)
    assert found == code
    assert language.name_of(found) == name


@pytest.mark.parametrize("text", ["Unemployment is 5%.", "Zelensky: Kyiv holds.", "", "42 %"])
def test_a_text_too_short_or_unclear_to_tell_is_taken_as_english(text: str) -> None:
    # Short debate lines and posts are read as before: no note, candidates as usual.
    assert language.detect(text) in ("en", None)
    assert language.article_note(language.detect(text), asked=False, english_parts=False) is None


def test_detection_reads_a_bounded_sample_of_a_long_text() -> None:
    language.detect(ENGLISH)  # the model loads once, on first use
    long_text = (ENGLISH + "\n\n") * 2000  # about 300,000 characters
    started = time.perf_counter()
    assert language.detect(long_text) == "en"
    assert time.perf_counter() - started < 0.1


def test_the_note_names_the_language_and_says_what_to_do() -> None:
    assert language.article_note("fr", asked=False, english_parts=False) == (
        "This article looks French. Claim suggestions are made for English text and may "
        "miss or mislabel claims here, so none are proposed: promote the sentences to check, "
        "or add claims by hand."
    )
    assert language.article_note("en", asked=False, english_parts=False) is None


def test_a_pasted_french_article_proposes_no_candidates_and_says_why(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    response = client.post(
        "/desk/articles/new", data={"title": "Santé", "text": FRENCH}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    article = db_session.scalars(select(Article)).one()
    assert article.language == "fr"
    assert article.claims == []
    assert "This article looks French." in page
    assert "Article added. No candidates proposed: it looks French." in page
    # Every sentence is there to promote, said to be left out for its language.
    assert "Sentences not proposed (3): the article is not in English" in page
    assert "les dépenses de santé avaient augmenté de 8 %" in page
    # A screen reader reads the article in French, the page around it in English.
    assert '<h1 lang="fr">Santé</h1>' in page
    assert '<div class="body" lang="fr">' in page


def test_an_english_article_gets_its_candidates_and_no_note(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    response = client.post(
        "/desk/articles/new", data={"title": "Port", "text": ENGLISH}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    article = db_session.scalars(select(Article)).one()
    assert article.language == "en"
    assert len(article.claims) == 2
    assert "This article looks" not in page
    assert 'lang="en"' not in page.split("<html", 1)[1].split(">", 1)[1]


def test_the_api_says_the_language_when_an_article_is_added(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    headers = token_for(db_session, editor)
    body = {"title": "Turismo", "text": SPANISH}
    response = client.post("/api/v1/articles", json=body, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["language"] == "es"
    assert response.json["claims"] == []
    assert response.json["notices"] == [
        language.article_note("es", asked=False, english_parts=False)
    ]
    again = client.get(f"/api/v1/articles/{response.json['id']}", headers=headers)
    assert again.json["language"] == "es"


def test_the_api_can_be_asked_for_candidates_in_any_language(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    headers = token_for(db_session, editor)
    body = {"title": "Schule", "text": UKRAINIAN, "propose_in_any_language": True}
    response = client.post("/api/v1/articles", json=body, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["language"] == "uk"
    assert response.json["claims"] != []
    assert response.json["notices"] == [language.NOTE_WHEN_ASKED.format(name="Ukrainian")]


@pytest.mark.parametrize(
    ("text", "code", "has_note"), [(GERMAN, "de", True), (ENGLISH, "en", False)]
)
def test_extract_says_the_language_of_the_text(
    client: FlaskClient, db_session: Session, editor: User, text: str, code: str, has_note: bool
) -> None:
    response = client.post(
        "/api/v1/extract", json={"text": text}, headers=token_for(db_session, editor)
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["language"] == code
    assert (response.json["language_note"] is not None) is has_note
    assert response.json["sentences"]  # every sentence is still scored


# An English report quoting a French minister at length: mostly French by its characters.
MIXED = (
    "The French budget minister defended her spending plans on Thursday as new figures "
    "showed the deficit widening.\n\n"
    "« Nous avons ramené le déficit de la sécurité sociale à 9 milliards d'euros, contre "
    "15 milliards il y a deux ans. Les hôpitaux ont reçu 3 milliards de plus cette année, "
    "et personne ne peut prétendre le contraire », a déclaré la ministre.\n\n"
    "Hospital waiting lists grew by 18% in 2025, according to the national audit office.\n\n"
    "« Les chiffres de la Cour des comptes datent de l'an dernier et ne tiennent pas compte "
    "des réformes votées au printemps », a-t-elle ajouté devant les sénateurs."
)


def test_a_mostly_french_article_gets_candidates_from_its_english_paragraphs_only(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    response = client.post(
        "/desk/articles/new", data={"title": "Budget", "text": MIXED}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    article = db_session.scalars(select(Article)).one()
    assert article.language == "fr"
    assert [claim.text for claim in article.claims] == [
        "Hospital waiting lists grew by 18% in 2025, according to the national audit office."
    ]
    assert (
        "This article looks mostly French. Claim suggestions are made for English text, so "
        "candidates are proposed from its English paragraphs only: promote the sentences to "
        "check in the rest, or add claims by hand."
    ) in page
    assert "Article added with 1 candidate claim." in page


def test_arabic_is_told_when_the_model_spreads_it_over_its_dialects() -> None:
    # The model gives this paragraph ar 0.86 and Moroccan Arabic 0.14: below a 0.9 bar it
    # was "not told", and the article was read as English.
    paragraph = (
        "قالت وزيرة النقل إن عدد الركاب في القطارات ارتفع بنسبة 20 في المئة هذا العام، "
        "وأضافت أن الحكومة اشترت 40 قطارا جديدا لخطوط الشمال والجنوب."
    )
    assert language.detect(paragraph) == "ar"


def test_an_editor_can_ask_for_candidates_in_any_language_when_pasting(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    form = client.get("/desk/articles/new").get_data(as_text=True)
    assert "Propose candidates even if it is not in English" in form
    data = {"title": "Fahrgäste", "text": GERMAN, "any_language": "y"}
    page = client.post("/desk/articles/new", data=data, follow_redirects=True)
    article = db_session.scalars(select(Article)).one()
    assert article.language == "de"
    assert article.claims != []
    assert language.NOTE_WHEN_ASKED.format(name="German") in page.get_data(as_text=True)


FRENCH_VIEWS = (
    "Je pense que cette réforme est une erreur. À mon avis, le gouvernement devrait "
    "écouter davantage les habitants de la région.\n\nNous verrons bien ce que l'avenir "
    "nous réserve, mais je reste optimiste."
)


def test_the_note_follows_the_editors_choice_not_what_came_of_it(
    app: Flask, db_session: Session, editor: User
) -> None:
    # Ticked, with nothing found worth proposing, the note said "none are proposed": as if
    # the box had been ignored.
    client = app.test_client()
    login(client, editor)
    data = {"title": "Avis", "text": FRENCH_VIEWS, "any_language": "y"}
    page = client.post("/desk/articles/new", data=data, follow_redirects=True)
    article = db_session.scalars(select(Article)).one()
    assert (article.language, article.any_language, article.claims) == ("fr", True, [])
    text = page.get_data(as_text=True)
    assert language.NOTE_WHEN_ASKED.format(name="French") in text
    assert "so none are proposed" not in text
