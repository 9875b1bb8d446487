"""The organisation's data export on the organisation page (owners): password again, then a job to follow."""

from __future__ import annotations

import reflex as rx

from poc_tracker.i18n import N_, gettext
from poc_tracker.models import Job
from poc_tracker.services import tenant_export
from state.jobs import JobsMixin


class TenantExportState(JobsMixin, rx.State):
    """Asking for the export and following its job."""

    password_error: str = ""
    _job_kind = tenant_export.KIND

    def _job_title(self, job: Job, locale: str) -> str:
        return gettext(N_("Exportação da organização"), locale)

    @rx.event
    async def request_export(self, form: dict[str, str]):  # noqa: ANN201
        """Queue the export with the owner's password; the job shows up with its progress."""
        password = form.get("password", "")
        got = await self._call(lambda s, a: tenant_export.request_tenant_export(s, actor=a, password=password))
        self.password_error = got.error
        if not got.ok:
            return
        yield rx.toast.success(await self._tr(N_("Exportação iniciada. O arquivo fica disponível por 7 dias.")))
        yield type(self).load_jobs
