"""Data minimisation for audit entries (LGPD art. 6, III): what an event records of a person is the least needed.

The audit log must say who did what, not hold contact data: the actor and the target are user ids (which a
person's erasure can then sever), never e-mails or names. Network identifiers are kept in a form that still
lets an admin tell "same place, same device" apart without identifying anyone:

- e-mail addresses become ``emailHash``: the first 16 hex digits of SHA-256 over ``tenant id + address``
  (salted per tenant, so two tenants' logs cannot be joined on it);
- IP addresses become their network: ``/24`` for IPv4, ``/48`` for IPv6 (like Google Analytics' IP masking);
- user agents become ``userAgentHash`` (same salted, truncated hash): device changes show, the string does not.

Applied when an event is recorded (``events.emit``) and again when the audit consumer copies it, so no
path writes these fields in full.
"""

from __future__ import annotations

import hashlib
import ipaddress
import uuid
from typing import Any

EMAIL_KEYS = frozenset({"email", "newEmail", "new_email", "oldEmail", "old_email", "to"})
IP_KEYS = frozenset({"ip", "clientIp", "client_ip", "ipAddress", "ip_address", "address"})
AGENT_KEYS = frozenset({"userAgent", "user_agent", "agent"})
NAME_KEYS = frozenset({"ownerName", "owner_name", "userName", "user_name", "personName"})


def pseudonym(tenant_id: uuid.UUID | str, value: str) -> str:
    """A salted, truncated SHA-256 of ``value``: equal inputs match within one tenant, nothing reads back."""
    return hashlib.sha256(f"{tenant_id}:{value.strip().lower()}".encode()).hexdigest()[:16]


def ip_network(value: str) -> str:
    """The address's network (``203.0.113.0/24``, ``2001:db8:1::/48``); junk becomes a pseudonym-free marker."""
    try:
        addr = ipaddress.ip_address(value.strip())
    except ValueError:
        return "?"
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def minimise(tenant_id: uuid.UUID | str, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` with e-mails, IPs, user agents and personal names reduced as the module says (a new dict)."""
    out: dict[str, Any] = {}
    for key, value in payload.items():
        if not isinstance(value, str) or not value:
            out[key] = value
        elif key in EMAIL_KEYS and "@" in value:
            out[f"{key}Hash"] = pseudonym(tenant_id, value)
        elif key in IP_KEYS:
            out[key] = ip_network(value)
        elif key in AGENT_KEYS:
            out[f"{key}Hash"] = pseudonym(tenant_id, value)
        elif key in NAME_KEYS:
            continue  # the actor/target id already names the person; a copy of the name would outlive erasure
        else:
            out[key] = value
    return out
