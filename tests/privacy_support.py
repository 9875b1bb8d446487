"""A person with data of every kind (for the LGPD export and erasure tests), built through the API and services."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import select

from poc_tracker.db import session_scope, system_session
from poc_tracker.models import (
    AccountToken,
    AuditLog,
    Dojo,
    DojoEvent,
    DojoParticipant,
    IdentityProvider,
    MailMessage,
    Passkey,
    ReportSchedule,
    TotpFactor,
    UserIdentity,
    VideoOffer,
)
from poc_tracker.models.base import utcnow
from poc_tracker.services.outbox import deliver_all
from poc_tracker.services.privacy import consents
from poc_tracker.services.privacy.requests import open_request
from tests.factories import new_collection
from tests.files_support import upload
from tests.personas import Persona

NAME = "Zuleica Quixabeira-Tavares"
EMAIL = "zuleica.quixabeira@exemplo.com.br"
PASSWORD = "senha-forte-123"


def join(client: TestClient, owner: Persona, *, name: str = NAME, email: str = EMAIL, role: str = "member") -> Persona:
    """Invite and register a person with this name and e-mail."""
    inv = client.post("/api/v1/users/invitations", json={"email": email, "role": role}, headers=owner.headers)
    assert inv.status_code == 201, inv.text
    body = {"email": email, "password": PASSWORD, "name": name, "tenantId": owner.tenant_id}
    res = client.post("/api/v1/users/register", json={**body, "invitationToken": inv.json()["token"]})
    assert res.status_code == 201, res.text
    b = res.json()
    return Persona(b["userId"], owner.tenant_id, email, PASSWORD, b["accessToken"], b["refreshToken"])


def seed_everything(client: TestClient, person: Persona) -> dict[str, str]:
    """A POC with a file, favourite, collection, Dojo, consents, second factors… every personal column filled."""
    poc = client.post(
        "/api/v1/pocs", json={"name": "Fila com Kafka", "language": "python"}, headers=person.headers
    ).json()
    assert upload(client, person, poc["id"], [("src/main.py", b"print('ola')\n")]).status_code in (200, 201)
    assert client.put(f"/api/v1/favorites/{poc['id']}", headers=person.headers).status_code in (200, 201, 204)
    new_collection(client, person, "Minhas leituras", pocs=(poc,))
    found = client.get("/api/v1/search/pocs", params={"q": "kafka da Zuleica"}, headers=person.headers)
    assert found.status_code == 200  # the search log keeps what the person typed
    tenant, user = uuid.UUID(person.tenant_id), uuid.UUID(person.user_id)
    _seed_rows(tenant, user, uuid.UUID(poc["id"]))
    deliver_all("audit")
    return {"pocId": poc["id"]}


def _seed_rows(tenant: uuid.UUID, user: uuid.UUID, poc_id: uuid.UUID) -> None:
    now = utcnow()
    with session_scope(tenant_id=tenant) as s:
        idp = IdentityProvider(
            tenant_id=tenant,
            name="Okta",
            discovery_url="https://idp.example/.well-known",
            issuer="https://idp.example",
            client_id="c",
            client_secret_sealed="x",
        )
        s.add(idp)
        s.flush()
        s.add(UserIdentity(tenant_id=tenant, user_id=user, provider_id=idp.id, subject="sub-zuleica-42"))
        s.add(Passkey(tenant_id=tenant, user_id=user, credential_id="cred-1", public_key=b"k", name="Celular da Zu"))
        s.add(TotpFactor(user_id=user, tenant_id=tenant, secret_sealed="s", confirmed_at=now))
        s.add(
            AccountToken(
                tenant_id=tenant,
                user_id=user,
                purpose="reset_password",
                token_hash=uuid.uuid4().hex,
                email=EMAIL,
                expires_at=now + timedelta(hours=1),
            )
        )
        s.add(MailMessage(tenant_id=tenant, to_address=EMAIL, template="t", locale="pt_BR", subject="Olá Zuleica"))
        dojo = Dojo(tenant_id=tenant, host_id=user, poc_id=poc_id, title="Kata do boliche", join_code="ABC123")
        s.add(dojo)
        s.flush()
        s.add(DojoParticipant(dojo_id=dojo.id, user_id=user, tenant_id=tenant, role="pilot"))
        s.add(
            DojoEvent(dojo_id=dojo.id, tenant_id=tenant, actor_id=user, kind="chat", payload={"text": "bom dia, time"})
        )
        s.add(
            ReportSchedule(
                tenant_id=tenant,
                owner_id=user,
                kind="usage",
                format="pdf",
                frequency="weekly",
                filters={"language": "python"},
                unsubscribe_hash=uuid.uuid4().hex,
                next_run_at=now,
            )
        )
        s.add(VideoOffer(user_id=user, year=2026, tenant_id=tenant))
        s.add(
            AuditLog(
                tenant_id=tenant,
                event_id=uuid.uuid4(),
                actor_id=user,
                action="user.logged_in",
                target_type="user",
                target_id=str(user),
                details={"method": "password"},
            )
        )
        consents.accept_notice(s, tenant_id=tenant, user_id=user, channel="web", ip="203.0.113.9", user_agent="Firefox")
        consents.record(s, tenant_id=tenant, user_id=user, purpose="product_news", granted=True, channel="api")
        open_request(s, tenant_id=tenant, user_id=user, kind="access", status="done")


def count_rows(model, **where) -> int:
    """Rows of a table matching column values (system-wide)."""
    with system_session(reason="test") as s:
        q = select(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return len(s.exec(q).all())
