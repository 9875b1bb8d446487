"""/retrospectiva: the annual video — choose, preview, follow the render, play, download, share, revoke."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.job_progress import job_progress
from components.layout import error_callout
from components.page import signed_in_page
from components.upload import named_upload
from poc_tracker.i18n import N_
from state.video_brand import LOGO_UPLOAD, BrandState
from state.videos import VideoState


def offer_banner() -> rx.Component:
    """December's notice: the video is only made when the person asks."""
    return rx.cond(
        VideoState.offer_year > 0,
        rx.callout(
            rx.hstack(
                rx.text(t("Sua Retrospectiva do ano está disponível: escolha o modelo e gere o vídeo.")),
                rx.spacer(),
                rx.button(t("Agora não"), size="1", variant="ghost", on_click=VideoState.dismiss_offer),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            icon="sparkles",
            color_scheme="violet",
            width="100%",
            id="video-offer",
        ),
    )


def template_choice(key: str, label: str, colours: tuple[str, str, str]) -> rx.Component:
    """One template as a card with its colours."""
    swatches = rx.hstack(*[rx.box(width="18px", height="18px", border_radius="6px", background=c) for c in colours])
    return rx.radio_cards.item(
        rx.vstack(swatches, rx.text(t(label), weight="medium"), spacing="2", align="start"),
        value=key,
    )


def request_form() -> rx.Component:
    """Year, scope, template and formats; preview and render."""
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(t("Ano"), size="2", weight="medium"),
                    rx.select.root(
                        rx.select.trigger(id="video-year", aria_label=t("Ano")),
                        rx.select.content(rx.foreach(VideoState.years, lambda y: rx.select.item(y, value=y))),
                        value=VideoState.year,
                        on_change=VideoState.set_year,
                    ),
                    spacing="1",
                ),
                rx.cond(
                    VideoState.can_team,
                    rx.vstack(
                        rx.text(t("Vídeo de"), size="2", weight="medium"),
                        rx.segmented_control.root(
                            rx.segmented_control.item(t("Meu ano"), value="me"),
                            rx.segmented_control.item(t("Equipe"), value="tenant"),
                            value=VideoState.scope,
                            on_change=VideoState.set_scope,
                        ),
                        spacing="1",
                    ),
                ),
                spacing="4",
                wrap="wrap",
            ),
            rx.text(t("Modelo"), size="2", weight="medium"),
            rx.radio_cards.root(
                template_choice("aurora", "Aurora", ("#141030", "#5b21b6", "#ffc457")),
                template_choice("papel", "Papel", ("#faf5eb", "#1c1c24", "#c83e28")),
                template_choice("neon", "Neon", ("#06060a", "#00f0c8", "#5b21b6")),
                value=VideoState.template,
                on_value_change=VideoState.set_template,
                columns=rx.breakpoints(initial="3"),
                gap="2",
                width="100%",
                id="video-template",
            ),
            rx.text(t("Formatos"), size="2", weight="medium"),
            rx.flex(
                rx.checkbox(
                    t("Vertical (stories)"), checked=VideoState.want_vertical, on_change=VideoState.set_want_vertical
                ),
                rx.checkbox(
                    t("Horizontal"), checked=VideoState.want_horizontal, on_change=VideoState.set_want_horizontal
                ),
                spacing="4",
                wrap="wrap",
            ),
            error_callout(VideoState.error),
            rx.flex(
                rx.button(
                    rx.icon("clapperboard", size=16),
                    t("Gerar vídeo"),
                    on_click=VideoState.create_video,
                    id="video-create",
                ),
                rx.button(
                    rx.icon("images", size=16),
                    t("Ver prévia"),
                    variant="soft",
                    on_click=VideoState.preview,
                    loading=VideoState.previewing,
                    id="video-preview",
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def previews() -> rx.Component:
    """A still of each scene."""
    return rx.cond(
        VideoState.previews.length() > 0,
        rx.grid(
            rx.foreach(
                VideoState.previews,
                lambda src, i: rx.image(src=src, alt=t("Prévia da cena"), width="100%", border_radius="10px"),
            ),
            columns=rx.breakpoints(initial="3", sm="5", md="9"),
            spacing="2",
            width="100%",
            id="video-previews",
        ),
    )


def share_box() -> rx.Component:
    """Share, show the link once, revoke."""
    return rx.vstack(
        rx.flex(
            rx.button(rx.icon("share-2", size=16), t("Compartilhar"), on_click=VideoState.share, id="video-share"),
            rx.cond(
                VideoState.share_expires != "",
                rx.button(
                    rx.icon("link-2-off", size=16),
                    t("Revogar link"),
                    color_scheme="red",
                    variant="soft",
                    on_click=VideoState.revoke,
                    id="video-revoke",
                ),
            ),
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            VideoState.share_url != "",
            rx.code(VideoState.share_url, word_break="break-all", id="video-share-url"),
        ),
        rx.cond(
            VideoState.share_expires != "",
            rx.text(t("Link público válido até"), " ", VideoState.share_expires, size="1", color_scheme="gray"),
        ),
        spacing="2",
        width="100%",
    )


def player() -> rx.Component:
    """The finished video, playable in the page, with its files."""
    return rx.cond(
        VideoState.shown_id != "",
        rx.card(
            rx.vstack(
                rx.heading(VideoState.shown_title, size="4"),
                rx.cond(
                    VideoState.shown_formats.length() > 1,
                    rx.segmented_control.root(
                        rx.segmented_control.item(t("Vertical"), value="vertical"),
                        rx.segmented_control.item(t("Horizontal"), value="horizontal"),
                        value=VideoState.shown_format,
                        on_change=VideoState.switch_format,
                    ),
                ),
                rx.el.video(
                    rx.el.track(kind="captions", src=VideoState.captions_url, src_lang="pt-BR", label=t("Legendas")),
                    src=VideoState.player_url,
                    poster=VideoState.poster_url,
                    controls=True,
                    plays_inline=True,
                    preload="metadata",
                    id="video-player",
                    style={"width": "100%", "maxHeight": "70vh", "background": "#000", "borderRadius": "12px"},
                ),
                rx.flex(
                    rx.foreach(
                        VideoState.downloads,
                        lambda d: rx.link(
                            rx.button(rx.icon("download", size=14), d.label, size="1", variant="soft"),
                            href=d.url,
                            is_external=False,
                        ),
                    ),
                    spacing="2",
                    wrap="wrap",
                    id="video-downloads",
                ),
                share_box(),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )


def brand_card() -> rx.Component:
    """Owners set the organisation's colours, font and logo for every video."""
    swatch = rx.center(
        rx.text("Aa 2026", weight="bold", size="5", style={"color": BrandState.secondary}),
        background=BrandState.primary,
        border_radius="10px",
        padding="14px 18px",
        id="brand-swatch",
    )
    return rx.cond(
        BrandState.allowed,
        rx.card(
            rx.vstack(
                rx.heading(t("Marca da organização"), size="4"),
                rx.text(t("As cores precisam de contraste de pelo menos 4,5:1."), size="2", color_scheme="gray"),
                rx.flex(
                    rx.vstack(
                        rx.text(t("Cor de fundo"), size="2"),
                        rx.input(
                            type="color",
                            value=BrandState.primary,
                            on_change=BrandState.set_primary,
                            id="brand-primary",
                            aria_label=t("Cor de fundo"),
                            width="72px",
                        ),
                        spacing="1",
                    ),
                    rx.vstack(
                        rx.text(t("Cor do texto"), size="2"),
                        rx.input(
                            type="color",
                            value=BrandState.secondary,
                            on_change=BrandState.set_secondary,
                            id="brand-secondary",
                            aria_label=t("Cor do texto"),
                            width="72px",
                        ),
                        spacing="1",
                    ),
                    rx.vstack(
                        rx.text(t("Fonte"), size="2"),
                        rx.select.root(
                            rx.select.trigger(aria_label=t("Fonte")),
                            rx.select.content(
                                rx.foreach(BrandState.fonts, lambda f: rx.select.item(f["label"], value=f["key"]))
                            ),
                            value=BrandState.font,
                            on_change=BrandState.set_font,
                        ),
                        spacing="1",
                    ),
                    swatch,
                    spacing="4",
                    wrap="wrap",
                    align="end",
                ),
                error_callout(BrandState.error),
                rx.flex(
                    rx.button(t("Salvar marca"), on_click=BrandState.save_brand, id="brand-save"),
                    named_upload(
                        rx.button(rx.icon("image-up", size=16), t("Enviar logotipo (PNG ou SVG)"), variant="soft"),
                        label=t("Enviar logotipo (PNG ou SVG)"),
                        multiple=False,
                        id=LOGO_UPLOAD,
                        accept={"image/png": [".png"], "image/svg+xml": [".svg"]},
                        max_files=1,
                        on_drop=BrandState.upload_logo(rx.upload_files(upload_id=LOGO_UPLOAD)),
                        border="none",
                        padding="0",
                    ),
                    rx.cond(
                        BrandState.has_logo,
                        rx.button(
                            t("Remover logotipo"), variant="ghost", color_scheme="red", on_click=BrandState.remove_logo
                        ),
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )


def video_list() -> rx.Component:
    """Every video asked for, with live progress."""
    return rx.vstack(
        rx.foreach(
            VideoState.jobs,
            lambda job: rx.vstack(
                job_progress(job, on_retry=VideoState.retry_job, on_download=VideoState.download_job),
                rx.cond(
                    job.status == "done",
                    rx.button(
                        rx.icon("play", size=14),
                        t("Assistir"),
                        size="1",
                        variant="ghost",
                        on_click=VideoState.show(job.id),
                    ),
                ),
                spacing="1",
                width="100%",
                align="end",
            ),
        ),
        spacing="3",
        width="100%",
        id="video-jobs",
    )


@signed_in_page("/retrospectiva", N_("Retrospectiva"), on_load=[VideoState.load_page, BrandState.load_brand])
def retrospectiva_page() -> tuple[rx.Component, ...]:
    """The annual video of a person or a team."""
    return (
        rx.vstack(
            rx.heading(t("Retrospectiva"), size="7"),
            rx.text(t("Um vídeo curto com as POCs do seu ano, pronto para postar."), color_scheme="gray"),
            spacing="1",
        ),
        offer_banner(),
        request_form(),
        previews(),
        player(),
        video_list(),
        brand_card(),
    )
