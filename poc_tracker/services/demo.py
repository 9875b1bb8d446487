"""Demo data: a tenant filled with realistic POCs, files, versions, favourites and a collection."""

from __future__ import annotations

import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, select

from poc_tracker.db import session_scope, system_session
from poc_tracker.errors import DomainError
from poc_tracker.models import Tenant, User
from poc_tracker.services import collection_items, collections, favorites, files, pocs, tenants
from poc_tracker.services.actor import Actor
from poc_tracker.services.demo_content import generate
from poc_tracker.services.uploads import UploadItem
from poc_tracker.services.users import actor_for

DEMO_PASSWORD = "cafe-com-pao-de-queijo"


@dataclass(frozen=True)
class DemoTenant:
    """Who to sign in as after the demo is loaded."""

    tenant_id: uuid.UUID
    subdomain: str
    email: str
    password: str


def ensure_demo_tenant(subdomain: str = "demo") -> DemoTenant:
    """The demo tenant and its owner, created when missing."""
    email = f"ana@{subdomain}.poctracker.com.br"
    with system_session(reason="demo: find or create the demo tenant") as session:
        tenant = session.exec(select(Tenant).where(Tenant.subdomain == subdomain)).first()
        if tenant is None:
            tenant, _ = tenants.create_tenant(
                session,
                name="Acme Tecnologia (demo)",
                subdomain=subdomain,
                owner_name="Ana Souza",
                owner_email=email,
                owner_password=DEMO_PASSWORD,
                verified=True,  # nobody reads this mailbox
            )
            tenant.plan = "enterprise"
            session.add(tenant)
    return DemoTenant(tenant.id, subdomain, email, DEMO_PASSWORD)


def owner_actor(session: Session, tenant_id: uuid.UUID) -> Actor:
    """An owner of the tenant to act as."""
    users = session.exec(select(User).where(User.tenant_id == tenant_id)).all()
    owner = next(u for u in users if "owner" in u.roles)
    return actor_for(session, user_id=owner.id, tenant_id=tenant_id)


def create_demo_poc(session: Session, actor: Actor, rng: random.Random, index: int, *, edits: bool = True) -> uuid.UUID:
    """One POC with its files and, sometimes, a later edit (a second version)."""
    demo = generate(rng, index)
    poc = pocs.create_poc(session, actor=actor, data=demo.data)
    items = [UploadItem(name=path, stream=io.BytesIO(text.encode())) for path, text in demo.files.items()]
    files.upload_files(session, actor=actor, poc_id=poc.id, items=items, message="Código inicial")
    if edits and rng.random() < 0.3:
        pocs.update_poc(
            session,
            actor=actor,
            poc_id=poc.id,
            data={"learnings": demo.data["learnings"] + "\n\nRevisado depois da demo."},
            message="Aprendizados revisados",
        )
    return poc.id


def fill_tenant(
    tenant_id: uuid.UUID, count: int, *, seed: int = 7, progress: Callable[[int], None] | None = None
) -> list[uuid.UUID]:
    """Add ``count`` POCs (one transaction each), star some and group a few in a shared collection."""
    rng = random.Random(seed)  # noqa: S311  (demo data, not secrets)
    created: list[uuid.UUID] = []
    for i in range(count):
        with session_scope(tenant_id=tenant_id) as session:
            created.append(create_demo_poc(session, owner_actor(session, tenant_id), rng, i))
        if progress:
            progress(i + 1)
    with session_scope(tenant_id=tenant_id) as session:
        actor = owner_actor(session, tenant_id)
        for poc_id in created[: max(1, count // 5)]:
            favorites.star_poc(session, actor=actor, poc_id=poc_id)
        coll = collections.create_collection(
            session,
            actor=actor,
            data={
                "name": "Destaques do trimestre",
                "description": "As POCs que viraram produto.",
                "visibility": "tenant",
            },
        )
        for poc_id in created[:5]:
            try:
                collection_items.add_poc(session, actor=actor, collection_id=coll.id, poc_id=poc_id)
            except DomainError:
                break
    return created
