//! The ledger: one row per Zammad entry and connector pair. The idempotency core:
//! a `pending` row is written before a Kimai create and turned `synced` after it.

use super::{Store, now_text};
use crate::ids::{KimaiTimesheetId, TicketId, ZammadEntryId};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

pub use crate::sync::model::{LedgerRow, LedgerState, Pair};

pub(super) const COLUMNS: &str = "zammad_entry_id, kimai_timesheet_id, state, ticket_id, source_fingerprint, \
                       target_fingerprint, target_snapshot, source_updated_at, \
                       CASE WHEN state = 'pending' THEN COALESCE(sent_at, updated_at) END, \
                       force_write";

pub(super) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerRow> {
    Ok(LedgerRow {
        entry: ZammadEntryId(row.get(0)?),
        timesheet: row.get::<_, Option<i64>>(1)?.map(KimaiTimesheetId),
        state: super::error::known(row, 2, "ledger", "state", LedgerState::parse)?,
        ticket: row.get::<_, Option<i64>>(3)?.map(TicketId),
        source_fingerprint: row.get(4)?,
        target_fingerprint: row.get(5)?,
        target_snapshot: row.get(6)?,
        source_updated_at: row.get(7)?,
        sent_at: row
            .get::<_, Option<String>>(8)?
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc)),
        force_write: row.get(9)?,
    })
}

impl Store {
    /// Every ledger row of a pair, by entry id.
    pub fn ledger_rows(&self, pair: Pair) -> super::Result<HashMap<ZammadEntryId, LedgerRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ledger WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2"
        ))?;
        let rows = stmt.query_map(params![pair.zammad.0, pair.kimai.0], from_row)?;
        let mut map = HashMap::new();
        for row in rows {
            let row = row?;
            map.insert(row.entry, row);
        }
        Ok(map)
    }

    pub fn ledger_row(&self, pair: Pair, entry: ZammadEntryId) -> super::Result<Option<LedgerRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ledger WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 \
             AND zammad_entry_id = ?3"
        ))?;
        Ok(stmt
            .query_row(params![pair.zammad.0, pair.kimai.0, entry.0], from_row)
            .optional()?)
    }

    /// Insert or replace one row; committed on return (one item, one transaction). A sync
    /// run writes through [`Store::fenced`] so the write fails once its lease is gone.
    pub fn ledger_put(
        &self,
        pair: Pair,
        row: &LedgerRow,
        run_id: Option<&str>,
    ) -> super::Result<()> {
        let now = now_text();
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO ledger (zammad_connector_id, kimai_connector_id, zammad_entry_id, \
               kimai_timesheet_id, state, ticket_id, source_fingerprint, target_fingerprint, \
               target_snapshot, source_updated_at, run_id, created_at, updated_at, sent_at, \
               force_write) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14) \
             ON CONFLICT (zammad_connector_id, kimai_connector_id, zammad_entry_id) DO UPDATE SET \
               kimai_timesheet_id = excluded.kimai_timesheet_id, state = excluded.state, \
               ticket_id = excluded.ticket_id, source_fingerprint = excluded.source_fingerprint, \
               target_fingerprint = excluded.target_fingerprint, \
               target_snapshot = excluded.target_snapshot, \
               source_updated_at = excluded.source_updated_at, run_id = excluded.run_id, \
               updated_at = excluded.updated_at, sent_at = excluded.sent_at, \
               force_write = excluded.force_write",
        )?;
        stmt.execute(params![
            pair.zammad.0,
            pair.kimai.0,
            row.entry.0,
            row.timesheet.map(|t| t.0),
            row.state.as_str(),
            row.ticket.map(|t| t.0),
            row.source_fingerprint,
            row.target_fingerprint,
            row.target_snapshot,
            row.source_updated_at,
            run_id,
            now,
            (row.state == LedgerState::Pending)
                .then_some(row.sent_at)
                .flatten()
                .map(super::ts_text),
            row.force_write,
        ])?;
        Ok(())
    }

    /// Record what Kimai holds now on every synced row linked to this timesheet (a net
    /// correction links several entries to one), so syncd's own write is not taken for a
    /// person's edit.
    pub fn ledger_retarget(
        &self,
        pair: Pair,
        timesheet: KimaiTimesheetId,
        fingerprint: &str,
        snapshot: &str,
    ) -> super::Result<()> {
        self.conn().execute(
            "UPDATE ledger SET target_fingerprint = ?4, target_snapshot = ?5, updated_at = ?6 \
             WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 \
             AND kimai_timesheet_id = ?3 AND state = 'synced'",
            params![
                pair.zammad.0,
                pair.kimai.0,
                timesheet.0,
                fingerprint,
                snapshot,
                now_text()
            ],
        )?;
        Ok(())
    }

    /// The run that last wrote an entry's row.
    pub fn ledger_run_id(&self, pair: Pair, entry: ZammadEntryId) -> super::Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT run_id FROM ledger WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 \
                 AND zammad_entry_id = ?3",
                params![pair.zammad.0, pair.kimai.0, entry.0],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    pub fn ledger_delete(&self, pair: Pair, entry: ZammadEntryId) -> super::Result<()> {
        self.conn().execute(
            "DELETE FROM ledger WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 \
             AND zammad_entry_id = ?3",
            params![pair.zammad.0, pair.kimai.0, entry.0],
        )?;
        Ok(())
    }

    /// When each pending create of a pair was sent (rows from before V2: last update).
    pub fn ledger_pending_sent(
        &self,
        pair: Pair,
    ) -> super::Result<Vec<chrono::DateTime<chrono::Utc>>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT COALESCE(sent_at, updated_at) FROM ledger WHERE zammad_connector_id = ?1 \
             AND kimai_connector_id = ?2 AND state = 'pending'",
        )?;
        let rows = stmt.query_map(params![pair.zammad.0, pair.kimai.0], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for t in rows {
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&t?) {
                out.push(t.with_timezone(&chrono::Utc));
            }
        }
        Ok(out)
    }

    /// Number of rows in a state, for guards and summaries.
    pub fn ledger_count(&self, pair: Pair, state: LedgerState) -> super::Result<u64> {
        let n: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM ledger WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 \
             AND state = ?3",
            params![pair.zammad.0, pair.kimai.0, state.as_str()],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}

