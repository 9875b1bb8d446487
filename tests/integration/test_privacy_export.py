"""The person's export: every personal column reaches it, data.json follows its schema, the ZIP checks out."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
import zipfile
from pathlib import Path

import jsonschema
from sqlalchemy import text

from poc_tracker.db import session_scope, system_session
from poc_tracker.services.privacy.export import person_scope, write_export
from poc_tracker.services.privacy.registry import PERSONAL
from poc_tracker.services.privacy.schema import export_schema
from poc_tracker.services.privacy.sections import SECTIONS, camel
from tests.personas import Persona
from tests.privacy_support import EMAIL, NAME, join, seed_everything


def export_of(person: Persona, tmp_path: Path) -> zipfile.ZipFile:
    tenant, user = uuid.UUID(person.tenant_id), uuid.UUID(person.user_id)
    with session_scope(tenant_id=tenant) as session:
        path = write_export(session, person_scope(session, tenant_id=tenant, user_id=user), tmp_path / "x.zip")
    return zipfile.ZipFile(path)


def _json(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_every_personal_column_is_in_the_export_and_the_json_follows_its_schema(
    client, owner_a: Persona, owner_b: Persona, tmp_path: Path
):
    person = join(client, owner_a)
    seed_everything(client, person)
    join(client, owner_b, name="Outra Pessoa", email="outra@beta.com.br")  # another tenant: never exported
    zf = export_of(person, tmp_path)
    data = json.loads(zf.read("data.json"))
    jsonschema.Draft202012Validator(export_schema(), format_checker=jsonschema.FormatChecker()).validate(data)
    assert json.loads(zf.read("schema.json")) == export_schema()
    by_table = {s.model.__tablename__: s for s in SECTIONS}
    tenant = uuid.UUID(person.tenant_id)
    for table, columns in PERSONAL.items():
        section = by_table[table]
        assert data[section.key], f"no {table} row of the person was exported (seed one)"
        with session_scope(tenant_id=tenant) as session:
            scope = person_scope(session, tenant_id=tenant, user_id=uuid.UUID(person.user_id))
            rows = session.exec(
                __import__("sqlmodel")
                .select(section.model)
                .where(section.model.tenant_id == tenant, *section.where(scope))
            ).all()
        assert rows, table
        for column in columns:
            exported = [r[camel(column)] for r in data[section.key]]
            for row in rows:
                assert _json(getattr(row, column)) in exported, f"{table}.{column} missing from the export"
    assert data["users"][0]["email"] == EMAIL and data["users"][0]["name"] == NAME
    assert "passwordHash" not in data["users"][0]
    assert "outra@beta.com.br" not in zf.read("data.json").decode()


def test_the_zip_has_csv_files_readme_and_a_manifest_that_checks_out(client, owner_a: Persona, tmp_path: Path):
    person = join(client, owner_a)
    seed = seed_everything(client, person)
    zf = export_of(person, tmp_path)
    names = set(zf.namelist())
    assert {"data.json", "schema.json", "LEIA-ME.md", "SHA256SUMS.txt", "csv/users.csv"} <= names
    assert zf.read(f"arquivos/{seed['pocId']}/src/main.py") == b"print('ola')\n"
    listed = {}
    for line in zf.read("SHA256SUMS.txt").decode().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == names - {"SHA256SUMS.txt"}
    for name, digest in listed.items():
        assert hashlib.sha256(zf.read(name)).hexdigest() == digest
    users = list(csv.DictReader(io.StringIO(zf.read("csv/users.csv").decode("utf-8-sig"))))
    assert users[0]["email"] == EMAIL
    assert "Seus dados no POC Tracker" in zf.read("LEIA-ME.md").decode()


def test_consent_records_are_append_only(client, owner_a: Persona):
    person = join(client, owner_a)
    seed_everything(client, person)
    import pytest

    with pytest.raises(Exception, match="append-only"), system_session(reason="test") as session:
        session.exec(text("UPDATE consent_records SET granted = false"))
