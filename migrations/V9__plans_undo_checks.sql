-- syncd store, version 9: undo of runs and drift checks on a schedule (issue 12).

-- Ledger state `undone`: `syncd runs undo` took the entry's write back; syncs leave the
-- entry alone until the undo is released (`runs undo RUN --resync`). SQLite cannot change
-- a CHECK constraint in place, so the table is rebuilt with the same columns and indexes.
CREATE TABLE ledger_v9 (
    zammad_connector_id INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    kimai_connector_id  INTEGER NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
    zammad_entry_id     INTEGER NOT NULL,
    kimai_timesheet_id  INTEGER,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'removed', 'ignored', 'skipped', 'undone')),
    ticket_id           INTEGER,
    source_fingerprint  TEXT,
    target_fingerprint  TEXT,
    target_snapshot     TEXT,
    source_updated_at   TEXT,
    run_id              TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    sent_at             TEXT,
    PRIMARY KEY (zammad_connector_id, kimai_connector_id, zammad_entry_id)
);
INSERT INTO ledger_v9 (zammad_connector_id, kimai_connector_id, zammad_entry_id,
    kimai_timesheet_id, state, ticket_id, source_fingerprint, target_fingerprint,
    target_snapshot, source_updated_at, run_id, created_at, updated_at, sent_at)
SELECT zammad_connector_id, kimai_connector_id, zammad_entry_id, kimai_timesheet_id, state,
    ticket_id, source_fingerprint, target_fingerprint, target_snapshot, source_updated_at,
    run_id, created_at, updated_at, sent_at
FROM ledger;
DROP TABLE ledger;
ALTER TABLE ledger_v9 RENAME TO ledger;
CREATE INDEX ledger_timesheet ON ledger (kimai_connector_id, kimai_timesheet_id);
CREATE INDEX ledger_state ON ledger (state);

-- What every run wrote to Kimai: the timesheet before (updates, deletes) and after
-- (creates, updates) as JSON, and the entry's ledger row before the run, so a run can be
-- undone exactly and only where Kimai still holds what it wrote.
CREATE TABLE run_changes (
    id                  INTEGER PRIMARY KEY,
    run_id              TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    zammad_connector_id INTEGER NOT NULL,
    kimai_connector_id  INTEGER NOT NULL,
    zammad_entry_id     INTEGER NOT NULL,
    kimai_timesheet_id  INTEGER NOT NULL,
    action              TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    before              TEXT,
    after               TEXT,
    ledger_before       TEXT,
    recorded_at         TEXT NOT NULL,
    -- set once undone: by which undo run, and whether the entry is held (`undone`) or
    -- released to be booked again (`resync`)
    undone_at           TEXT,
    undo_run_id         TEXT,
    undo_outcome        TEXT CHECK (undo_outcome IN ('undone', 'resync'))
);
CREATE INDEX run_changes_by_run ON run_changes (run_id, id);

-- A schedule runs a sync or a drift check (`syncd check`, for the drift gauge).
ALTER TABLE schedules ADD COLUMN kind TEXT NOT NULL DEFAULT 'sync' CHECK (kind IN ('sync', 'check'));
