"""Opening a POC page: the POC, its collections menu, files and history loaded in one event.

Four on_load handlers were four Reflex events, each taking the tab's lock and reading and writing its state
in Redis (docs/capacity.md: the POC page was the costliest page to open). One event runs the same loaders.
"""

from __future__ import annotations

import reflex as rx

from state.poc_collections import PocCollectionsState
from state.poc_detail import PocDetailState
from state.poc_files import PocFilesState
from state.poc_history import PocHistoryState


class PocPageState(rx.State):
    """The POC page's on_load."""

    @rx.event
    async def open_poc_page(self) -> None:
        """Load the POC of the URL; when it is there (and mine to see), its menu, files and history."""
        detail = await self.get_state(PocDetailState)
        await detail.load_poc()
        if detail.error:
            return
        await (await self.get_state(PocCollectionsState)).load_menu()
        await (await self.get_state(PocFilesState)).load_files()
        await (await self.get_state(PocHistoryState)).load_history()
