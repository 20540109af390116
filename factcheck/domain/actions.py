"""The actions of the workflow, by name: what the transition table in `workflow` allows,
what the audit trail records, and what buttons and the API are called after."""

from __future__ import annotations

import enum


class Action(enum.StrEnum):
    """What can happen to a claim: the transition table's actions, and the events that
    create a claim (split_from, merge_from, promote). Stored in the audit trail by value."""

    ACCEPT = "accept"
    REJECT = "reject"
    REWORD = "reword"
    RESTORE = "restore"
    # Undo an accept: a queued claim nobody holds goes back to the candidates.
    UNACCEPT = "unaccept"
    SPLIT = "split"
    MERGE = "merge"
    EDIT_DETAILS = "edit_details"
    TAKE = "take"
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    RELEASE = "release"
    EXPIRE = "expire"
    SCHEDULE = "schedule"
    ADD_EVIDENCE = "add_evidence"
    EDIT_EVIDENCE = "edit_evidence"
    REMOVE_EVIDENCE = "remove_evidence"
    SAVE_DRAFT = "save_draft"
    SUBMIT = "submit"
    VOTE = "vote"
    APPROVE = "approve"
    RETURN = "return"
    RECORD_REPLY = "record_reply"
    COMMENT = "comment"
    LINK_MATCH = "link_match"
    DISMISS_MATCH = "dismiss_match"
    UNLINK_MATCH = "unlink_match"
    PUBLISH = "publish"
    PROPOSE_CORRECTION = "propose_correction"
    CORRECT = "correct"
    DECLINE_CORRECTION = "decline_correction"
    # An editor corrects a published source (its quote, address, title, publisher or date
    # accessed); the rating stands, and readers see the change in the corrections log.
    CORRECT_SOURCE = "correct_source"
    SPLIT_FROM = "split_from"
    MERGE_FROM = "merge_from"
    PROMOTE = "promote"
    # Articles
    CREATE = "create"
    EDIT = "edit"
    WITHDRAW = "withdraw"
    # Ask the language model again after its rewrite of the candidates failed
    REWRITE_CANDIDATES = "rewrite_candidates"
    # Topics: the desk's list of them, and which a claim is filed under
    TAG = "tag"
    CREATE_TOPIC = "create_topic"
    RENAME_TOPIC = "rename_topic"
    DELETE_TOPIC = "delete_topic"