/// Incremental cursors of a pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncCursor {
    /// Largest Zammad `updated_at` seen by the last successful run.
    pub zammad: Option<chrono::DateTime<chrono::Utc>>,
    /// Kimai server time at the end of the last successful run (for `modified_after`).
    pub kimai: Option<chrono::DateTime<chrono::Utc>>,
    pub last_full_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn parse_ts(s: Option<String>) -> Option<chrono::DateTime<chrono::Utc>> {
    s.and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&chrono::Utc))
}

impl Store {
    pub fn sync_cursor(&self, pair: Pair) -> super::Result<SyncCursor> {
        let row = self
            .conn()
            .query_row(
                "SELECT zammad_cursor, kimai_cursor, last_full_at FROM sync_state \
                 WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2",
                params![pair.zammad.0, pair.kimai.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(match row {
            Some((z, k, f)) => SyncCursor {
                zammad: parse_ts(z),
                kimai: parse_ts(k),
                last_full_at: parse_ts(f),
            },
            None => SyncCursor::default(),
        })
    }

    pub fn set_sync_cursor(&self, pair: Pair, cursor: &SyncCursor) -> super::Result<()> {
        let t = |d: Option<chrono::DateTime<chrono::Utc>>| d.map(super::ts_text);
        self.conn().execute(
            "INSERT INTO sync_state (zammad_connector_id, kimai_connector_id, zammad_cursor, \
               kimai_cursor, last_full_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (zammad_connector_id, kimai_connector_id) DO UPDATE SET \
               zammad_cursor = excluded.zammad_cursor, kimai_cursor = excluded.kimai_cursor, \
               last_full_at = excluded.last_full_at",
            params![
                pair.zammad.0,
                pair.kimai.0,
                t(cursor.zammad),
                t(cursor.kimai),
                t(cursor.last_full_at)
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ConnectorId;

    /// A store as V9 left it, with a `take-zammad` row: opening it converts the row.
    #[test]
    fn v11_turns_the_take_zammad_sentinel_into_the_flag() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            super::super::embedded::migrations::runner()
                .set_target(refinery::Target::Version(9))
                .run(&mut conn)
                .unwrap();
            // Rows only, no connectors or runs behind them.
            conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
            let row = |entry: i64, fp: &str| {
                conn.execute(
                    "INSERT INTO ledger (zammad_connector_id, kimai_connector_id, zammad_entry_id, \
                     kimai_timesheet_id, state, source_fingerprint, created_at, updated_at) \
                     VALUES (1, 2, ?1, 50, 'synced', ?2, 't', 't')",
                    params![entry, fp],
                )
                .unwrap();
            };
            row(7, "take-zammad");
            row(8, "abc123");
            let before = r#"{"entry":7,"timesheet":50,"state":"synced","ticket":null,"source_fingerprint":"take-zammad","target_fingerprint":null,"target_snapshot":null,"source_updated_at":null,"sent_at":null}"#;
            conn.execute(
                "INSERT INTO run_changes (run_id, zammad_connector_id, kimai_connector_id, \
                 zammad_entry_id, kimai_timesheet_id, action, ledger_before, recorded_at) \
                 VALUES ('r1', 1, 2, 7, 50, 'update', ?1, 't')",
                [before],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let pair = Pair {
            zammad: ConnectorId(1),
            kimai: ConnectorId(2),
        };
        let forced = store.ledger_row(pair, ZammadEntryId(7)).unwrap().unwrap();
        assert!(forced.force_write);
        assert_eq!(forced.source_fingerprint, None);
        let plain = store.ledger_row(pair, ZammadEntryId(8)).unwrap().unwrap();
        assert!(!plain.force_write);
        assert_eq!(plain.source_fingerprint.as_deref(), Some("abc123"));
        let kept = store
            .run_changes("r1")
            .unwrap()
            .remove(0)
            .ledger_before
            .unwrap();
        assert!(kept.force_write);
        assert_eq!(kept.source_fingerprint, None);
    }

    #[test]
    fn the_flag_round_trips_and_a_source_fingerprint_ends_it() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("db")).unwrap();
        store
            .raw()
            .execute_batch("PRAGMA foreign_keys = OFF")
            .unwrap();
        let pair = Pair {
            zammad: ConnectorId(1),
            kimai: ConnectorId(2),
        };
        let mut row = LedgerRow::new(ZammadEntryId(7), LedgerState::Synced);
        row.set_source_fingerprint("abc".into());
        row.mark_force_write();
        store.ledger_put(pair, &row, None).unwrap();
        assert_eq!(
            store.ledger_row(pair, row.entry).unwrap(),
            Some(row.clone())
        );
        assert_eq!(row.source_fingerprint, None);
        row.set_source_fingerprint("def".into());
        store.ledger_put(pair, &row, None).unwrap();
        let back = store.ledger_row(pair, row.entry).unwrap().unwrap();
        assert!(!back.force_write);
        assert_eq!(back.source_fingerprint.as_deref(), Some("def"));
    }
}
