//! Ledger reads for one run: only the rows it needs (of the entries it fetched, of the
//! timesheets Kimai returned, of some tickets, the pending ones), so an incremental run's
//! cost does not grow with the ledger's history.

use super::Store;
use super::ledger::{COLUMNS, LedgerRow, Pair, from_row};
use crate::ids::{KimaiTimesheetId, TicketId, ZammadEntryId};
use rusqlite::params_from_iter;
use std::collections::HashMap;

/// Ids per query: one cached statement serves every batch (the last one is padded).
const BATCH: usize = 256;

impl Store {
    /// Rows of these entries.
    pub fn ledger_rows_of_entries(
        &self,
        pair: Pair,
        entries: &[ZammadEntryId],
    ) -> super::Result<HashMap<ZammadEntryId, LedgerRow>> {
        let ids: Vec<i64> = entries.iter().map(|e| e.0).collect();
        self.ledger_rows_where(pair, "zammad_entry_id", &ids)
    }

    /// Rows linked to these timesheets.
    pub fn ledger_rows_of_timesheets(
        &self,
        pair: Pair,
        timesheets: &[KimaiTimesheetId],
    ) -> super::Result<HashMap<ZammadEntryId, LedgerRow>> {
        let ids: Vec<i64> = timesheets.iter().map(|t| t.0).collect();
        self.ledger_rows_where(pair, "kimai_timesheet_id", &ids)
    }

    /// Rows of entries on these tickets.
    pub fn ledger_rows_of_tickets(
        &self,
        pair: Pair,
        tickets: &[TicketId],
    ) -> super::Result<HashMap<ZammadEntryId, LedgerRow>> {
        let ids: Vec<i64> = tickets.iter().map(|t| t.0).collect();
        self.ledger_rows_where(pair, "ticket_id", &ids)
    }

    /// Every row of a pair without its target snapshot (the larger part of a row): a run
    /// that reads the whole ledger asks for the snapshots it compares with
    /// ([`Store::ledger_rows_of_entries`]).
    pub fn ledger_rows_without_snapshots(
        &self,
        pair: Pair,
    ) -> super::Result<HashMap<ZammadEntryId, LedgerRow>> {
        let mut out = HashMap::new();
        self.each_ledger_row_without_snapshots(pair, |row| {
            out.insert(row.entry, row);
        })?;
        Ok(out)
    }

    /// Every row of a pair without its snapshot, one at a time: the caller keeps what it
    /// needs (a full run sets most rows aside as digests).
    pub fn each_ledger_row_without_snapshots(
        &self,
        pair: Pair,
        mut each: impl FnMut(LedgerRow),
    ) -> super::Result<()> {
        let columns = COLUMNS.replace("target_snapshot", "NULL");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {columns} FROM ledger WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2"
        ))?;
        for row in stmt.query_map([pair.zammad.0, pair.kimai.0], from_row)? {
            each(row?);
        }
        Ok(())
    }

    /// Pending rows (creates whose outcome is not known yet).
    pub fn ledger_pending_rows(
        &self,
        pair: Pair,
    ) -> super::Result<HashMap<ZammadEntryId, LedgerRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ledger WHERE zammad_connector_id = ?1 \
             AND kimai_connector_id = ?2 AND state = 'pending'"
        ))?;
        let rows = stmt.query_map([pair.zammad.0, pair.kimai.0], from_row)?;
        let mut out = HashMap::new();
        for row in rows {
            let row = row?;
            out.insert(row.entry, row);
        }
        Ok(out)
    }

    /// The pair has any ledger row at all.
    pub fn ledger_has_rows(&self, pair: Pair) -> super::Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM ledger WHERE zammad_connector_id = ?1 \
             AND kimai_connector_id = ?2)",
            [pair.zammad.0, pair.kimai.0],
            |r| r.get(0),
        )?)
    }

    /// Rows whose `column` is one of `ids`, in batches.
    fn ledger_rows_where(
        &self,
        pair: Pair,
        column: &str,
        ids: &[i64],
    ) -> super::Result<HashMap<ZammadEntryId, LedgerRow>> {
        let mut out = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let marks = vec!["?"; BATCH].join(", ");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ledger WHERE zammad_connector_id = ? \
             AND kimai_connector_id = ? AND {column} IN ({marks})"
        ))?;
        for chunk in ids.chunks(BATCH) {
            // Padding repeats an id of the batch: IN ignores the repeats.
            let padded = chunk.iter().chain(std::iter::repeat(&chunk[0])).take(BATCH);
            let args = [pair.zammad.0, pair.kimai.0]
                .into_iter()
                .chain(padded.copied());
            for row in stmt.query_map(params_from_iter(args), from_row)? {
                let row = row?;
                out.insert(row.entry, row);
            }
        }
        Ok(out)
    }
}
