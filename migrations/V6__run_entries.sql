-- What one run did with each Zammad entry, for `syncd runs show`: created, updated,
-- deleted, linked, skipped, conflict (with its reason) or failed (with the error).
CREATE TABLE run_entries (
    id                 INTEGER PRIMARY KEY,
    run_id             TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    zammad_entry_id    INTEGER,
    ticket_number      TEXT,
    kimai_timesheet_id INTEGER,
    outcome            TEXT NOT NULL CHECK (outcome IN
                         ('created', 'updated', 'deleted', 'linked', 'skipped', 'conflict', 'unsettled',
                          'waiting', 'failed')),
    reason             TEXT,
    error              TEXT,
    recorded_at        TEXT NOT NULL
);
CREATE INDEX run_entries_by_run ON run_entries (run_id, id);
