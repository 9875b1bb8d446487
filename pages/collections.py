"""/collections and /collections/[collection_id]: named, ordered groups of POCs."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from components.poc import empty_state, language_badge, status_badge
from components.when import when
from poc_tracker.i18n import N_
from state.collections import CollectionDetailState, CollectionsState


def visibility_badge(visibility: rx.Var) -> rx.Component:
    """Private or shared."""
    return rx.cond(
        visibility == "tenant",
        rx.badge(rx.icon("users", size=12), t("Compartilhada"), color_scheme="green", variant="soft"),
        rx.badge(rx.icon("lock", size=12), t("Privada"), color_scheme="gray", variant="soft"),
    )


def collection_form(
    on_submit: rx.EventHandler,
    submit_label: rx.Var,
    errors: rx.Var,
    error: rx.Var,
    *,
    name: rx.Var | str = "",
    description: rx.Var | str = "",
    shared: rx.Var | bool = False,
) -> rx.Component:
    """Name, description and sharing; used to create a collection and to edit one."""
    return rx.form(
        rx.vstack(
            rx.text(t("Nome"), as_="label", custom_attrs={"htmlFor": "name"}, size="2", weight="medium"),
            rx.input(id="name", name="name", max_length=100, default_value=name, width="100%"),
            rx.cond(errors["name"], rx.text(errors["name"], color="red", size="1", role="alert", id="name-error")),
            rx.text(t("Descrição"), as_="label", custom_attrs={"htmlFor": "description"}, size="2", weight="medium"),
            rx.text_area(
                id="description", name="description", max_length=1000, default_value=description, width="100%"
            ),
            rx.checkbox(t("Compartilhar com toda a organização"), name="shared", default_checked=shared),
            error_callout(error),
            rx.flex(
                rx.dialog.close(rx.button(t("Cancelar"), variant="soft", color_scheme="gray", type="button")),
                rx.button(submit_label, type="submit"),
                spacing="3",
                justify="end",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        no_validate=True,
    )


def new_collection_dialog() -> rx.Component:
    """A dialog with the new-collection form."""
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=16), t("Nova coleção"), size="3")),
        rx.dialog.content(
            rx.dialog.title(t("Nova coleção")),
            collection_form(
                CollectionsState.create_collection,
                t("Criar coleção"),
                CollectionsState.field_errors,
                CollectionsState.error,
            ),
        ),
        open=CollectionsState.creating,
        on_open_change=CollectionsState.set_creating,
    )


def edit_collection_dialog() -> rx.Component:
    """Rename, describe or share the collection on screen."""
    c = CollectionDetailState.collection
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("pencil", size=16), t("Editar"), variant="soft", id="edit-collection")),
        rx.dialog.content(
            rx.dialog.title(t("Editar coleção")),
            collection_form(
                CollectionDetailState.save_collection,
                t("Salvar"),
                CollectionDetailState.field_errors,
                CollectionDetailState.edit_error,
                name=c.name,
                description=c.description,
                shared=c.visibility == "tenant",
            ),
        ),
        open=CollectionDetailState.editing,
        on_open_change=CollectionDetailState.set_editing,
    )


def collection_card(row: rx.Var) -> rx.Component:
    """A collection as a card."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("folder", size=18),
                    rx.text(row.name, weight="bold"),
                    rx.spacer(),
                    visibility_badge(row.visibility),
                    width="100%",
                    align="center",
                ),
                rx.cond(row.description != "", rx.text(row.description, size="2", color_scheme="gray")),
                rx.text(
                    row.poc_count,
                    " ",
                    t("POCs"),
                    " · ",
                    row.owner_name,
                    " · ",
                    when(row.updated, row.updated_full),
                    size="1",
                    color_scheme="gray",
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        href="/collections/" + row.id,
        underline="none",
        color="inherit",
    )


