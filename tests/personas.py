"""Named test personas built through the real API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient


@dataclass
class Persona:
    """A signed-in user for tests."""

    user_id: str
    tenant_id: str
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def create_tenant(client: TestClient, sub: str) -> Persona:
    """A tenant and its owner, through the API."""
    email, password = f"dona@{sub}.com.br", "senha-forte-123"
    res = client.post(
        "/api/v1/tenants",
        json={
            "name": f"Empresa {sub}",
            "subdomain": sub,
            "ownerName": f"Dona {sub}",
            "ownerEmail": email,
            "ownerPassword": password,
        },
    )
    assert res.status_code == 201, res.text
    body = res.json()
    return Persona(body["userId"], body["tenantId"], email, password, body["accessToken"], body["refreshToken"])


def add_member(client: TestClient, owner: Persona, name: str, role: str) -> Persona:
    """Invite and register a user with a role in the owner's tenant."""
    email = f"{name}-{uuid.uuid4().hex[:6]}@example.com"
    inv = client.post("/api/v1/users/invitations", json={"email": email, "role": role}, headers=owner.headers)
    assert inv.status_code == 201, inv.text
    res = client.post(
        "/api/v1/users/register",
        json={
            "email": email,
            "password": "senha-forte-123",
            "name": name.title(),
            "tenantId": owner.tenant_id,
            "invitationToken": inv.json()["token"],
        },
    )
    assert res.status_code == 201, res.text
    body = res.json()
    return Persona(body["userId"], owner.tenant_id, email, "senha-forte-123", body["accessToken"], body["refreshToken"])
