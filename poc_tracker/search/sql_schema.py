"""DDL of the search tables, shared by migrations 0003 to 0008, the backends and the benchmark.

SQLite: ``search_docs`` (what a hit shows and what filters and facets read) and, per tenant, an
FTS5 table ``search_fts_<tenant hex>`` whose rowid is ``search_docs.doc_id`` (migration 0008; one
shared ``search_fts`` before): bm25 counts documents, word frequencies and lengths in its own table,
so one tenant's documents never move another's scores. Its text columns hold Portuguese stems
computed in Python, and ``scope`` holds one token per filter value (and the tenant's).
PostgreSQL: ``search_docs`` with two generated tsvectors (``tsv_meta`` ranks, ``tsv`` matches), GIN
indexes led by the tenant, a trigram index over names, and (migration 0006) hash partitions by tenant.
"""

from __future__ import annotations

import re

SQLITE_UP = [
    """CREATE TABLE search_docs (
        doc_id INTEGER PRIMARY KEY,
        poc_id CHAR(32) NOT NULL UNIQUE,
        tenant_id CHAR(32) NOT NULL,
        owner_id CHAR(32) NOT NULL,
        owner_name TEXT NOT NULL,
        name TEXT NOT NULL,
        name_norm TEXT NOT NULL,
        description TEXT NOT NULL,
        language TEXT NOT NULL,
        tags TEXT NOT NULL,
        status TEXT NOT NULL,
        decision TEXT NOT NULL,
        year INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        content TEXT NOT NULL
    )""",
    "CREATE INDEX ix_search_docs_tenant_updated ON search_docs (tenant_id, updated_at)",
    "CREATE INDEX ix_search_docs_tenant_name ON search_docs (tenant_id, name_norm)",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        scope, name, tags, body, content, tokenize = "unicode61 remove_diacritics 2"
    )""",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_docs"]
FTS_COLUMNS = "scope, name, tags, body, content"
# A tenant's own FTS5 table (migration 0008); the name holds nothing but the tenant id's hex digits.
TENANT_FTS = re.compile(r"search_fts_[0-9a-f]{32}")
TENANT_FTS_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'search_fts_*'"  # and shadows


def tenant_fts(tenant_hex: str) -> str:
    """The name of a tenant's FTS5 table (``tenant_hex``: the id's 32 hex digits)."""
    name = f"search_fts_{tenant_hex}"
    if not TENANT_FTS.fullmatch(name):
        raise ValueError(f"not a tenant id: {tenant_hex!r}")
    return name


def tenant_fts_ddl(table: str) -> str:
    """CREATE statement of a tenant's FTS5 table, with the columns and tokenizer of ``search_fts``."""
    return (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({FTS_COLUMNS}, "
        'tokenize = "unicode61 remove_diacritics 2")'
    )


_PT = "'public.poc_pt'::regconfig"
_SIMPLE = "'public.poc_simple'::regconfig"


def _vector(column: str, weight: str, *, simple: bool = True) -> str:
    parts = [f"setweight(to_tsvector({_PT}, {column}), '{weight}')"]
    if simple:
        parts.append(f"setweight(to_tsvector({_SIMPLE}, {column}), '{weight}')")
    return " || ".join(parts)


META_VECTOR = " || ".join(
    [_vector("name", "A"), _vector("tags_text", "B"), _vector("description", "C"), _vector("experiment", "C")]
)
FULL_VECTOR = f"{META_VECTOR} || {_vector('left(content, 200000)', 'D', simple=False)}"

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    # Portuguese stems without accents ("saúde" and "saude" meet), and plain unaccented words.
    "CREATE TEXT SEARCH CONFIGURATION public.poc_pt (COPY = pg_catalog.portuguese)",
    "ALTER TEXT SEARCH CONFIGURATION public.poc_pt ALTER MAPPING FOR hword, hword_part, word "
    "WITH public.unaccent, portuguese_stem",
    "CREATE TEXT SEARCH CONFIGURATION public.poc_simple (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION public.poc_simple ALTER MAPPING FOR hword, hword_part, word "
    "WITH public.unaccent, simple",
    f"""CREATE TABLE search_docs (
        poc_id UUID PRIMARY KEY,
        tenant_id UUID NOT NULL,
        owner_id UUID NOT NULL,
        owner_name TEXT NOT NULL,
        owner_norm TEXT NOT NULL,
        name TEXT NOT NULL,
        name_norm TEXT NOT NULL,
        description TEXT NOT NULL,
        experiment TEXT NOT NULL,
        language VARCHAR(40) NOT NULL,
        tags TEXT[] NOT NULL,
        tags_text TEXT NOT NULL,
        status VARCHAR(20) NOT NULL,
        decision VARCHAR(20) NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        content TEXT NOT NULL,
        tsv_meta TSVECTOR GENERATED ALWAYS AS ({META_VECTOR}) STORED,
        tsv TSVECTOR GENERATED ALWAYS AS ({FULL_VECTOR}) STORED
    )""",
    # What facets and ranking read stays in the row (MAIN); file text and its vector go to TOAST early,
    # so the rows a search visits are small.
    "ALTER TABLE search_docs ALTER COLUMN tsv_meta SET STORAGE MAIN, ALTER COLUMN tags SET STORAGE MAIN, "
    "ALTER COLUMN name_norm SET STORAGE MAIN, ALTER COLUMN language SET STORAGE MAIN",
    "ALTER TABLE search_docs SET (toast_tuple_target = 128)",
    # Only GIN indexes lead with the tenant: a B-tree on tenant_id would tempt the planner to read
    # every row of the tenant and test its (TOASTed) vector, instead of intersecting posting lists.
    "CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tenant_id, tsv)",
    "CREATE INDEX ix_search_docs_meta ON search_docs USING GIN (tenant_id, tsv_meta)",
    "CREATE INDEX ix_search_docs_name_trgm ON search_docs USING GIN (tenant_id, name_norm gin_trgm_ops)",
    "CREATE INDEX ix_search_docs_tags ON search_docs USING GIN (tenant_id, tags)",
]
POSTGRES_DOWN = [
    "DROP TABLE IF EXISTS search_docs",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.poc_simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS public.poc_pt",
]

