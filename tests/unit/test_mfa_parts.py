"""Second-factor parts: the TOTP window, sealed secrets and key rotation, the identity provider's amr."""

from __future__ import annotations

import pyotp
import pytest
from cryptography.fernet import Fernet

from poc_tracker.auth import sealing, totp
from poc_tracker.models import Tenant
from poc_tracker.services.mfa_policy import mfa_satisfied_by_amr

NOW = 1_800_000_015.0  # 15 s into a step: the neighbours are whole steps away


@pytest.mark.parametrize(("offset", "accepted"), [(-60, False), (-30, True), (0, True), (30, True), (60, False)])
def test_codes_match_within_one_step_either_side(offset, accepted):
    secret = totp.new_secret()
    code = pyotp.TOTP(secret).at(NOW + offset)
    step = totp.matching_step(secret, code, now=NOW)
    assert (step is not None) is accepted
    if accepted:
        assert step == int((NOW + offset) // 30)


@pytest.mark.parametrize("typed", ["", "12345", "abcdef", "1234567"])
def test_malformed_codes_never_match(typed):
    assert totp.matching_step(totp.new_secret(), typed, now=NOW) is None


def test_sealed_secrets_open_with_an_older_key_after_rotation(monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setattr(sealing, "keys", lambda: (old,))
    sealed = sealing.seal("JBSWY3DPEHPK3PXP")
    recovery = sealing.keyed_hashes("abcdefghjk", context="recovery u")[0]
    monkeypatch.setattr(sealing, "keys", lambda: (new, old))
    assert sealing.unseal(sealed) == "JBSWY3DPEHPK3PXP"
    assert recovery in sealing.keyed_hashes("abcdefghjk", context="recovery u")
    with pytest.raises(ValueError):
        sealing.unseal(sealed[:-4] + "AAAA")
    monkeypatch.setattr(sealing, "keys", lambda: (new,))
    with pytest.raises(ValueError):
        sealing.unseal(sealed)


@pytest.mark.parametrize(
    ("accept", "amr", "satisfied"),
    [
        (True, ["pwd", "mfa"], True),
        (True, ["pwd", "otp"], True),
        (True, ["hwk", "user"], True),
        (True, ["pwd"], False),
        (True, ["pwd", "pwd"], False),
        (True, ["made-up", "pwd"], False),
        (True, None, False),
        (False, ["pwd", "mfa"], False),
    ],
)
def test_an_identity_providers_amr_counts_only_by_the_tenants_choice(accept, amr, satisfied):
    tenant = Tenant(name="Alfa", subdomain="alfa", settings={"mfaAcceptIdpAmr": accept})
    assert mfa_satisfied_by_amr(tenant, amr) is satisfied
