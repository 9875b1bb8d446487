"""Every knob of POC Tracker, read from ``POC_TRACKER_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Connections and threads kept out of the API's request slots: the UI's event handlers, sockets, health checks
# and the few requests that open a second session.
RESERVED = 4


class Settings(BaseSettings):
    """Settings whose defaults are the embedded profile (SQLite, local files, no server)."""

    model_config = SettingsConfigDict(env_prefix="POC_TRACKER_", env_file=".env", extra="ignore")

    env: str = Field("development", description="development, test or production")
    data_dir: Path = Field(Path("data"), description="Folder for the embedded profile's files")
    database_url: str = Field("", description="SQLAlchemy URL; default SQLite under data_dir")
    redis_url: str = Field("", description="Redis URL; empty on the embedded profile")
    dojo_flush_seconds: float = Field(
        0.25, gt=0, description="How long a web process batches a live Dojo's edits before it logs them"
    )
    broker_url: str = Field("", description="Celery broker; default Redis if set, else SQLite")
    outbox_sweep_seconds: float = Field(30.0, gt=0, description="How often beat delivers events a lost nudge left")
    report_pdf_row_cap: int = Field(
        2000, ge=1, description="Rows of one table a report PDF shows before pointing to the XLSX"
    )
    report_storage_price_brl: float = Field(
        0.15, ge=0, description="Storage price per GiB and month (R$) for the reports' estimated cost"
    )
    report_schedule_seconds: float = Field(
        300.0, gt=0, description="How often beat looks for scheduled reports whose time has come"
    )
    report_mail_attach_max_bytes: int = Field(
        5 << 20, ge=0, description="A scheduled report larger than this is e-mailed as a link, not attached"
    )
    jobs_sweep_seconds: float = Field(
        300.0, gt=0, description="How often beat re-sends lost jobs and deletes expired job files"
    )
    jobs_stale_seconds: float = Field(
        600.0, gt=0, description="A running job silent this long lost its worker; the sweep gives it to another"
    )
    app_url: str = Field("http://localhost:3000", description="Public URL of the app")
    privacy_controller_name: str = Field("POC Tracker", description="LGPD controller shown when a tenant names none")
    privacy_controller_contact: str = Field(
        "privacidade@poctracker.com.br", description="The platform controller's contact (e-mail or address)"
    )
    privacy_dpo_name: str = Field("Encarregado de dados do POC Tracker", description="The platform's DPO (encarregado)")
    privacy_dpo_email: str = Field("dpo@poctracker.com.br", description="The platform DPO's e-mail")
    privacy_deletion_grace_days: int = Field(30, ge=0, description="Days an account deletion can still be cancelled")
    privacy_erasure_seconds: float = Field(3600.0, gt=0, description="How often beat runs account erasures now due")
    video_scale: float = Field(
        1.0, gt=0, le=1, description="Retrospectiva frame size factor (1 = 1080×1920; tests use small renders)"
    )
    video_pace: float = Field(1.0, gt=0, le=1, description="Retrospectiva length factor (1 = 30–60 s; tests: short)")
    video_share_days: int = Field(30, gt=0, description="How long a shared Retrospectiva link lives")
    port: int = Field(3000, description="Port of the web process")
    trusted_proxy_hops: int = Field(
        0, ge=0, description="Balancers in front of the web processes whose X-Forwarded-For is trusted (0: none)"
    )
    timezone: str = Field("America/Sao_Paulo", description="Default time zone")
    jwt_private_key: str = Field("", description="PEM of the RS256 signing key")
    jwt_public_key: str = Field("", description="PEM of the RS256 verification key")
    jwt_issuer: str = Field("poc-tracker", description="JWT issuer claim")
    access_token_ttl: int = Field(900, description="Access token lifetime, seconds")
    refresh_token_ttl: int = Field(30 * 24 * 3600, description="Refresh token lifetime, seconds")
    invitation_ttl: int = Field(7 * 24 * 3600, description="Invitation lifetime, seconds")
    email_verification_ttl: int = Field(3 * 24 * 3600, gt=0, description="E-mail verification link lifetime, seconds")
    password_reset_ttl: int = Field(3600, gt=0, description="Password reset link lifetime, seconds")
    email_change_ttl: int = Field(24 * 3600, gt=0, description="Lifetime of the link that confirms a new e-mail")
    smtp_host: str = Field("", description="SMTP server; empty: mail is written to data_dir/mail (development)")
    smtp_port: int = Field(587, description="SMTP port")
    smtp_user: str = Field("", description="SMTP user name (empty: no authentication)")
    smtp_password: str = Field("", description="SMTP password")
    smtp_from: str = Field("POC Tracker <nao-responda@poctracker.local>", description="Sender of every mail")
    smtp_tls: Literal["starttls", "ssl", "off"] = Field("starttls", description="starttls, ssl (implicit TLS) or off")
    smtp_timeout: float = Field(20.0, gt=0, description="Seconds an SMTP conversation may stall")
    mail_retry_seconds: float = Field(30.0, gt=0, description="Wait after a mail's first failed try (doubles)")
    mail_max_attempts: int = Field(8, ge=1, description="Tries to send a mail before it is marked failed")
    rate_limit_per_minute: int = Field(100, description="Token bucket size per user or IP")
    login_failures_before_delay: int = Field(5, description="Failed logins from one address before it slows down")
    login_account_failures_before_delay: int = Field(
        20, description="Failed logins on one account, from any address, before new addresses slow down"
    )
    argon2_time_cost: int = Field(3, description="Argon2id time cost")
    argon2_memory_kib: int = Field(65536, description="Argon2id memory cost, KiB")
    plan_limits: dict[str, dict[str, int]] = Field(
        default={
            "basic": {"pocs": 200, "storage_bytes": 1 << 30, "file_bytes": 10 << 20},
            "team": {"pocs": 5000, "storage_bytes": 20 << 30, "file_bytes": 50 << 20},
            "enterprise": {"pocs": 1_000_000, "storage_bytes": 1 << 40, "file_bytes": 200 << 20},
        },
        description="Per-plan limits: POCs, storage bytes, bytes per file (JSON)",
    )
    storage_backend: str = Field("local", description="Where files go: local (under data_dir) or s3")
    s3_bucket: str = Field("", description="S3 bucket for files (storage_backend=s3)")
    s3_endpoint_url: str = Field("", description="S3 endpoint, for S3-compatible servers; empty for AWS")
    s3_region: str = Field("sa-east-1", description="S3 region")
    presign_ttl: int = Field(900, description="Lifetime of presigned download URLs, seconds")
    upload_max_files: int = Field(500, description="Files accepted in one upload (zip entries included)")
    upload_max_bytes: int = Field(256 << 20, description="Bytes accepted in one upload request (multipart body)")
    zip_max_bytes: int = Field(200 << 20, description="Uncompressed bytes a zip may expand to")
    zip_max_ratio: int = Field(100, description="Largest compression ratio accepted in a zip (bombs)")
    purge_after_days: int = Field(30, description="Days a deleted POC stays restorable")
    offline_max_bytes: int = Field(25 << 20, gt=0, description="Bytes of POC data a browser keeps for offline reading")
    android_package: str = Field("br.com.poctracker.app", description="Android app id of the native shell (TWA)")
    android_cert_fingerprints: list[str] = Field(
        default=[], description="SHA-256 fingerprints of the Android app's signing certificates (JSON list)"
    )
    search_backend: str = Field("auto", description="auto, sqlite, postgres or opensearch")
    opensearch_url: str = Field("", description="OpenSearch URL; with search_backend=auto it selects OpenSearch")
    opensearch_index: str = Field("poc-tracker-pocs", description="OpenSearch alias searched; indices are ALIAS-vN")
    opensearch_shards: int = Field(1, description="Primary shards of a new OpenSearch index")
    opensearch_replicas: int = Field(0, description="Replicas of a new OpenSearch index (1+ on a cluster)")
    metrics_token: str = Field(
        "", description="Bearer token /metrics asks for; empty: only loopback and private addresses, not via a proxy"
    )
    db_connect_timeout: int = Field(5, ge=1, description="Seconds to open a PostgreSQL connection before giving up")
    db_pool_size: int = Field(6, ge=1, description="Database connections a web process keeps open")
    db_max_overflow: int = Field(4, ge=0, description="Extra database connections a web process may open")
    db_pool_timeout: float = Field(2.0, gt=0, description="Seconds a request waits for a connection before 503")
    worker_threads: int = Field(40, ge=2, description="Threads that run sync handlers (AnyIO's limiter)")
    max_concurrent_requests: int = Field(
        0, ge=0, description="API requests served at once per process; 0 sizes it from the pool and the threads"
    )
    admission_wait: float = Field(0.5, gt=0, description="Seconds a request waits for a slot before 503")
    admission_queue: int = Field(
        0, ge=0, description="Requests that may wait for a slot; 0: as many as the slots serve within the wait"
    )
    trace_sample_ratio: float = Field(
        0.1, ge=0, le=1, description="Share of new traces kept when OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on"
    )
    worker_metrics_port: int = Field(
        0, ge=0, description="Port of a worker's own /metrics (0: none; the web's /metrics shows its host's)"
    )
    mfa_encryption_key: str = Field(
        "",
        description="Fernet key(s), comma-separated, newest first: seal TOTP seeds, OIDC client secrets (data/keys/)",
    )
    webauthn_rp_id: str = Field("", description="WebAuthn relying party id (a domain); default: app_url's host")
    webauthn_rp_name: str = Field("POC Tracker", description="WebAuthn relying party name shown by authenticators")
    oidc_allow_loopback: bool = Field(
        False, description="Let identity providers live on this machine over plain HTTP (tests, embedded trials only)"
    )
    oidc_http_timeout: float = Field(5.0, gt=0, description="Seconds an identity provider has to answer")
    oidc_flow_ttl: int = Field(600, gt=0, description="Seconds a started SSO sign-in stays valid")
    log_level: str = Field("INFO", description="Log level")
    log_json: bool = Field(True, description="Structured JSON logs")

    @model_validator(mode="after")
    def _refuse_weak_production(self) -> Settings:
        if self.env == "production" and not (self.jwt_private_key and self.jwt_public_key):
            raise ValueError("POC_TRACKER_JWT_PRIVATE_KEY and _PUBLIC_KEY are required in production")
        if self.env == "production" and not self.mfa_encryption_key:
            raise ValueError("POC_TRACKER_MFA_ENCRYPTION_KEY is required in production")
        if self.env == "production" and self.oidc_allow_loopback:
            raise ValueError("POC_TRACKER_OIDC_ALLOW_LOOPBACK is for tests and trials, never production")
        most = self._most_slots()
        if self.max_concurrent_requests > most:
            raise ValueError(
                f"POC_TRACKER_MAX_CONCURRENT_REQUESTS={self.max_concurrent_requests} passes what the "
                f"database pool and the threads allow ({most}): raise DB_POOL_SIZE and WORKER_THREADS"
            )
        return self

    def _most_slots(self) -> int:
        """Requests that can each have a thread and a connection, with some of both kept in reserve."""
        connections = self.db_pool_size + self.db_max_overflow - RESERVED
        return max(1, min(connections, self.worker_threads - RESERVED))

    @property
    def request_slots(self) -> int:
        """API requests served at once by a process; the others wait up to ``admission_wait``, then get 503."""
        return self.max_concurrent_requests or self._most_slots()

    @property
    def mail_dir(self) -> Path:
        """Where mail goes when no SMTP server is configured (the development mailbox reads it)."""
        return self.data_dir / "mail"

    @property
    def dev_mailbox(self) -> bool:
        """Whether the development mailbox page is served: no SMTP server, and not in production."""
        return not self.smtp_host and self.env != "production"

    @property
    def db_url(self) -> str:
        """The database URL, SQLite under the data folder by default."""
        return self.database_url or f"sqlite:///{self.data_dir.resolve() / 'poc_tracker.db'}"

    @property
    def celery_broker(self) -> str:
        """Celery broker: explicit, else Redis, else a SQLite file (no server)."""
        if self.broker_url:
            return self.broker_url
        if self.redis_url:
            return self.redis_url
        return f"sqla+sqlite:///{self.data_dir.resolve() / 'broker.db'}"

    @property
    def search_kind(self) -> str:
        """The search backend in force: explicit, else OpenSearch when a URL is set, else the database's own."""
        if self.search_backend != "auto":
            return self.search_backend
        if self.opensearch_url:
            return "opensearch"
        return "postgres" if self.is_postgres else "sqlite"

    @property
    def is_postgres(self) -> bool:
        """Whether the database is PostgreSQL."""
        return self.db_url.startswith("postgresql")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    settings = Settings()
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # database, keys, broker: owner only
    return settings
