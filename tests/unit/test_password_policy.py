"""The shipped list of common passwords and the checks for trivial and personal ones."""

from __future__ import annotations

import pytest

from poc_tracker.auth.password_policy import common_passwords, weakness


def test_the_shipped_list_holds_thousands_of_passwords_long_enough_to_matter():
    words = common_passwords()
    assert len(words) > 8000
    assert {"password", "senha123", "iloveyou", "qwerty123"} <= words
    assert min(map(len, words)) >= 8


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("        ", "trivial"),
        ("\t\t\t\t\t\t\t\t", "trivial"),
        ("aaaaaaaa", "trivial"),
        ("abababab", "trivial"),
        ("senhasenha", "trivial"),
        ("12345678", "trivial"),
        ("98765432", "trivial"),
        ("7890123456", "trivial"),
        ("abcdefgh", "trivial"),
        ("QWERTYUIOP", "trivial"),
        ("password", "common"),
        ("PASSWORD1", "common"),
        ("senha123", "common"),
        ("mudar123", "common"),
        ("ｐａｓｓｗｏｒｄ", "common"),
    ],
)
def test_trivial_and_common_passwords(password, reason):
    assert weakness(password) == reason


@pytest.mark.parametrize("password", ["ana.souza@acme.com", "AnaSouza2024", "souza-acme!", "Ana Souza 1"])
def test_passwords_made_of_the_users_details(password):
    assert weakness(password, email="ana.souza@acme.com", name="Ana Souza") == "personal"


@pytest.mark.parametrize(
    "password",
    ["senha-forte-123", "banana-split-42", "correct horse battery staple", "ipê-amarelo-florido", "Anabela!rio-2024x"],
)
def test_ordinary_passwords_pass(password):
    assert weakness(password, email="ana.souza@acme.com", name="Ana") is None
