"""The files and history tabs of the POC page."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.upload import named_upload
from components.when import when
from state.poc_detail import PocDetailState
from state.poc_files import PocFilesState
from state.poc_history import PocHistoryState
from state.poc_versions import UPLOAD_ID, PocVersionsState


def uploader() -> rx.Component:
    """Pick or drop files (a .zip is unpacked) and send them."""
    return rx.vstack(
        named_upload(
            rx.vstack(
                rx.icon("upload", size=24),
                rx.text(  # nothing is dragged on a phone: there the zone is tapped
                    t("Toque para escolher arquivos ou um .zip"),
                    size="2",
                    align="center",
                    display=rx.breakpoints(initial="block", sm="none"),
                ),
                rx.text(
                    t("Arraste arquivos ou um .zip aqui, ou clique para escolher"),
                    size="2",
                    align="center",
                    display=rx.breakpoints(initial="none", sm="block"),
                ),
                align="center",
                spacing="2",
            ),
            label=t("Escolher arquivos para enviar"),
            id=UPLOAD_ID,
            multiple=True,
            border="1px dashed var(--gray-a7)",
            border_radius="12px",
            padding="20px",
            width="100%",
        ),
        rx.hstack(rx.foreach(rx.selected_files(UPLOAD_ID), lambda f: rx.badge(f, variant="surface")), wrap="wrap"),
        rx.button(
            rx.icon("send", size=16),
            t("Enviar arquivos"),
            loading=PocVersionsState.uploading,
            on_click=PocVersionsState.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        ),
        spacing="2",
        width="100%",
    )


def file_row(row: rx.Var) -> rx.Component:
    """A file with view, download and delete."""
    return rx.hstack(
        rx.icon("file-code", size=16, color="var(--gray-10)"),
        rx.link(row.path, on_click=PocFilesState.view_file(row.id), cursor="pointer", size="2", word_break="break-all"),
        rx.spacer(),
        rx.text(row.size, size="1", color_scheme="gray", white_space="nowrap"),
        rx.icon_button(
            rx.icon("download", size=14),
            variant="ghost",
            aria_label=t("Baixar"),
            on_click=PocFilesState.download_file(row.id),
        ),
        rx.cond(
            PocDetailState.poc.can_edit,
            rx.icon_button(
                rx.icon("trash-2", size=14),
                variant="ghost",
                color_scheme="red",
                aria_label=t("Remover arquivo"),
                on_click=PocVersionsState.delete_file(row.id),
            ),
        ),
        width="100%",
        align="center",
        spacing="2",
    )


def viewer() -> rx.Component:
    """A text file with syntax highlighting."""
    return rx.vstack(
        rx.hstack(
            rx.button(
                rx.icon("arrow-left", size=14),
                t("Arquivos"),
                variant="ghost",
                on_click=PocFilesState.close_viewer,
                id="close-viewer",
            ),
            rx.code(PocFilesState.viewing_path),
            align="center",
            wrap="wrap",
        ),
        rx.box(
            rx.code_block(
                PocFilesState.viewing_text,
                language=PocFilesState.viewing_language,
                show_line_numbers=True,
                wrap_long_lines=False,
                width="100%",
            ),
            width="100%",
            overflow_x="auto",
            id="file-viewer",
        ),
        width="100%",
        spacing="2",
    )


def files_tab() -> rx.Component:
    """The tree, a viewer and the uploader."""
    return rx.vstack(
        rx.cond(
            PocFilesState.viewing_path != "",
            viewer(),
            rx.cond(
                PocFilesState.rows.length() > 0,
                rx.vstack(rx.foreach(PocFilesState.rows, file_row), spacing="1", width="100%"),
                rx.text(
                    t("Nenhum arquivo ainda. Envie o código da POC para guardá-lo com cada versão."),
                    color_scheme="gray",
                    size="2",
                ),
            ),
        ),
        rx.cond(PocDetailState.poc.can_edit, uploader()),
        spacing="4",
        width="100%",
    )


def version_row(v: rx.Var) -> rx.Component:
    """A version with its restore action."""
    return rx.hstack(
        rx.badge("v", v.number, variant="soft"),
        rx.vstack(
            rx.text(v.message, size="2", weight="medium"),
            rx.text(
                v.author,
                " · ",
                when(v.at, v.at_full),
                " · ",
                v.files,
                " ",
                t("arquivos"),
                size="1",
                color_scheme="gray",
            ),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            PocDetailState.poc.can_edit & (v.number != PocDetailState.poc.version),
            rx.button(
                rx.icon("rotate-ccw", size=14),
                t("Restaurar"),
                size="1",
                variant="soft",
                on_click=PocVersionsState.ask_restore(v.number),
                id="restore-v" + v.number.to_string(),
            ),
        ),
        width="100%",
        align="center",
    )


def path_list(title: rx.Var, paths: rx.Var, color: str, icon: str) -> rx.Component:
    """A titled list of file paths, shown when there are any."""
    return rx.cond(
        paths.length() > 0,
        rx.vstack(
            rx.text(title, " (", paths.length(), ")", size="2", weight="bold"),
            rx.vstack(
                rx.foreach(
                    paths,
                    lambda p: rx.hstack(
                        rx.icon(icon, size=14, color=f"var(--{color}-11)", flex_shrink="0"),
                        rx.code(p, word_break="break-all"),
                        spacing="2",
                        align="center",
                    ),
                ),
                spacing="1",
                max_height="160px",
                overflow_y="auto",
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
    )


def restore_dialog() -> rx.Component:
    """Confirm a restore, saying what it changes; the restore is a new version, so it can be undone."""
    S = PocVersionsState
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Restaurar a versão"), " ", S.restoring, "?"),
            rx.alert_dialog.description(
                t("A POC volta aos dados e arquivos dessa versão, numa versão nova. O histórico fica inteiro."),
                size="2",
            ),
            rx.vstack(
                path_list(t("Arquivos que voltam"), S.back, "green", "file-plus"),
                path_list(t("Arquivos que saem"), S.gone, "red", "file-minus"),
                path_list(t("Arquivos que mudam"), S.changed, "amber", "file-diff"),
                rx.cond(
                    S.fields.length() > 0,
                    rx.flex(
                        rx.text(t("Campos que mudam"), ":", size="2", weight="bold"),
                        rx.foreach(S.fields, lambda f: rx.badge(field_label(f), variant="soft", color_scheme="gray")),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                    ),
                ),
                rx.cond(
                    (S.files_after == 0) & (S.gone.length() > 0),
                    rx.callout(
                        t("A POC vai ficar sem nenhum arquivo."), icon="triangle-alert", color_scheme="red", size="1"
                    ),
                ),
                rx.cond(
                    (S.back.length() == 0) & (S.gone.length() == 0) & (S.changed.length() == 0),
                    rx.text(t("Os arquivos não mudam."), size="2", color_scheme="gray"),
                ),
                spacing="3",
                width="100%",
                margin_top="12px",
                id="restore-preview",
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(t("Cancelar"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(t("Restaurar"), on_click=S.restore(S.restoring), id="confirm-restore")
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="520px",
        ),
        open=S.restoring > 0,
        on_open_change=S.close_restore,
    )


def version_select(value: rx.Var, on_change: rx.EventHandler, label: rx.Var) -> rx.Component:
    """A select of version numbers."""
    return rx.select.root(
        rx.select.trigger(aria_label=label),
        rx.select.content(
            rx.foreach(
                PocHistoryState.versions,
                lambda v: rx.select.item("v" + v.number.to_string(), value=v.number.to_string()),
            )
        ),
        value=value,
        on_change=on_change,
    )


def field_label(name: rx.Var) -> rx.Component:
    """The translated label of a POC field."""
    return rx.match(
        name,
        ("name", t("Nome")),
        ("description", t("Descrição")),
        ("language", t("Linguagem")),
        ("tags", t("Tags")),
        ("status", t("Status")),
        ("repository_url", t("Repositório")),
        ("demo_url", t("Demonstração")),
        ("hypothesis", t("Hipótese")),
        ("success_criteria", t("Critérios de sucesso")),
        ("result", t("Resultado")),
        ("decision", t("Decisão")),
        ("learnings", t("Aprendizados")),
        name,
    )


def change_label(status: rx.Var) -> rx.Component:
    """Added, removed or modified, translated."""
    return rx.match(
        status, ("added", t("adicionado")), ("removed", t("removido")), ("modified", t("modificado")), status
    )


def diff_view() -> rx.Component:
    """What changed between the two chosen versions."""
    return rx.vstack(
        rx.foreach(
            PocHistoryState.meta_changes,
            lambda m: rx.box(
                rx.text(field_label(m.field), size="2", weight="bold"),
                rx.text("− ", m.before, color="var(--red-11)", size="2", white_space="pre-wrap"),
                rx.text("+ ", m.after, color="var(--green-11)", size="2", white_space="pre-wrap"),
                width="100%",
            ),
        ),
        rx.foreach(
            PocHistoryState.file_changes,
            lambda f: rx.vstack(
                rx.hstack(rx.badge(change_label(f.status)), rx.code(f.path), wrap="wrap"),
                rx.box(rx.code_block(f.diff, language="diff", width="100%"), width="100%", overflow_x="auto"),
                width="100%",
                spacing="1",
            ),
        ),
        rx.cond(
            (PocHistoryState.meta_changes.length() == 0) & (PocHistoryState.file_changes.length() == 0),
            rx.text(t("Nenhuma diferença."), color_scheme="gray", size="2"),
        ),
        width="100%",
        spacing="3",
        id="diff-view",
    )


def history_tab() -> rx.Component:
    """Versions, a diff between two of them, restore."""
    return rx.vstack(
        rx.cond(
            PocHistoryState.versions.length() > 1,
            rx.flex(
                rx.text(t("Comparar"), size="2"),
                version_select(PocHistoryState.diff_from, PocHistoryState.set_diff_from, t("Versão antiga")),
                rx.text(t("com"), size="2"),
                version_select(PocHistoryState.diff_to, PocHistoryState.set_diff_to, t("Versão nova")),
                rx.button(
                    rx.icon("git-compare", size=14),
                    t("Ver diferenças"),
                    size="2",
                    variant="soft",
                    on_click=PocHistoryState.show_diff,
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
        ),
        rx.cond(PocHistoryState.diff_shown, diff_view()),
        rx.vstack(rx.foreach(PocHistoryState.versions, version_row), spacing="3", width="100%"),
        restore_dialog(),
        spacing="4",
        width="100%",
    )
