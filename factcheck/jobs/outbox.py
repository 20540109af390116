"""Jobs queued by domain functions, sent to the queue only once their transaction commits.

A domain function says what should happen in the background with :func:`enqueue_after_commit`.
The job is handed to the queue after the session commits (so it never runs before the rows it
needs exist, and never for a rolled-back change) and is dropped on a rollback. No Flask here:
domain code may import this module.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_PENDING = "factcheck.jobs.pending"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IdOf:
    """The id of a record added in this transaction, which it only has once flushed."""

    record: Any


def enqueue_after_commit(session: Session, task_name: str, *arguments: Any) -> None:
    """Queue the job `task_name(*arguments)` when `session` commits. Arguments are JSON-like
    (ids and strings), or `IdOf(record)` for a record the commit inserts: a job reads
    everything else from the database when it runs."""
    if not session.in_transaction():
        session.begin()  # what the next statement would do: the job belongs to this transaction
    session.info.setdefault(_PENDING, []).append((task_name, arguments))


def pending(session: Session) -> list[tuple[str, tuple[Any, ...]]]:
    """What `session` will queue at its next commit."""
    return list(session.info.get(_PENDING, []))


@event.listens_for(Session, "before_commit")
def _resolve_ids_before_commit(session: Session) -> None:
    _resolve_ids(session)  # records flushed earlier in the transaction


@event.listens_for(Session, "after_flush_postexec")
def _resolve_ids_after_flush(session: Session, _flush_context: Any) -> None:
    _resolve_ids(session)  # records the commit's own flush inserted


def _resolve_ids(session: Session) -> None:
    # After the commit no SQL may run, and records may be expired: read ids before that.
    jobs = session.info.get(_PENDING)
    if not jobs:
        return
    session.info[_PENDING] = [
        (name, tuple(_resolved(argument) for argument in arguments)) for name, arguments in jobs
    ]


def _resolved(argument: Any) -> Any:
    if isinstance(argument, IdOf) and argument.record.id is not None:
        return argument.record.id
    return argument


@event.listens_for(Session, "after_commit")
def _send(session: Session) -> None:
    jobs = session.info.pop(_PENDING, None)
    if not jobs:
        return
    from factcheck.jobs.registry import enqueue

    for task_name, arguments in jobs:
        if any(isinstance(argument, IdOf) for argument in arguments):
            log.error("Job %s%r names a record that was never saved; not run", task_name, arguments)
            continue
        try:
            enqueue(task_name, *arguments)
        except Exception:  # the change is committed: a queue outage must not undo it
            log.exception("Could not queue the job %s%r; it was not run", task_name, arguments)


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous_transaction: SessionTransaction) -> None:
    # Every rollback of the session's transaction, even one with nothing begun yet; a
    # savepoint's rollback (begin_nested) keeps what the outer transaction queued.
    if not previous_transaction.nested:
        session.info.pop(_PENDING, None)
