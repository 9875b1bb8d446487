"""SQLModel tables; importing this package registers every table."""

from poc_tracker.models.audit import AuditLog, DomainEvent, OutboxPending
from poc_tracker.models.dojo import Dojo, DojoEvent, DojoParticipant
from poc_tracker.models.identity import IdentityDomain, IdentityProvider, OidcFlow, UserIdentity
from poc_tracker.models.job import Job
from poc_tracker.models.mail import AccountToken, MailMessage
from poc_tracker.models.mfa import MfaChallenge, Passkey, RecoveryCode, TotpFactor
from poc_tracker.models.organize import Collection, CollectionItem, Favorite
from poc_tracker.models.poc import Blob, Poc, PocFile, PocTag, PocVersion
from poc_tracker.models.privacy import ConsentRecord, PrivacyRequest
from poc_tracker.models.report_schedule import ReportSchedule
from poc_tracker.models.search_log import SearchQuery
from poc_tracker.models.tenant import Tenant
from poc_tracker.models.user import Invitation, RefreshToken, User
from poc_tracker.models.video import VideoOffer, VideoShare

__all__ = [
    "AccountToken",
    "AuditLog",
    "Blob",
    "Collection",
    "CollectionItem",
    "ConsentRecord",
    "Dojo",
    "DojoEvent",
    "DojoParticipant",
    "DomainEvent",
    "Favorite",
    "IdentityDomain",
    "IdentityProvider",
    "Invitation",
    "Job",
    "MailMessage",
    "MfaChallenge",
    "OidcFlow",
    "OutboxPending",
    "Passkey",
    "Poc",
    "PocFile",
    "PocTag",
    "PocVersion",
    "PrivacyRequest",
    "RecoveryCode",
    "RefreshToken",
    "ReportSchedule",
    "SearchQuery",
    "Tenant",
    "TotpFactor",
    "User",
    "UserIdentity",
    "VideoOffer",
    "VideoShare",
]
