"""Mail templates: both locales have every one, user text is escaped in HTML, subjects are one line."""

from __future__ import annotations

import pytest

from poc_tracker.errors import Invalid
from poc_tracker.mail.render import TEMPLATES_DIR, render, templates

CONTEXT = {
    "name": 'Ana <img src=x onerror="alert(1)">',
    "email": "ana@exemplo.com.br",
    "link": "https://app.exemplo.com.br/x?token=abc&next=1",
    "hours": 24,
    "minutes": 60,
    "days": 7,
    "inviter": "<script>alert('x')</script>",
    "tenant": "Acme & Cia\nSubject: injected",
    "role": "Membro",
    "report": "Relatório de uso <b>01-03-2026</b>.pdf",
    "empty": False,
    "attached": True,
    "unsubscribe": "https://app.exemplo.com.br/api/v1/report-schedules/unsubscribe?token=xyz",
    "due": "30 de dez. de 2026 09:17:10",
    "requested_by": "<script>alert('owner')</script>",
    "cancelled_by": "<script>alert('owner')</script>",
}


def test_every_template_exists_in_portuguese_and_english():
    names = templates()
    assert {"verify_email", "password_reset", "email_change", "email_changed", "invitation"} <= set(names)
    for locale in ("pt_BR", "en"):
        for name in names:
            assert (TEMPLATES_DIR / locale / f"{name}.txt").is_file()
            assert (TEMPLATES_DIR / locale / f"{name}.html").is_file()


@pytest.mark.parametrize("locale", ["pt_BR", "en"])
@pytest.mark.parametrize("name", templates())
def test_user_text_is_escaped_in_html_and_kept_as_text_in_plain(name: str, locale: str):
    out = render(name, CONTEXT, locale)
    assert "<script>" not in out.html and "<img" not in out.html
    if "{{ inviter }}" in (TEMPLATES_DIR / locale / f"{name}.html").read_text():
        assert "&lt;script&gt;" in out.html and "<script>alert('x')</script>" in out.text
    if "{{ name }}" in (TEMPLATES_DIR / locale / f"{name}.html").read_text():
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in out.html
    assert "\n" not in out.subject and out.subject
    if "{% block action %}" in (TEMPLATES_DIR / locale / f"{name}.html").read_text():  # a mail with a link
        assert 'href="https://app.exemplo.com.br/x?token=abc&amp;next=1"' in out.html
        assert "https://app.exemplo.com.br/x?token=abc&next=1" in out.text


def test_the_locale_picks_the_language():
    assert render("password_reset", CONTEXT, "en").subject == "Reset your POC Tracker password"
    assert render("password_reset", CONTEXT, "pt-BR").subject == "Redefinição de senha do POC Tracker"
    assert render("password_reset", CONTEXT, "fr").subject == "Redefinição de senha do POC Tracker"


def test_a_missing_value_or_template_fails_when_the_mail_is_queued():
    with pytest.raises(Exception, match="link"):
        render("password_reset", {"name": "Ana", "minutes": 60}, "pt_BR")
    with pytest.raises(Invalid):
        render("no_such_template", CONTEXT, "pt_BR")
    with pytest.raises(Invalid):
        render("../pt_BR/_layout", CONTEXT, "pt_BR")
    with pytest.raises(Invalid):
        render("_layout", CONTEXT, "pt_BR")
