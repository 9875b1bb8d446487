"""The personal-data register: every column that holds data about a person, why it is kept, and how it ends.

A test proves each one reaches the export, and another that an erased person leaves none of them behind.
``ERASURE`` says what the erasure does to a table's rows of the person: ``delete`` them, ``anonymise`` them
(the row stays, credited to "Pessoa removida"), or ``keep`` (no personal data once the user row is anonymised).
"""

from __future__ import annotations

from dataclasses import dataclass

from poc_tracker.i18n import N_


@dataclass(frozen=True)
class Purpose:
    """One purpose of processing with its legal basis (LGPD art. 7) and retention."""

    key: str
    name: str
    basis: str
    retention: str


PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        "account",
        N_("Conta e acesso"),
        N_("Execução de contrato (art. 7º, V)"),
        N_("Enquanto a conta existir; apagados 30 dias após o pedido de exclusão"),
    ),
    Purpose(
        "security",
        N_("Segurança e prevenção a fraudes"),
        N_("Legítimo interesse (art. 7º, IX) e art. 37"),
        N_("Sessões: 30 dias; registro de auditoria: 5 anos, minimizado"),
    ),
    Purpose(
        "pocs",
        N_("POCs, arquivos, coleções e Dojos"),
        N_("Execução de contrato com a organização (art. 7º, V)"),
        N_("Enquanto a organização mantiver o conteúdo; a autoria é anonimizada na exclusão"),
    ),
    Purpose(
        "reports",
        N_("Relatórios e vídeos gerados"),
        N_("Execução de contrato (art. 7º, V)"),
        N_("7 dias após a geração"),
    ),
    Purpose(
        "product_news",
        N_("E-mails sobre novidades do produto"),
        N_("Consentimento (art. 7º, I)"),
        N_("Até a revogação do consentimento"),
    ),
    Purpose(
        "retrospectiva_notice",
        N_("Aviso anual da Retrospectiva"),
        N_("Consentimento (art. 7º, I)"),
        N_("Até a revogação do consentimento"),
    ),
    Purpose(
        "legal",
        N_("Registro de consentimentos e pedidos de titular"),
        N_("Cumprimento de obrigação legal (art. 7º, II)"),
        N_("5 anos após o atendimento"),
    ),
)

PROCESSORS: tuple[tuple[str, str], ...] = (
    (N_("Envio de e-mails"), N_("Servidor SMTP contratado pela plataforma (e-mails de conta, relatórios e avisos)")),
    (N_("Armazenamento de arquivos"), N_("Amazon S3 (AWS, região São Paulo) ou disco do servidor")),
    (N_("Busca"), N_("OpenSearch (AWS) ou o próprio banco de dados")),
    (N_("Hospedagem e banco de dados"), N_("Amazon Web Services (RDS PostgreSQL, ElastiCache Redis)")),
)

# table -> columns holding personal data of the person the row belongs to
PERSONAL: dict[str, tuple[str, ...]] = {
    "users": ("email", "name", "locale", "roles", "created_at", "last_login_at", "email_verified_at"),
    "refresh_tokens": ("user_agent", "created_at"),
    "user_identities": ("subject",),
    "webauthn_credentials": ("name",),
    "mfa_totp": ("confirmed_at",),
    "account_tokens": ("email",),
    "invitations": ("email",),
    "mail_messages": ("to_address", "subject"),
    "consent_records": ("purpose", "granted", "version", "ip_hash", "user_agent_hash"),
    "privacy_requests": ("protocol", "kind"),
    "favorites": ("poc_id",),
    "search_queries": ("query", "hits", "created_at"),
    "collections": ("name", "description"),
    "dojo_participants": ("role", "joined_at"),
    "dojo_events": ("payload",),
    "report_schedules": ("filters",),
    "video_offers": ("year",),
    "audit_log": ("action", "details"),
    "pocs": ("owner_id",),
    "poc_versions": ("author_id",),
}

ERASURE: dict[str, str] = {
    "users": "anonymise",
    "refresh_tokens": "delete",
    "user_identities": "delete",
    "webauthn_credentials": "delete",
    "mfa_totp": "delete",
    "mfa_recovery_codes": "delete",
    "mfa_challenges": "delete",
    "account_tokens": "delete",
    "invitations": "delete",
    "mail_messages": "delete",
    "oidc_flows": "delete",
    "consent_records": "keep",
    "privacy_requests": "keep",
    "favorites": "delete",
    "search_queries": "delete",
    "collections": "delete",  # private ones; a collection shared with the team stays, credited to "Pessoa removida"
    "dojo_participants": "keep",
    "dojo_events": "anonymise",
    "report_schedules": "delete",
    "video_offers": "delete",
    "video_shares": "delete",
    "jobs": "delete",
    "audit_log": "anonymise",
    "domain_events": "anonymise",
    "pocs": "keep",
    "poc_versions": "keep",
    "dojos": "keep",
}
