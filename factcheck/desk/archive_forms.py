"""The form of Admin → Import fact-checks (kept apart from desk.forms, which every area
shares)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectChoice

AUTOMATIC = ""

# The same choice as the API's `date_order` and the command's --date-order, in words.
DATE_ORDER_CHOICES = [
    SelectChoice(
        AUTOMATIC,
        "Automatic: in the order the file's other numeric dates show (22/10/2019 is day"
        " first); when they show none, or both, such dates are imported without a date",
    ),
    SelectChoice("day-first", "Day first: 03/04/2019 is 3 April 2019"),
    SelectChoice("month-first", "Month first: 03/04/2019 is 4 March 2019"),
]


class ImportFactChecksForm(FlaskForm):
    file = FileField(
        "File of fact-checks",
        validators=[FileRequired("Choose the file of fact-checks to import.")],
    )
    date_order = RadioField(
        "Dates written in numbers whose day and month could be either way (03/04/2019)",
        choices=DATE_ORDER_CHOICES,
        default=AUTOMATIC,
    )
