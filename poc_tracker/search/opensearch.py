"""OpenSearch backend via opensearch-py: one alias over versioned indices, tenant routing and filters."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import NotFoundError
from sqlmodel import Session

from poc_tracker.search import opensearch_query as dsl
from poc_tracker.search.base import Bucket, Criteria, SearchBackend, SearchDoc, SearchHit, SearchResult, Suggestion
from poc_tracker.search.common import as_datetime, did_you_mean
from poc_tracker.search.highlight import mark_safe, strip_sentinels
from poc_tracker.search.opensearch_schema import template
from poc_tracker.search.text import words

log = logging.getLogger(__name__)


def source(doc: SearchDoc) -> dict[str, Any]:
    """The indexed document of a POC."""
    name_words = words(doc.name)
    return {
        "tenant_id": str(doc.tenant_id),
        "poc_id": str(doc.poc_id),
        "user_id": str(doc.owner_id),
        "owner_name": doc.owner_name,
        "name": strip_sentinels(doc.name),
        "name_norm": " ".join(name_words),
        "name_suggest": {"input": [doc.name] + [" ".join(doc.name.split()[i:]) for i in range(1, 6)]},
        "description": strip_sentinels(doc.description),
        "experiment": strip_sentinels(doc.experiment),
        "language": doc.language,
        "tags": doc.tags,
        "tag_suggest": {"input": doc.tags or [""]},
        "status": doc.status,
        "decision": doc.decision,
        "file_content": strip_sentinels(doc.content),
        "created_at": doc.created_at.isoformat(),
        "updated_at": doc.updated_at.isoformat(),
        "year": doc.created_at.year,
        "popularity_score": 0.0,
    }


def _hit(raw: dict[str, Any]) -> SearchHit:
    s, marked = raw["_source"], raw.get("highlight", {})
    highlights = {
        key: mark_safe(marked[field][0])
        for key, field in (("name", "name"), ("description", "description"), ("content", "file_content"))
        if marked.get(field)
    }
    return SearchHit(
        poc_id=uuid.UUID(s["poc_id"]),
        name=s["name"],
        description=s["description"][:300],
        language=s["language"],
        tags=list(s["tags"]),
        status=s["status"],
        decision=s["decision"],
        owner_id=uuid.UUID(s["user_id"]),
        owner_name=s["owner_name"],
        created_at=as_datetime(s["created_at"]),
        updated_at=as_datetime(s["updated_at"]),
        score=float(raw.get("_score") or 0.0),
        highlights=highlights,
    )


class OpenSearchBackend(SearchBackend):
    """Documents ``_id`` = POC id, routed by tenant; the alias points at the live ``ALIAS-vN`` index."""

    name = "opensearch"
    transactional = False

    def __init__(self, url: str, alias: str, *, shards: int = 1, replicas: int = 0) -> None:
        self.client = OpenSearch(url, timeout=30, max_retries=2, retry_on_timeout=True)
        self.alias, self.shards, self.replicas = alias, shards, replicas
        self._target: str | None = None
        self._ready = False

    def ensure_schema(self, session: Session | None = None) -> None:
        """Install the template and, the first time, ``ALIAS-v1`` behind the alias."""
        if self._ready:
            return
        self.client.indices.put_index_template(
            name=f"{self.alias}-template", body=template(self.alias, self.shards, self.replicas)
        )
        if not self.client.indices.exists_alias(name=self.alias):
            self.client.indices.create(index=f"{self.alias}-v1", body={"aliases": {self.alias: {}}})
        elif not self._scores_per_document():
            log.warning(
                "the search index ranks with statistics shared by every tenant; run `poc-tracker reindex`",
                extra={"details": {"index": self._live_index()}},
            )
        self._ready = True

    def _scores_per_document(self) -> bool:
        """Whether the live index has the template's similarities (indices made before them rank with BM25)."""
        found = self.client.indices.get_settings(index=self.alias, name="index.similarity.short.*")
        return bool(found) and all(s["settings"].get("index", {}).get("similarity") for s in found.values())

    def _live_index(self) -> str:
        return next(iter(self.client.indices.get_alias(name=self.alias)))

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Write into a new index while searches still read the old one; then move the alias at once."""
        self.ensure_schema()
        old = self._live_index()
        new = f"{self.alias}-v{int(old.rsplit('-v', 1)[1]) + 1}"
        self.client.indices.create(index=new)
        self._target = new
        try:
            yield
            self.client.indices.refresh(index=new)
            self.client.indices.update_aliases(
                body={
                    "actions": [
                        {"remove": {"index": old, "alias": self.alias}},
                        {"add": {"index": new, "alias": self.alias}},
                    ]
                }
            )
            self.client.indices.delete(index=old)
        except BaseException:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        finally:
            self._target = None

    def refresh(self) -> None:
        """Make every write visible now (tests)."""
        self.ensure_schema()
        self.client.indices.refresh(index=self.alias)

    def _ids(self, tenant_id: uuid.UUID) -> list[str]:
        query = {"query": {"term": {"tenant_id": str(tenant_id)}}, "_source": False}
        return [h["_id"] for h in helpers.scan(self.client, query=query, index=self.alias, routing=str(tenant_id))]

    def reset(self, session: Session | None, tenant_id: uuid.UUID | None = None) -> None:
        """Forget a tenant's documents, or drop every index and start again."""
        self.ensure_schema()
        if tenant_id is None:
            self.client.indices.delete(index=f"{self.alias}-v*")
            self._ready = False
            self.ensure_schema()
            return
        self.delete(None, tenant_id, [uuid.UUID(i) for i in self._ids(tenant_id)])

    def indexed_ids(self, session: Session | None, tenant_id: uuid.UUID) -> set[uuid.UUID]:
        """POCs of a tenant that have a document."""
        self.ensure_schema()
        return {uuid.UUID(i) for i in self._ids(tenant_id)}

    def index(self, session: Session | None, docs: list[SearchDoc], *, refresh: bool = False) -> None:
        """Add or replace documents (visible within the 1 s refresh interval)."""
        if not docs:
            return
        self.ensure_schema()
        target = self._target or self.alias
        actions = [
            {
                "_op_type": "index",
                "_index": target,
                "_id": str(d.poc_id),
                "_routing": str(d.tenant_id),
                "_source": source(d),
            }
            for d in docs
        ]
        helpers.bulk(self.client, actions, refresh=refresh)

    def delete(self, session: Session | None, tenant_id: uuid.UUID, poc_ids: list[uuid.UUID]) -> None:
        """Remove documents, visible to the very next search (refresh)."""
        if not poc_ids:
            return
        self.ensure_schema()
        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": str(p), "_routing": str(tenant_id)} for p in poc_ids
        ]
        helpers.bulk(self.client, actions, refresh=True, raise_on_error=False)

    def search(self, session: Session | None, criteria: Criteria) -> SearchResult:
        """One request: hits, total, facets and highlights; a fuzzy look-up when nothing matched."""
        self.ensure_schema()
        started = time.perf_counter()
        c = criteria
        raw = self.client.search(index=self.alias, body=dsl.body(c), routing=str(c.tenant_id))
        aggs = raw.get("aggregations", {})
        result = SearchResult(
            hits=[_hit(h) for h in raw["hits"]["hits"]],
            total=raw["hits"]["total"]["value"],
            aggregations={k: [Bucket(str(b["key"]), b["doc_count"]) for b in v["buckets"]] for k, v in aggs.items()},
        )
        if result.total == 0 and c.query.text:
            result.did_you_mean = self._did_you_mean(c)
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _did_you_mean(self, c: Criteria) -> str | None:
        found = self.client.search(index=self.alias, body=dsl.fuzzy_body(c), routing=str(c.tenant_id))
        hits = found["hits"]["hits"]
        if not hits:
            return None
        s = hits[0]["_source"]
        return did_you_mean(c.query.text, [s["name"]], s.get("tags", [])) or " ".join(words(s["name"]))

    def suggest(self, session: Session | None, tenant_id: uuid.UUID, prefix: str, limit: int) -> list[Suggestion]:
        """Completion suggesters on names and tags, within the tenant's context."""
        self.ensure_schema()
        typed = " ".join(words(prefix))
        if not typed:
            return []
        ctx = {"tenant": [str(tenant_id)]}
        body = {
            "_source": ["name", "poc_id"],
            "suggest": {
                "names": {
                    "prefix": typed,
                    "completion": {"field": "name_suggest", "size": limit, "skip_duplicates": True, "contexts": ctx},
                },
                "tags": {
                    "prefix": typed,
                    "completion": {"field": "tag_suggest", "size": limit, "skip_duplicates": True, "contexts": ctx},
                },
            },
        }
        raw = self.client.search(index=self.alias, body=body, routing=str(tenant_id))["suggest"]
        names = [
            Suggestion(o["_source"]["name"], "name", uuid.UUID(o["_source"]["poc_id"]))
            for o in raw["names"][0]["options"]
        ]
        tags = [Suggestion(o["text"], "tag") for o in raw["tags"][0]["options"]]
        return names + tags

    def popular_tags(self, session: Session | None, tenant_id: uuid.UUID, limit: int) -> list[Bucket]:
        """A terms aggregation over the tenant's documents."""
        self.ensure_schema()
        body = {
            "size": 0,
            "query": {"term": {"tenant_id": str(tenant_id)}},
            "aggs": {"tags": {"terms": {"field": "tags", "size": limit}}},
        }
        try:
            raw = self.client.search(index=self.alias, body=body, routing=str(tenant_id))
        except NotFoundError:
            return []
        return [Bucket(b["key"], b["doc_count"]) for b in raw["aggregations"]["tags"]["buckets"]]
