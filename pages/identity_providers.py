"""/identity-providers (admins): the organisation's single sign-on providers."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from state.identity_providers import IdentityProvidersState as S


def role_items() -> list[rx.Component]:
    """Roles a provider may give (never owner)."""
    return [
        rx.select.item(t("Administrador"), value="admin"),
        rx.select.item(t("Membro"), value="member"),
        rx.select.item(t("Leitor"), value="viewer"),
    ]


def role_label(role: rx.Var) -> rx.Component:
    """A role's name in the active language."""
    return rx.match(role, ("admin", t("Administrador")), ("viewer", t("Leitor")), t("Membro"))


def field(label: rx.Var, name: str, control: rx.Component, hint: rx.Var | None = None) -> rx.Component:
    """A labelled control, its hint and its error."""
    return rx.vstack(
        rx.text(label, as_="label", custom_attrs={"htmlFor": name}, size="2", weight="medium"),
        control,
        rx.text(hint, size="1", color_scheme="gray") if hint is not None else rx.fragment(),
        rx.cond(S.field_errors.contains(name), rx.text(S.field_errors[name], color="red", size="1")),
        spacing="1",
        width="100%",
        align="stretch",
    )


def text_input(name: str, value: rx.Var, **props: object) -> rx.Component:
    """A text box that starts from ``value``."""
    return rx.input(id=name, name=name, default_value=value, size="2", width="100%", **props)


def claim_inputs() -> rx.Component:
    """Which claims hold the name, the e-mail and the groups."""
    return rx.grid(
        field(t("Claim do nome"), "claim_name", text_input("claim_name", S.editing.claim_name)),
        field(t("Claim do e-mail"), "claim_email", text_input("claim_email", S.editing.claim_email)),
        field(t("Claim dos grupos"), "claim_groups", text_input("claim_groups", S.editing.claim_groups)),
        columns=rx.breakpoints(initial="1", sm="3"),
        spacing="3",
        width="100%",
    )


def switches() -> rx.Component:
    """Just-in-time accounts, their role, and "only SSO"."""
    return rx.vstack(
        rx.text(
            rx.hstack(
                rx.checkbox(name="jit", default_checked=S.editing.jit, id="jit"),
                t("Criar a conta no primeiro login (provisionamento automático)"),
                spacing="2",
                align="center",
            ),
            as_="label",
            size="2",
        ),
        field(
            t("Papel de quem entra pela primeira vez"),
            "default_role",
            rx.select.root(
                rx.select.trigger(aria_label=t("Papel padrão")),
                rx.select.content(*role_items()),
                name="default_role",
                default_value=S.editing.default_role,
            ),
        ),
        rx.text(
            rx.hstack(
                rx.checkbox(name="sso_only", default_checked=S.editing.sso_only, id="sso_only"),
                t("Somente SSO: desligar o login com senha para estes domínios"),
                spacing="2",
                align="center",
            ),
            as_="label",
            size="2",
        ),
        spacing="3",
        width="100%",
    )


