-- syncd store, version 1. Never edit once landed; add V2__… instead.
-- Timestamps are RFC 3339 UTC text (sortable). JSON columns hold serde_json text.

CREATE TABLE connectors (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('zammad', 'kimai')),
    base_url         TEXT NOT NULL,
    token_ciphertext BLOB NOT NULL,
    -- zammad: time_unit, marker_key; kimai: timezone cache; both: timeout_secs
    settings         TEXT NOT NULL DEFAULT '{}',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE mappings (
    id                  INTEGER PRIMARY KEY,
    zammad_connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kimai_connector_id  INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('activity', 'customer', 'project', 'user')),
    -- activity: Zammad type id; customer: organization id (or 'none');
    -- project: 'ticket:<id>' or 'org:<id>'; user: Zammad user id
    source_key          TEXT NOT NULL,
    source_name         TEXT,
    target_id           INTEGER NOT NULL,
    target_name         TEXT,
    auto_created        INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (zammad_connector_id, kimai_connector_id, kind, source_key)
);

-- The idempotency core: one row per Zammad entry and connector pair.
CREATE TABLE ledger (
    zammad_connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kimai_connector_id  INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    zammad_entry_id     INTEGER NOT NULL,
    kimai_timesheet_id  INTEGER,
    -- pending: a create was attempted, outcome unknown; synced: linked; removed: the
    -- timesheet was deleted on purpose; ignored: never sync; skipped: nothing to book
    state               TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'removed', 'ignored', 'skipped')),
    ticket_id           INTEGER,
    source_fingerprint  TEXT,
    target_fingerprint  TEXT,
    -- the timesheet as last written or accepted (JSON), to tell Kimai-side edits apart
    target_snapshot     TEXT,
    source_updated_at   TEXT,
    run_id              TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (zammad_connector_id, kimai_connector_id, zammad_entry_id)
);
CREATE INDEX ledger_timesheet ON ledger (kimai_connector_id, kimai_timesheet_id);
CREATE INDEX ledger_state ON ledger (state);

-- Per connector pair: incremental cursors.
CREATE TABLE sync_state (
    zammad_connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kimai_connector_id  INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    zammad_cursor       TEXT,
    kimai_cursor        TEXT,
    last_full_at        TEXT,
    PRIMARY KEY (zammad_connector_id, kimai_connector_id)
);

CREATE TABLE conflicts (
    id                  INTEGER PRIMARY KEY,
    zammad_connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kimai_connector_id  INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    reason              TEXT NOT NULL,
    zammad_entry_id     INTEGER,
    kimai_timesheet_id  INTEGER,
    ticket_number       TEXT,
    customer            TEXT,
    -- what Zammad says (normalized entry + desired timesheet) and what Kimai holds
    source              TEXT,
    target              TEXT,
    detail              TEXT,
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'ignored')),
    resolution          TEXT,
    resolved_by         TEXT,
    resolved_at         TEXT,
    run_id              TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
-- At most one open conflict per entry and reason.
CREATE UNIQUE INDEX conflicts_open_entry ON conflicts (zammad_connector_id, kimai_connector_id, zammad_entry_id, reason) WHERE status = 'open';
CREATE INDEX conflicts_status ON conflicts (status, reason);

CREATE TABLE runs (
    id          TEXT PRIMARY KEY,          -- uuid v7
    trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'webhook', 'demo')),
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
CREATE INDEX runs_started ON runs (started_at);

-- One lease for every trigger (CLI, schedule, webhook).
CREATE TABLE run_lock (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    holder      TEXT NOT NULL,
    pid         INTEGER NOT NULL,
    run_id      TEXT,
    acquired_at TEXT NOT NULL,
    heartbeat   TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE schedules (
    name        TEXT PRIMARY KEY,
    cron        TEXT NOT NULL,
    timezone    TEXT NOT NULL DEFAULT 'UTC',
    concurrency TEXT NOT NULL DEFAULT 'skip' CHECK (concurrency IN ('skip', 'queue')),
    scope       TEXT NOT NULL DEFAULT 'incremental' CHECK (scope IN ('incremental', 'full')),
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE webhook_secrets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    ciphertext  BLOB NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
    delivery_id TEXT PRIMARY KEY,
    received_at TEXT NOT NULL,
    ticket_id   INTEGER,
    outcome     TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    ts         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('cli', 'http', 'daemon')),
    category   TEXT NOT NULL CHECK (category IN ('access', 'config', 'sync')),
    action     TEXT NOT NULL,
    target     TEXT,
    details    TEXT,
    ip         TEXT,
    user_agent TEXT,
    run_id     TEXT
);
CREATE INDEX audit_ts ON audit_log (ts);
CREATE INDEX audit_category_ts ON audit_log (category, ts);
CREATE INDEX audit_run ON audit_log (run_id);

-- Caches so a sync does not refetch what it already knows. `data` is the API JSON.
CREATE TABLE cache (
    connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,   -- ticket, user, organization, type, customer, project, activity, kimai_user
    key          TEXT NOT NULL,
    data         TEXT NOT NULL,
    fetched_at   TEXT NOT NULL,
    PRIMARY KEY (connector_id, kind, key)
);
