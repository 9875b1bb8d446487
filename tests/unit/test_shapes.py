"""One shape per concept: the API and UI shapes follow the service's records, and drift shows up here."""

from __future__ import annotations

import typing
import uuid
from datetime import UTC, datetime

import pytest
from pydantic.alias_generators import to_camel

from poc_tracker.api.dojo_schemas import DojoCreate, DojoEventPublic, DojoPublic
from poc_tracker.api.poc_schemas import Decision, PocCreate, PocPublic, PocUpdate, Status
from poc_tracker.api.schemas import record_fields
from poc_tracker.api.search_schemas import SearchHitPublic
from poc_tracker.models import Dojo, Poc
from poc_tracker.search import SearchHit
from poc_tracker.services import dojos, pocs

NOW = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)


def wire_names(model: type) -> set[str]:
    return set(model.model_json_schema(by_alias=True)["properties"])


@pytest.mark.parametrize("shape", [PocCreate, PocUpdate])
def test_the_api_takes_exactly_the_poc_fields_the_service_cleans(shape):
    sent = set(shape.model_fields) - {"message"}  # the version message is no field of the POC
    assert sent == set(pocs.CLEANERS)
    assert sent <= set(Poc.model_fields)


def test_versions_keep_and_the_form_edits_every_field_a_client_may_set():
    from poc_tracker.services.versions import META_FIELDS
    from state.poc_form import TEXT_FIELDS

    assert set(META_FIELDS) == set(pocs.CLEANERS)
    assert set(TEXT_FIELDS) | {"tags"} == set(pocs.CLEANERS)


def test_the_api_limits_and_choices_are_the_services():
    for name, limit in pocs.TEXT_LIMITS.items():
        caps = [m.max_length for m in PocCreate.model_fields[name].metadata if hasattr(m, "max_length")]
        assert caps == [limit], name
    assert set(typing.get_args(Status)) == set(pocs.STATUSES)
    assert set(typing.get_args(Decision)) == set(pocs.DECISIONS)


def test_the_api_shows_every_field_of_a_poc_in_camel_case():
    assert wire_names(PocPublic) == {to_camel(n) for n in Poc.model_fields} | {"ownerName", "canEdit", "isFavorite"}
    assert {"repositoryUrl", "successCriteria", "currentVersion", "deletedAt"} <= wire_names(PocPublic)


def test_a_search_hit_on_the_wire_is_the_backends_hit():
    assert wire_names(SearchHitPublic) == {to_camel(n) for n in record_fields(SearchHit)}
    hit = SearchHit(uuid.uuid4(), "Kata", "d", "python", ["tdd"], "idea", "go", uuid.uuid4(), "Ana", NOW, NOW)
    out = SearchHitPublic.model_validate(hit, from_attributes=True).model_dump(by_alias=True)
    assert out["pocId"] == hit.poc_id and out["ownerName"] == "Ana" and out["highlights"]["name"] is None


def test_a_dojo_on_the_wire_keeps_its_tenant_and_final_code_private():
    assert wire_names(DojoPublic) == {to_camel(n) for n in Dojo.model_fields} - {"tenantId", "finalCode"} | {
        "secondsLeft",
        "participants",
    }
    assert wire_names(DojoEventPublic) == {"seq", "kind", "payload", "at", "actorId"}
    assert DojoEventPublic.model_json_schema()["properties"]["seq"]["type"] == "integer"


def test_a_new_dojo_on_the_wire_carries_what_the_service_checks():
    checked = set(dojos.clean_dojo({"title": "Kata"}))
    assert set(DojoCreate.model_fields) == checked | {"poc_id"}


def sample_poc() -> Poc:
    return Poc(
        tenant_id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        name="Cache de borda",
        description="**Rápido**",
        language="python",
        tags=["cache", "cdn"],
        status="done",
        decision="go",
        hypothesis="h",
        success_criteria="s",
        result="r",
        learnings="l",
        repository_url=None,
        current_version=3,
        file_count=4,
        created_at=NOW,
        updated_at=NOW,
    )


def test_ui_rows_carry_the_records_fields_by_name():
    from state.dojo import DojoRow
    from state.poc_detail import poc_detail
    from state.rows import carried, poc_row
    from state.search_rows import hit_row

    poc = sample_poc()
    detail = poc_detail(poc, owner_name="Ana", locale="pt_BR", can_edit=True)
    assert (detail.name, detail.tags, detail.success_criteria, detail.learnings) == (
        "Cache de borda",
        *[poc.tags],
        "s",
        "l",
    )
    assert (detail.repository_url, detail.version, detail.file_count) == ("", 3, 4)
    row = poc_row(poc, owner_name="Ana", locale="pt_BR", can_edit=False)
    assert (row.description, row.status, row.decision, row.file_count) == ("Rápido", "done", "go", 4)
    assert row.tags == poc.tags and row.tags is not poc.tags  # the UI's copy, not the record's list
    hit = SearchHit(poc.id, poc.name, "<b>", "python", ["cdn"], "idea", "pivot", poc.owner_id, "Ana", NOW, NOW)
    shown = hit_row(hit, "pt_BR")
    assert (shown.description_html, shown.decision, shown.owner_name) == ("&lt;b&gt;", "pivot", "Ana")
    dojo = Dojo(tenant_id=poc.tenant_id, host_id=poc.owner_id, title="Kata", join_code="ABC", format="kata")
    assert carried(DojoRow, dojo, id="x", created="hoje").format == "kata"
