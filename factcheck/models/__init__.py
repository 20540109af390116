"""The data model: one module per aggregate."""

from factcheck.models.archive import ArchiveEntry
from factcheck.models.article import Article, ArticleStatus, LlmRewriteStatus
from factcheck.models.claim import Claim, ClaimStatus
from factcheck.models.claimant import Claimant, ClaimantKind, ClaimantName
from factcheck.models.comment import Comment
from factcheck.models.conflict import ConflictOfInterest
from factcheck.models.correction import Correction
from factcheck.models.event import Event
from factcheck.models.evidence import ArchiveStatus, Evidence, Stance
from factcheck.models.job import JobFailure
from factcheck.models.matching import MatchEntry, MatchTerm, MatchTotals
from factcheck.models.notification import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from factcheck.models.rating import Rating, RatingDefinition
from factcheck.models.reply import ReplyChannel, ReplyRequest
from factcheck.models.review_vote import ReviewVote, VoteChoice
from factcheck.models.scale_version import ScaleVersion
from factcheck.models.security import IdempotencyKey, LoginAttempt
from factcheck.models.site_page import SitePage
from factcheck.models.snapshot import Snapshot
from factcheck.models.suggestion import ArticleMatchState, ClaimSuggestion
from factcheck.models.token import ApiToken
from factcheck.models.topic import RelatedClaim, Topic, TopicOldSlug, claim_topics
from factcheck.models.url_import import ImportStatus, UrlImport
from factcheck.models.user import ADMINS, EDITORS, STAFF, Role, User
from factcheck.models.verdict import Verdict, VerdictStatus
from factcheck.models.verdict_draft import VerdictDraft
from factcheck.models.webhook import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookFormat,
)

__all__ = [
    "ADMINS",
    "EDITORS",
    "STAFF",
    "ApiToken",
    "ArchiveEntry",
    "ArchiveStatus",
    "Article",
    "ArticleMatchState",
    "ArticleStatus",
    "Claim",
    "ClaimStatus",
    "ClaimSuggestion",
    "Claimant",
    "ClaimantKind",
    "ClaimantName",
    "Comment",
    "ConflictOfInterest",
    "Correction",
    "Delivery",
    "DeliveryStatus",
    "Event",
    "Evidence",
    "IdempotencyKey",
    "ImportStatus",
    "JobFailure",
    "LlmRewriteStatus",
    "LoginAttempt",
    "MatchEntry",
    "MatchTerm",
    "MatchTotals",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Rating",
    "RatingDefinition",
    "RelatedClaim",
    "ReplyChannel",
    "ReplyRequest",
    "ReviewVote",
    "Role",
    "ScaleVersion",
    "SitePage",
    "Snapshot",
    "Stance",
    "Topic",
    "TopicOldSlug",
    "UrlImport",
    "User",
    "Verdict",
    "VerdictDraft",
    "VerdictStatus",
    "VoteChoice",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "WebhookFormat",
    "claim_topics",
]
