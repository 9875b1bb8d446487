"""Audit minimisation: e-mails and user agents become salted short hashes, IPs their network, names go."""

from __future__ import annotations

import uuid

from poc_tracker.services.audit_minimise import ip_network, minimise, pseudonym

TENANT = uuid.UUID(int=7)


def test_emails_agents_ips_and_names_are_reduced_and_the_rest_kept():
    out = minimise(
        TENANT,
        {
            "email": "Ana@Empresa.com.br",
            "userAgent": "Mozilla/5.0 (X11)",
            "ip": "203.0.113.77",
            "ownerName": "Ana Souza",
            "role": "admin",
            "fields": ["name"],
        },
    )
    assert out == {
        "emailHash": pseudonym(TENANT, "ana@empresa.com.br"),
        "userAgentHash": pseudonym(TENANT, "Mozilla/5.0 (X11)"),
        "ip": "203.0.113.0/24",
        "role": "admin",
        "fields": ["name"],
    }
    assert "Ana" not in str(out) and len(out["emailHash"]) == 16


def test_the_same_address_matches_within_a_tenant_but_not_across():
    assert pseudonym(TENANT, "a@b.c") == pseudonym(TENANT, " A@B.C ")
    assert pseudonym(TENANT, "a@b.c") != pseudonym(uuid.UUID(int=8), "a@b.c")


def test_ipv6_keeps_its_48_bit_network_and_junk_reveals_nothing():
    assert ip_network("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert ip_network("not an address") == "?"