@signed_in_page("/collections", N_("Coleções"), on_load=CollectionsState.load_collections)
def collections_page() -> tuple[rx.Component, ...]:
    """My collections and the tenant's shared ones."""
    return (
        rx.hstack(
            rx.heading(t("Coleções"), size="7"), rx.spacer(), new_collection_dialog(), width="100%", align="center"
        ),
        rx.cond(
            CollectionsState.rows.length() > 0,
            rx.grid(
                rx.foreach(CollectionsState.rows, collection_card),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            empty_state(
                "folder-open",
                t("Nenhuma coleção ainda"),
                t(
                    "Agrupe POCs por tema, cliente ou trimestre. Crie uma coleção e adicione POCs pela página "
                    "de cada uma."
                ),
            ),
        ),
    )


def delete_collection_button() -> rx.Component:
    """Delete the collection (never its POCs), after a confirmation."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("trash-2", size=16), t("Excluir coleção"), color_scheme="red", variant="soft")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Excluir esta coleção?")),
            rx.alert_dialog.description(t("As POCs continuam onde estão; só o agrupamento some.")),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(t("Cancelar"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(t("Excluir"), color_scheme="red", on_click=CollectionDetailState.delete_collection)
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
        ),
    )


def item_row(row: rx.Var, index: rx.Var) -> rx.Component:
    """A POC of the collection, with reorder and remove buttons for those who may change it."""
    editable = CollectionDetailState.collection.can_change
    return rx.card(
        rx.flex(
            rx.text(index + 1, ".", color_scheme="gray", size="2"),
            rx.link(row.name, href="/pocs/" + row.id, weight="medium"),
            language_badge(row.language),
            status_badge(row.status),
            rx.spacer(),
            rx.cond(
                editable,
                rx.hstack(
                    rx.icon_button(
                        rx.icon("arrow-up", size=14),
                        variant="ghost",
                        size="2",
                        aria_label=t("Subir"),
                        on_click=CollectionDetailState.move_poc(row.id, -1),
                    ),
                    rx.icon_button(
                        rx.icon("arrow-down", size=14),
                        variant="ghost",
                        size="2",
                        aria_label=t("Descer"),
                        on_click=CollectionDetailState.move_poc(row.id, 1),
                    ),
                    rx.icon_button(
                        rx.icon("x", size=14),
                        variant="ghost",
                        size="2",
                        color_scheme="red",
                        aria_label=t("Remover da coleção"),
                        on_click=CollectionDetailState.remove_poc(row.id),
                    ),
                    spacing="1",
                ),
            ),
            spacing="2",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        width="100%",
    )


@signed_in_page(
    "/collections/[collection_id]",
    rx.cond(CollectionDetailState.collection.name != "", CollectionDetailState.collection.name, t("Coleções")),
    on_load=CollectionDetailState.load_collection,
)
def collection_detail_page() -> tuple[rx.Component, ...]:
    """One collection."""
    c = CollectionDetailState.collection
    return (
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), t("Coleções"), align="center"), href="/collections", size="2"
        ),
        rx.cond(
            CollectionDetailState.loaded,
            rx.vstack(
                rx.flex(
                    rx.heading(c.name, size="7", id="collection-name"),
                    visibility_badge(c.visibility),
                    rx.spacer(),
                    rx.cond(
                        c.can_change,
                        rx.hstack(
                            edit_collection_dialog(),
                            delete_collection_button(),
                            spacing="2",
                        ),
                    ),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                    width="100%",
                ),
                rx.cond(c.description != "", rx.text(c.description, color_scheme="gray")),
                rx.cond(
                    CollectionDetailState.items.length() > 0,
                    rx.vstack(rx.foreach(CollectionDetailState.items, item_row), spacing="2", width="100%"),
                    empty_state("folder-open", t("Coleção vazia"), t("Abra uma POC e use “Adicionar à coleção”.")),
                ),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                CollectionDetailState.error != "", error_callout(CollectionDetailState.error), rx.spinner(size="3")
            ),
        ),
    )
