"""The data model: one module per aggregate."""

from factcheck.models.archive import ArchiveEntry
from factcheck.models.article import Article, ArticleStatus
from factcheck.models.claim import Claim, ClaimStatus
from factcheck.models.conflict import ConflictOfInterest
from factcheck.models.correction import Correction
from factcheck.models.event import Event
from factcheck.models.evidence import Evidence, Stance
from factcheck.models.matching import MatchEntry, MatchTerm, MatchTotals
from factcheck.models.rating import Rating
from factcheck.models.review import (
    Comment,
    ReplyChannel,
    ReplyRequest,
    ReviewVote,
    ScaleVersion,
    VerdictDraft,
    VoteChoice,
)
from factcheck.models.security import IdempotencyKey, LoginAttempt
from factcheck.models.site_page import SitePage
from factcheck.models.snapshot import Snapshot
from factcheck.models.token import ApiToken
from factcheck.models.user import Role, User
from factcheck.models.verdict import Verdict, VerdictStatus

__all__ = [
    "ApiToken",
    "ArchiveEntry",
    "Article",
    "ArticleStatus",
    "Claim",
    "ClaimStatus",
    "Comment",
    "ConflictOfInterest",
    "Correction",
    "Event",
    "Evidence",
    "IdempotencyKey",
    "LoginAttempt",
    "MatchEntry",
    "MatchTerm",
    "MatchTotals",
    "Rating",
    "ReplyChannel",
    "ReplyRequest",
    "ReviewVote",
    "Role",
    "ScaleVersion",
    "SitePage",
    "Snapshot",
    "Stance",
    "User",
    "Verdict",
    "VerdictDraft",
    "VerdictStatus",
    "VoteChoice",
]