# The words of each tenant's names, tags and descriptions (migration 0005): a prefix ("autent*") becomes
# the tenant's words that start so, and a typo is corrected against them, without scanning every document.
TERMS_UP = [
    """CREATE TABLE search_terms (
        tenant_id UUID NOT NULL,
        term TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (tenant_id, term)
    )""",
    "CREATE INDEX ix_search_terms_trgm ON search_terms USING GIN (tenant_id, term gin_trgm_ops)",
]
TERMS_DOWN = ["DROP TABLE IF EXISTS search_terms"]
# Adjacent stem pairs (``search.text.pairs``) narrow a phrase query to the documents holding its pairs;
# the year of creation is the years facet.
PAIRS_UP = [
    "ALTER TABLE search_docs ADD COLUMN pairs INTEGER[] NOT NULL DEFAULT '{}', "
    "ADD COLUMN created_year SMALLINT GENERATED ALWAYS AS "
    "(extract(year FROM created_at AT TIME ZONE 'UTC')::smallint) STORED",
    "ALTER TABLE search_docs ALTER COLUMN created_year SET STORAGE PLAIN",
    "CREATE INDEX ix_search_docs_pairs ON search_docs USING GIN (tenant_id, pairs)",
]
# One GIN index answers the tenant, the words and every filter together (btree_gin for the scalar
# columns), so a filter never makes PostgreSQL read, and detoast, rows the other conditions reject.
MATCH_UP = [
    "DROP INDEX IF EXISTS ix_search_docs_tsv",
    "DROP INDEX IF EXISTS ix_search_docs_tags",
    "CREATE INDEX ix_search_docs_match ON search_docs USING GIN "
    "(tenant_id, tsv, tags, language, status, decision, owner_id, created_year)",
]
MATCH_DOWN = [
    "DROP INDEX IF EXISTS ix_search_docs_match",
    "CREATE INDEX ix_search_docs_tsv ON search_docs USING GIN (tenant_id, tsv)",
    "CREATE INDEX ix_search_docs_tags ON search_docs USING GIN (tenant_id, tags)",
]
PAIRS_DOWN = ["ALTER TABLE search_docs DROP COLUMN IF EXISTS pairs, DROP COLUMN IF EXISTS created_year"]
# The words of a set of documents, as the simple configuration (unaccented, lower case) indexes them.
TERMS_OF_DOCS = """INSERT INTO search_terms (tenant_id, term)
SELECT DISTINCT d.tenant_id, w.lexeme FROM search_docs d,
  unnest(to_tsvector('public.poc_simple'::regconfig,
         d.name || ' ' || d.tags_text || ' ' || d.description || ' ' || d.experiment)) AS w
WHERE {where} AND length(w.lexeme) <= 60
ON CONFLICT DO NOTHING"""

