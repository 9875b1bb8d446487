"""The organisation's video brand on the Retrospectiva page: colours, font and logo (owners)."""

from __future__ import annotations

import reflex as rx

from poc_tracker.i18n import N_
from poc_tracker.services import video_brand
from poc_tracker.video.branding import LOGO_MAX_BYTES
from state.base import ServiceState
from state.session import SessionState

LOGO_UPLOAD = "brand-logo"


class BrandState(ServiceState, rx.State):
    """What the brand card shows and changes."""

    allowed: bool = False
    primary: str = "#5b21b6"
    secondary: str = "#ffffff"
    font: str = "noto-sans"
    fonts: list[dict[str, str]] = []
    has_logo: bool = False
    error: str = ""

    def _apply(self, view: dict) -> None:
        self.primary, self.secondary, self.font = view["primary"], view["secondary"], view["font"]
        self.fonts, self.has_logo = view["fonts"], view["hasLogo"]

    @rx.event
    async def load_brand(self) -> None:
        """The brand as stored; only owners get the card."""
        self.allowed = (await self.get_state(SessionState)).actor().can("tenant:write")
        got = await self._call(lambda s, a: video_brand.brand_view(s, actor=a))
        if got.ok:
            self._apply(got.value)

    @rx.event
    def set_primary(self, value: str) -> None:
        """Surface colour picked."""
        self.primary = value

    @rx.event
    def set_secondary(self, value: str) -> None:
        """Text colour picked."""
        self.secondary = value

    @rx.event
    def set_font(self, value: str) -> None:
        """Font picked."""
        self.font = value

    @rx.event
    async def save_brand(self):  # noqa: ANN201
        """Store colours and font; a pair under 4.5:1 is refused with the reason."""

        def work(s, a):  # noqa: ANN001, ANN202
            video_brand.set_brand(s, actor=a, primary=self.primary, secondary=self.secondary, font=self.font)
            return video_brand.brand_view(s, actor=a)

        got = await self._call(work)
        self.error = got.error
        if got.ok:
            self._apply(got.value)
            return rx.toast.success(await self._tr(N_("Marca salva.")))
        return None

    @rx.event
    async def upload_logo(self, uploaded: list[rx.UploadFile]):  # noqa: ANN201
        """Store a PNG or SVG logo (rasterised offline)."""
        if not uploaded:
            return None
        f = uploaded[0]
        data = f.file.read(LOGO_MAX_BYTES + 1)
        got = await self._call(lambda s, a: video_brand.set_logo(s, actor=a, data=data, filename=f.name or "logo.png"))
        self.error = got.error
        if got.ok:
            self.has_logo = True
            return [rx.clear_selected_files(LOGO_UPLOAD), rx.toast.success(await self._tr(N_("Logotipo salvo.")))]
        return None

    @rx.event
    async def remove_logo(self) -> None:
        """Back to no logo."""
        got = await self._call(lambda s, a: video_brand.remove_logo(s, actor=a))
        self.error = got.error
        if got.ok:
            self.has_logo = False
