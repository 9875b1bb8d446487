"""TOTP as a second factor over the API: a real clock window of ±1 step, no replay, throttling, recovery codes."""

from __future__ import annotations

import pyotp
from sqlmodel import select

from poc_tracker.db import system_session
from poc_tracker.models import DomainEvent, MailMessage, TotpFactor
from tests.mfa_support import code_at, enrol_totp, mfa_token, password_step, steady_clock

CONFIRM = "/api/v1/users/me/mfa/totp/confirm"


def test_enrolment_shows_a_qr_code_and_a_key_and_codes_from_one_step_either_side_are_accepted(client, owner_a):
    steady_clock(6)
    res = client.post("/api/v1/users/me/mfa/totp", headers=owner_a.headers)
    body = res.json()
    assert body["qrSvg"].startswith("data:image/svg+xml")
    assert body["otpauthUri"].startswith("otpauth://totp/POC%20Tracker:dona%40alfa.com.br?secret=")
    secret = body["secret"].replace(" ", "")
    for offset in (-60, 60):  # two steps away: refused
        refused = client.post(CONFIRM, json={"code": code_at(secret, offset)}, headers=owner_a.headers)
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_code"
    ok = client.post(CONFIRM, json={"code": code_at(secret, -30)}, headers=owner_a.headers)
    assert ok.status_code == 200, ok.text
    codes = ok.json()["recoveryCodes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for offset in (0, 30):  # this step and the next, in turn
        token = mfa_token(client, owner_a)
        done = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": code_at(secret, offset)})
        assert done.status_code == 200, done.text
        assert client.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {done.json()['accessToken']}"})


def test_a_code_is_never_accepted_twice(client, owner_a):
    secret, _ = enrol_totp(client, owner_a)  # confirmed with this step's code
    token = mfa_token(client, owner_a)
    again = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": code_at(secret)})
    assert again.status_code == 422
    older = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": code_at(secret, -30)})
    assert older.status_code == 422  # an earlier step than the last one used is refused too
    fresh = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": code_at(secret, 30)})
    assert fresh.status_code == 200, fresh.text
    replay = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": code_at(secret, 30)})
    assert replay.status_code == 401 and replay.json()["error"]["code"] == "invalid_mfa_token"


def test_the_secret_is_sealed_at_rest(client, owner_a):
    secret, _ = enrol_totp(client, owner_a)
    with system_session(reason="test") as session:
        row = session.exec(select(TotpFactor)).one()
    assert secret not in row.secret_sealed and row.last_used_step is not None


def test_wrong_codes_slow_the_account_down_and_end_the_step(client, owner_a):
    secret, _ = enrol_totp(client, owner_a)
    token = mfa_token(client, owner_a)
    for _ in range(5):
        wrong = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": "000000"})
        assert wrong.status_code == 422
    dead = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": code_at(secret, 30)})
    assert dead.status_code == 401  # five wrong answers end this sign-in's second step
    token = mfa_token(client, owner_a)
    held = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "code": code_at(secret, 30)})
    assert held.status_code == 429 and int(held.headers["retry-after"]) >= 25  # even the right code waits


def test_recovery_codes_work_once_and_new_ones_replace_them(client, owner_a):
    _, codes = enrol_totp(client, owner_a)
    token = mfa_token(client, owner_a)
    used = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "recoveryCode": codes[0].upper()})
    assert used.status_code == 200, used.text
    token = mfa_token(client, owner_a)
    again = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "recoveryCode": codes[0]})
    assert again.status_code == 422
    factors = client.get("/api/v1/users/me/mfa", headers=owner_a.headers).json()
    assert factors["totp"] is True and factors["recoveryCodesLeft"] == 9
    new = client.post("/api/v1/users/me/mfa/recovery-codes", headers=owner_a.headers).json()["recoveryCodes"]
    old = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "recoveryCode": codes[1]})
    assert old.status_code == 422
    ok = client.post("/api/v1/auth/mfa", json={"mfaToken": token, "recoveryCode": new[1]})
    assert ok.status_code == 200, ok.text


