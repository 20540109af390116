"""The data model: one module per aggregate."""

from factcheck.models.article import Article, ArticleStatus
from factcheck.models.claim import Claim, ClaimStatus
from factcheck.models.conflict import ConflictOfInterest
from factcheck.models.event import Event
from factcheck.models.evidence import Evidence, Stance
from factcheck.models.rating import Rating
from factcheck.models.token import ApiToken
from factcheck.models.user import Role, User
from factcheck.models.verdict import Verdict, VerdictStatus

__all__ = [
    "ApiToken",
    "Article",
    "ArticleStatus",
    "Claim",
    "ClaimStatus",
    "ConflictOfInterest",
    "Event",
    "Evidence",
    "Rating",
    "Role",
    "Stance",
    "User",
    "Verdict",
    "VerdictStatus",
]
