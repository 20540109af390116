"""Forms of the "New article" page: pasted, by link or from a file (kept apart from
desk.forms, which every area shares)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.desk.dates import DayField
from factcheck.desk.lengths import link_length


class _NewArticle(FlaskForm):
    """What each way of adding an article asks besides the article: the same choices, with
    the same names, for the paste, link and upload forms."""

    force = BooleanField("Add as a new version even if it is already in the desk")
    # The check-worthiness model is made for English: without this, an article in another
    # language gets candidates from its English paragraphs only (domain.article_language).
    any_language = BooleanField("Propose candidates even if it is not in English")


class ArticleForm(_NewArticle):
    title = StringField("Headline", validators=[DataRequired(), Length(max=300)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    source_url = StringField("Source URL", validators=[Optional(), link_length()])
    published_on = DayField("Original publication date", validators=[Optional()])
    # No Length() here: the domain gives the size limit with the article's real length.
    text = TextAreaField("Article text", validators=[DataRequired()])


class UrlArticleForm(_NewArticle):
    url = StringField("Article URL", validators=[DataRequired(), link_length()])
    title = StringField(
        "Headline (optional: taken from the page)", validators=[Optional(), Length(max=300)]
    )


class FileArticleForm(_NewArticle):
    file = FileField("File (.txt, .md, .html, .docx or .pdf)", validators=[FileRequired()])
    title = StringField(
        "Headline (optional: taken from the file)", validators=[Optional(), Length(max=300)]
    )