# Hash partitions by tenant (migration 0006): each partition's GIN posting lists hold a few tenants'
# documents, so a search reads lists the size of its tenant's share, not of every tenant's.
PARTITIONS = 32
# New GIN entries wait in a pending list that every search reads in full until it is merged: at 256 kB
# (migration 0007), not PostgreSQL's 4 MB per index.
PENDING = "gin_pending_list_limit = 256"
SEARCH_INDEXES = [
    f"{statement} WITH ({PENDING})"
    for statement in (
        "CREATE INDEX ix_search_docs_meta ON search_docs USING GIN (tenant_id, tsv_meta)",
        "CREATE INDEX ix_search_docs_name_trgm ON search_docs USING GIN (tenant_id, name_norm gin_trgm_ops)",
        "CREATE INDEX ix_search_docs_pairs ON search_docs USING GIN (tenant_id, pairs)",
        MATCH_UP[-1],
    )
]
# Every GIN index that holds entries: each partition's, and the terms' (a partitioned index has none).
GIN_INDEXES = """SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' AND c.relkind = 'i' AND i.indrelid IN
  (SELECT relid FROM pg_partition_tree('search_docs') UNION ALL SELECT 'search_terms'::regclass) ORDER BY 1"""
_STORED = (
    "poc_id, tenant_id, owner_id, owner_name, owner_norm, name, name_norm, description, experiment, "
    "language, tags, tags_text, status, decision, created_at, updated_at, content, pairs"
)


def repartition(partitions: int) -> list[str]:
    """Statements that rebuild search_docs with ``partitions`` hash partitions by tenant (0: one plain table)."""
    plain = partitions == 0
    out = [
        "ALTER TABLE search_docs RENAME TO search_docs_before",
        "ALTER INDEX search_docs_pkey RENAME TO search_docs_before_pkey",
        *[
            f"DROP INDEX IF EXISTS {name}"
            for name in (
                "ix_search_docs_meta",
                "ix_search_docs_name_trgm",
                "ix_search_docs_pairs",
                "ix_search_docs_match",
            )
        ],
        "CREATE TABLE search_docs (LIKE search_docs_before INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE)"
        + ("" if plain else " PARTITION BY HASH (tenant_id)"),
        # The partition key must be in the primary key, but not first: a B-tree leading with the tenant
        # would tempt the planner to test every row of the tenant instead of using the GIN index.
        "ALTER TABLE search_docs ADD PRIMARY KEY " + ("(poc_id)" if plain else "(poc_id, tenant_id)"),
    ]
    if plain:
        out.append("ALTER TABLE search_docs SET (toast_tuple_target = 128)")
    out += [
        f"CREATE TABLE search_docs_p{i:02d} PARTITION OF search_docs FOR VALUES WITH "
        f"(MODULUS {partitions}, REMAINDER {i}) WITH (toast_tuple_target = 128)"
        for i in range(partitions)
    ]
    out += [
        f"INSERT INTO search_docs ({_STORED}) SELECT {_STORED} FROM search_docs_before",  # noqa: S608 - constants
        "DROP TABLE search_docs_before",
        *SEARCH_INDEXES,
        "ANALYZE search_docs",
    ]
    return out
