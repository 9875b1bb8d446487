"""The search page: query, filters and page mirrored in the URL; results, facets, suggestions."""

from __future__ import annotations

from datetime import date

import reflex as rx

from poc_tracker.i18n import format_number
from poc_tracker.services import search
from state.base import ServiceState
from state.search_rows import FacetRow, HitRow, SuggestionRow, facet_rows, hit_row, read_query, search_url

PAGE_SIZE = 20


class SearchState(ServiceState, rx.State):
    """One search, as the URL describes it."""

    q: str = ""
    typed: str = ""
    languages: list[str] = []
    tags: list[str] = []
    years: list[str] = []
    sort: str = "relevance"
    page: int = 1
    hits: list[HitRow] = []
    total: int = 0
    total_label: str = "0"
    took: str = ""
    facet_languages: list[FacetRow] = []
    facet_tags: list[FacetRow] = []
    facet_years: list[FacetRow] = []
    did_you_mean: str = ""
    suggestions: list[SuggestionRow] = []
    error: str = ""
    searched: bool = False

    @rx.var
    def has_more(self) -> bool:
        """Whether a next page exists."""
        return self.page * PAGE_SIZE < self.total

    @rx.var
    def has_filters(self) -> bool:
        """Whether any facet filter is active."""
        return bool(self.languages or self.tags or self.years)

    def _request(self) -> search.SearchRequest:
        years = sorted(int(y) for y in self.years if y.isdigit())
        return search.SearchRequest(
            q=self.q,
            languages=tuple(self.languages),
            tags=tuple(self.tags),
            date_from=date(years[0], 1, 1) if years else None,
            date_to=date(years[-1], 12, 31) if years else None,
            sort=self.sort,
            page=self.page,
            size=PAGE_SIZE,
        )

    @rx.event
    async def load_from_url(self) -> None:
        """on_load: read the search from the address, then run it."""
        params = read_query(self.router.url.query)
        self.q = self.typed = (params["q"] or [""])[0]
        self.languages, self.tags, self.years = params["language"], params["tag"], params["year"]
        self.sort = (params["sort"] or ["relevance"])[0]
        page = (params["page"] or ["1"])[0]
        self.page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
        await self._run_search()

    async def _run_search(self) -> None:
        """Ask the search service; map hits and facets to rows."""
        self.error, self.suggestions = "", []
        request = self._request()
        got = await self._call(lambda s, a: search.search_pocs(s, actor=a, request=request))
        if not got.ok:
            self.hits, self.total, self.error = [], 0, got.error
            return
        result, loc = got.value, await self._locale()
        self.hits = [hit_row(h, loc) for h in result.hits]
        self.total, self.did_you_mean, self.searched = result.total, result.did_you_mean or "", True
        self.total_label, self.took = format_number(result.total, loc), f"{result.took_ms:.0f}"
        aggs = result.aggregations
        self.facet_languages = facet_rows(aggs.get("languages", []), self.languages)
        self.facet_tags = facet_rows(aggs.get("tags", []), self.tags)
        self.facet_years = facet_rows(aggs.get("years", []), self.years)

    async def _go(self) -> rx.event.EventSpec:
        """Navigate to the search's address: on_load runs it (shareable, bookmarkable, back button works)."""
        self.suggestions = []
        return rx.redirect(search_url(self.q, self.languages, self.tags, self.years, self.sort, self.page))

    @rx.event
    async def submit(self, form: dict[str, str]) -> rx.event.EventSpec:
        """Search what was typed."""
        self.q = self.typed = str(form.get("q", "")).strip()[:500]
        self.page = 1
        return await self._go()

    @rx.event
    async def type_query(self, value: str) -> None:
        """Keep what is typed and offer completions (names and tags)."""
        self.typed = value[:500]
        word = value.strip()
        if len(word) < 2:
            self.suggestions = []
            return
        got = await self._call(lambda s, a: search.suggest(s, actor=a, prefix=word, limit=6))
        found = got.value if got.ok else []
        self.suggestions = [SuggestionRow(text=s.text, kind=s.kind) for s in found]

    @rx.event
    async def pick(self, text: str, kind: str) -> rx.event.EventSpec:
        """Use a completion: a tag becomes a filter, a name becomes the query."""
        if kind == "tag":
            self.q = self.typed = ""
            self.tags = [*self.tags, text] if text not in self.tags else self.tags
        else:
            self.q = self.typed = text
        self.page = 1
        return await self._go()

    @rx.event
    async def use_correction(self) -> rx.event.EventSpec:
        """Search the suggested spelling."""
        self.q = self.typed = self.did_you_mean
        self.page = 1
        return await self._go()

    @rx.event
    async def toggle(self, facet: str, value: str) -> rx.event.EventSpec:
        """Add or remove a facet filter (language, tag or year)."""
        current = {"language": self.languages, "tag": self.tags, "year": self.years}[facet]
        updated = [v for v in current if v != value] if value in current else [*current, value]
        if facet == "language":
            self.languages = updated
        elif facet == "tag":
            self.tags = updated
        else:
            self.years = updated
        self.page = 1
        return await self._go()

    @rx.event
    async def clear_filters(self) -> rx.event.EventSpec:
        """Remove every facet filter."""
        self.languages, self.tags, self.years, self.page = [], [], [], 1
        return await self._go()

    @rx.event
    async def set_sort(self, sort: str) -> rx.event.EventSpec:
        """Order by relevance, date or name."""
        self.sort, self.page = (sort if sort in ("relevance", "date", "name") else "relevance"), 1
        return await self._go()

    @rx.event
    async def next_page(self) -> rx.event.EventSpec:
        """The next page."""
        self.page += 1 if self.has_more else 0
        return await self._go()

    @rx.event
    async def previous_page(self) -> rx.event.EventSpec:
        """The previous page."""
        self.page = max(1, self.page - 1)
        return await self._go()
