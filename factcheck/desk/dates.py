"""The date field of the desk's forms."""

from __future__ import annotations

from functools import partial

from wtforms import DateField

# A browser's date picker sends YYYY-MM-DD whatever it shows; a date typed another way (a
# browser without the picker, a script) is refused with the format wanted, not WTForms' "Not
# a valid date value.": 05/12/2026 is 5 December in Sydney and 12 May in Los Angeles.
DayField = partial(
    DateField,
    invalid_value_message=(
        "Type the date as year-month-day, like 2026-01-31 (05/12/2026 could be 5 December or "
        "12 May)."
    ),
)