def test_another_users_codes_never_open_my_sign_in(client, owner_a, owner_b):
    enrol_totp(client, owner_a)
    secret_b, codes_b = enrol_totp(client, owner_b)
    token_a = mfa_token(client, owner_a)
    for body in ({"code": code_at(secret_b, 30)}, {"recoveryCode": codes_b[0]}):
        res = client.post("/api/v1/auth/mfa", json={"mfaToken": token_a, **body})
        assert res.status_code == 422, res.text
    forged = client.post("/api/v1/auth/mfa", json={"mfaToken": token_a + "x", "code": code_at(secret_b)})
    assert forged.status_code == 401


def test_removing_the_authenticator_needs_a_fresh_code(client, owner_a):
    secret, _ = enrol_totp(client, owner_a)
    used = client.request(
        "DELETE", "/api/v1/users/me/mfa/totp", json={"code": code_at(secret)}, headers=owner_a.headers
    )
    assert used.status_code == 422  # the code that confirmed it is spent
    gone = client.request(
        "DELETE", "/api/v1/users/me/mfa/totp", json={"code": code_at(secret, 30)}, headers=owner_a.headers
    )
    assert gone.status_code == 204, gone.text
    assert "accessToken" in password_step(client, owner_a)
    factors = client.get("/api/v1/users/me/mfa", headers=owner_a.headers).json()
    assert factors == {
        "totp": False,
        "totpPending": False,
        "recoveryCodesLeft": 0,
        "passkeys": [],
        "mfaRequired": False,
    }
    with system_session(reason="test") as session:
        kinds = set(session.exec(select(DomainEvent.kind)).all())
        mails = session.exec(select(MailMessage).where(MailMessage.template == "mfa_changed")).all()
    assert {"mfa.totp_enabled", "mfa.recovery_codes_generated", "mfa.totp_removed"} <= kinds
    assert [m.to_address for m in mails] == [owner_a.email] * 2  # turned on, then removed: the owner hears of both
    bodies = sorted(m.text_body for m in mails)
    assert "O aplicativo autenticador foi removido" in bodies[0] and "autenticador foi ativado" in bodies[1]


def test_a_tenant_requiring_mfa_leads_members_to_enrol_before_they_get_a_session(client, owner_a, member_a):
    refused = client.put("/api/v1/tenants/current/mfa-policy", json={"mfaRequired": True}, headers=member_a.headers)
    assert refused.status_code == 403
    res = client.put("/api/v1/tenants/current/mfa-policy", json={"mfaRequired": True}, headers=owner_a.headers)
    assert res.json() == {"mfaRequired": True, "mfaAcceptIdpAmr": False}
    step = password_step(client, member_a)
    assert step["mfaRequired"] and step["enrollmentRequired"] and "accessToken" not in step
    not_yet = client.post("/api/v1/auth/mfa", json={"mfaToken": step["mfaToken"], "code": "123456"})
    assert not_yet.status_code == 401  # an enrolment step opens no session by a code alone
    steady_clock()
    secret = client.post("/api/v1/auth/mfa/totp", json={"mfaToken": step["mfaToken"]}).json()["secret"]
    code = pyotp.TOTP(secret.replace(" ", "")).now()
    done = client.post("/api/v1/auth/mfa/totp/confirm", json={"mfaToken": step["mfaToken"], "code": code})
    assert done.status_code == 200, done.text
    assert done.json()["accessToken"] and len(done.json()["recoveryCodes"]) == 10
    assert password_step(client, member_a)["mfaRequired"] is True  # from now on, a factor every time
    member = {"Authorization": f"Bearer {done.json()['accessToken']}"}
    last = client.request(
        "DELETE", "/api/v1/users/me/mfa/totp", json={"code": code_at(secret.replace(" ", ""), 30)}, headers=member
    )
    assert last.status_code == 409 and last.json()["error"]["code"] == "mfa_required"


def test_starting_again_while_active_is_refused(client, owner_a):
    enrol_totp(client, owner_a)
    res = client.post("/api/v1/users/me/mfa/totp", headers=owner_a.headers)
    assert res.status_code == 409
