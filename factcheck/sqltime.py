"""Time arithmetic that SQLite and PostgreSQL spell differently, as SQL expressions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Float, String, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

Timestamp = ColumnElement[Any] | QueryableAttribute[Any]


# Lower-case class names, because they read as the SQL functions they stand for.
class hours_between(FunctionElement[float]):
    """Hours from the first timestamp to the second, as a float."""

    type = Float()
    inherit_cache = True
    name = "hours_between"

    def __init__(self, earlier: Timestamp, later: Timestamp) -> None:
        super().__init__(earlier, later)


class week_start(FunctionElement[Any]):
    """The Monday of the ISO week a timestamp falls in, in the IANA `zone`, as a date."""

    type = Date()
    inherit_cache = True
    name = "week_start"

    def __init__(self, at: Timestamp, zone: str = "UTC") -> None:
        # A bound value, not SQL text: the compiled statement is cached whatever the zone.
        super().__init__(at, literal(zone, String()))


def _arguments(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(hours_between, "sqlite")
def _sqlite_hours(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps the UTC timestamps as ISO text, which julianday() reads.
    earlier, later = _arguments(element, compiler, **kw)
    return f"((julianday({later}) - julianday({earlier})) * 24.0)"


@compiles(hours_between, "postgresql")
def _postgresql_hours(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    earlier, later = _arguments(element, compiler, **kw)
    return f"(CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS DOUBLE PRECISION) / 3600.0)"


@compiles(week_start, "sqlite")
def _sqlite_week(element: week_start, compiler: SQLCompiler, **kw: Any) -> str:
    # The zone's wall time comes from factcheck.db's newsroom_time(), a Python function (SQLite
    # knows no zones). 'weekday 0' moves forward to Sunday (staying put on a Sunday); six days
    # back is Monday.
    at, zone = _arguments(element, compiler, **kw)
    return f"date(newsroom_time({at}, {zone}), 'weekday 0', '-6 days')"


@compiles(week_start, "postgresql")
def _postgresql_week(element: week_start, compiler: SQLCompiler, **kw: Any) -> str:
    at, zone = _arguments(element, compiler, **kw)
    return f"CAST(date_trunc('week', {at} AT TIME ZONE CAST({zone} AS TEXT)) AS DATE)"
