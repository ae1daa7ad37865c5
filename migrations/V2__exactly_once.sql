-- syncd store, version 2: exactly once under ambiguous answers and paused runs (issue 8).

-- When the create of a `pending` row was sent. A pending row is settled by a marker search
-- only sync.settle_secs after this. Rows from before V2 have NULL: their updated_at counts.
ALTER TABLE ledger ADD COLUMN sent_at TEXT;

-- The lease is a fence: it carries a generation, and every ledger write of a run checks,
-- in its own transaction, that its generation still holds the lease. `host` (host name and
-- pid namespace) limits pid liveness checks to processes we can actually see.
ALTER TABLE run_lock ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_lock ADD COLUMN host TEXT NOT NULL DEFAULT '';
-- The run_lock row is deleted on release; the counter survives it, so generations only grow.
CREATE TABLE lease_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);

-- Customers, projects, activities and tags whose create got an ambiguous answer. They are
-- not POSTed again before they settle, and then only after a search by name and reference.
CREATE TABLE pending_creates (
    zammad_connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kimai_connector_id  INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('customer', 'project', 'activity', 'tag')),
    -- the mapping's source key (tags: the tag name in lower case)
    source_key          TEXT NOT NULL,
    name                TEXT NOT NULL,
    sent_at             TEXT NOT NULL,
    run_id              TEXT,
    PRIMARY KEY (zammad_connector_id, kimai_connector_id, kind, source_key)
);

-- The daemon comes back by itself for creates that wait to settle: those runs have their
-- own trigger, `retry`. SQLite cannot change a CHECK in place, so `runs` is rebuilt (no
-- table references it yet at this version).
CREATE TABLE runs_v2 (
    id          TEXT PRIMARY KEY,          -- uuid v7
    trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'webhook', 'demo', 'retry')),
    scope       TEXT NOT NULL,             -- incremental | full | ticket:<n> | dry-run …
    window      TEXT,                      -- JSON {since, until}
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'conflicts', 'failed', 'skipped', 'interrupted')),
    counts      TEXT NOT NULL DEFAULT '{}',
    error       TEXT,
    dry_run     INTEGER NOT NULL DEFAULT 0,
    schedule    TEXT
);
INSERT INTO runs_v2 (id, trigger, scope, window, started_at, finished_at, status, counts, error, dry_run, schedule)
    SELECT id, trigger, scope, window, started_at, finished_at, status, counts, error, dry_run, schedule FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
CREATE INDEX runs_started ON runs (started_at);
