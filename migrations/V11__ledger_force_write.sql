-- syncd store, version 11: `take-zammad` is a flag on the ledger row (issue 13 §2), no
-- longer the text `take-zammad` stored in place of the source fingerprint.

-- force_write = 1: Kimai's timesheet was accepted as the base and the next sync writes
-- Zammad's values over it, even onto an exported timesheet. The source fingerprint is
-- then unknown (NULL), so the entry counts as changed in Zammad until it is written.
ALTER TABLE ledger ADD COLUMN force_write INTEGER NOT NULL DEFAULT 0 CHECK (force_write IN (0, 1));
UPDATE ledger SET force_write = 1, source_fingerprint = NULL
WHERE source_fingerprint = 'take-zammad';

-- Ledger rows kept for undo (JSON of the row before a run) carry the same mark.
UPDATE run_changes
SET ledger_before = json_set(json_remove(ledger_before, '$.source_fingerprint'),
                             '$.force_write', json('true'))
WHERE json_valid(ledger_before)
  AND json_extract(ledger_before, '$.source_fingerprint') = 'take-zammad';
