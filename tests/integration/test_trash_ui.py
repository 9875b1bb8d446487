"""The bin (/lixeira) pages its POCs: 50 a page, within the pages there are, and a page emptied shows the one before."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from poc_tracker.db import session_scope
from poc_tracker.models import Poc
from poc_tracker.models.base import utcnow
from state.trash import TrashState
from tests.integration.test_ui_doors import _signed_in
from tests.live_server import run_async
from tests.personas import Persona
from tests.reports_support import seed_pocs, utc


def test_the_bin_pages_its_pocs_and_restoring_the_last_page_shows_the_one_before(owner_a: Persona, owner_b: Persona):
    ids = seed_pocs(owner_a.tenant_id, owner_a.user_id, 53, start=utc(2026, 1, 10, 12), prefix="Lixo")
    seed_pocs(owner_b.tenant_id, owner_b.user_id, 4, start=utc(2026, 1, 10, 12), prefix="Outra")
    with session_scope(tenant_id=uuid.UUID(owner_a.tenant_id)) as session:
        session.exec(update(Poc).where(Poc.id.in_(ids)).values(deleted_at=utcnow()))
    root = _signed_in(owner_a)

    async def go() -> TrashState:
        trash = await root.get_state(TrashState)
        await trash.load_trash()
        assert (len(trash.rows), trash.total, trash.page, trash.pages) == (50, 53, 1, 2)
        await trash.go_to_page(9)
        assert trash.page == 2 and len(trash.rows) == 3
        assert all(row.name.startswith("Lixo") for row in trash.rows)  # never another tenant's
        for row in list(trash.rows):
            await trash.restore(row.id)
        assert (trash.page, trash.pages, len(trash.rows), trash.total) == (1, 1, 50, 50)
        return trash

    run_async(go())