def provider_form() -> rx.Component:
    """Add or change a provider; saving fetches and checks its discovery document and keys."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(rx.cond(S.editing.id == "", t("Novo provedor"), t("Editar provedor")), size="4"),
                field(t("Nome"), "name", text_input("name", S.editing.name, placeholder="Okta", required=True)),
                field(
                    t("URL de descoberta (OpenID)"),
                    "discovery_url",
                    text_input(
                        "discovery_url",
                        S.editing.discovery_url,
                        placeholder="https://login.empresa.com.br/.well-known/openid-configuration",
                        required=True,
                    ),
                ),
                rx.grid(
                    field(t("Client ID"), "client_id", text_input("client_id", S.editing.client_id, required=True)),
                    field(
                        t("Client secret"),
                        "client_secret",
                        rx.input(
                            id="client_secret",
                            name="client_secret",
                            type="password",
                            size="2",
                            width="100%",
                            auto_complete="new-password",
                        ),
                        rx.cond(
                            S.editing.id == "",
                            t("Guardado criptografado; nunca é exibido."),
                            t("Deixe em branco para manter o atual."),
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                field(
                    t("Domínios de e-mail"),
                    "domains",
                    text_input("domains", S.editing.domains_text, placeholder="empresa.com.br", required=True),
                    t("Separe com vírgulas. Um domínio só pode pertencer a uma organização."),
                ),
                field(t("Escopos"), "scopes", text_input("scopes", S.editing.scopes_text)),
                claim_inputs(),
                field(
                    t("Grupos → papéis"),
                    "claimMapping",
                    rx.text_area(
                        id="group_roles",
                        name="group_roles",
                        default_value=S.editing.group_roles,
                        placeholder="poc-admins = admin",
                        rows="3",
                        width="100%",
                    ),
                    t("Uma linha por grupo: grupo = admin, member ou viewer."),
                ),
                switches(),
                error_callout(S.form_error),
                rx.hstack(
                    rx.button(t("Cancelar"), type="button", variant="soft", color_scheme="gray", on_click=S.close_form),
                    rx.button(t("Salvar e verificar"), type="submit", loading=S.saving, id="save-provider"),
                    justify="end",
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.form_version.to_string(),
            width="100%",
        ),
        width="100%",
        id="provider-form",
    )


def provider_card(p: rx.Var) -> rx.Component:
    """A provider: its issuer, domains, rules and actions."""
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.icon("key-round", size=20, color="var(--indigo-9)"),
                rx.heading(p.name, size="4", class_name="truncate", min_width="0"),
                rx.spacer(),
                rx.cond(p.sso_only, rx.badge(t("Somente SSO"), color_scheme="amber")),
                rx.cond(p.jit, rx.badge(t("Cria contas"), color_scheme="green")),
                spacing="2",
                align="center",
                wrap="wrap",
                width="100%",
            ),
            rx.text(p.issuer, size="1", color_scheme="gray", word_break="break-all"),
            rx.flex(rx.foreach(p.domains, lambda d: rx.badge("@" + d, variant="surface")), spacing="1", wrap="wrap"),
            rx.text(
                t("Client ID"),
                ": ",
                p.client_id,
                " · ",
                t("Papel padrão"),
                ": ",
                role_label(p.default_role),
                size="1",
                color_scheme="gray",
                word_break="break-all",
            ),
            rx.flex(
                rx.button(
                    rx.icon("plug-zap", size=14),
                    t("Testar conexão"),
                    size="1",
                    variant="soft",
                    loading=S.testing_id == p.id,
                    on_click=S.test(p.id),
                ),
                rx.button(
                    rx.icon("pencil", size=14), t("Editar"), size="1", variant="soft", on_click=S.open_edit(p.id)
                ),
                rx.button(
                    rx.icon("trash-2", size=14),
                    t("Excluir"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.ask_delete(p.id),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="provider-card",
    )


def confirm_delete() -> rx.Component:
    """Removing a provider ends SSO for its domains (accounts stay)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Excluir provedor?")),
            rx.alert_dialog.description(
                t("Quem entra por ele precisará de senha ou de outro provedor. As contas continuam existindo.")
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(t("Cancelar"), variant="soft", color_scheme="gray", on_click=S.cancel_delete)
                ),
                rx.alert_dialog.action(rx.button(t("Excluir"), color_scheme="red", on_click=S.delete)),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
        ),
        open=S.deleting_id != "",
    )


def intro() -> rx.Component:
    """What SSO does here and the address to register at the provider."""
    return rx.callout(
        rx.vstack(
            rx.text(t("Quem tem e-mail de um domínio verificado entra pelo provedor da organização.")),
            rx.text(t("URL de retorno para cadastrar no provedor:"), weight="medium"),
            rx.code(S.redirect_uri, word_break="break-all", id="redirect-uri"),
            spacing="1",
        ),
        icon="info",
        width="100%",
    )


@signed_in_page("/identity-providers", "Login único (SSO)", on_load=S.load_providers)
def identity_providers_page() -> tuple[rx.Component, ...]:
    """The identity providers of my organisation (admins)."""
    return (
        rx.flex(
            rx.heading(t("Login único (SSO)"), size="7"),
            rx.spacer(),
            rx.cond(
                S.allowed & ~S.form_open,
                rx.button(rx.icon("plus", size=16), t("Adicionar provedor"), on_click=S.open_new, id="add-provider"),
            ),
            align="center",
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(
            S.allowed,
            rx.vstack(
                intro(),
                rx.cond(S.form_open, provider_form()),
                rx.cond(
                    S.providers.length() > 0,
                    rx.vstack(rx.foreach(S.providers, provider_card), spacing="3", width="100%"),
                    rx.cond(~S.form_open, rx.text(t("Nenhum provedor configurado ainda."), color_scheme="gray")),
                ),
                confirm_delete(),
                spacing="4",
                width="100%",
            ),
            error_callout(S.error),
        ),
    )
