//! The ledger rows a run reads: the whole ledger when it judges absence, else only the
//! rows of the entries, tickets and timesheets it read (a routine run's cost does not grow
//! with history).

use super::super::plan::Coverage;
use super::zammad_side::ZammadRead;
use crate::ids::*;
use crate::store::StoreHandle;
use crate::store::{LedgerRow, LedgerState, Store};
use std::collections::{HashMap, HashSet};

/// Reads the ledger rows a run needs into its map, unless it holds the whole ledger.
pub(super) struct LedgerRows<'a> {
    pub store: &'a StoreHandle,
    pub pair: crate::store::Pair,
    pub whole: bool,
}

impl LedgerRows<'_> {
    /// The rows of the Zammad entries read (and of the tickets read whole), or the whole
    /// ledger (which holds the pending rows too).
    pub(super) fn start(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        read: &ZammadRead,
    ) -> anyhow::Result<()> {
        if self.whole {
            *ledger = self
                .store
                .with(|s| s.ledger_rows_without_snapshots(self.pair))?;
            return Ok(());
        }
        let ids: Vec<ZammadEntryId> = read.raw.iter().map(|e| ZammadEntryId(e.id)).collect();
        self.add_entries(ledger, &ids)?;
        if let Coverage::Tickets(ts) = &read.coverage {
            self.add_tickets(ledger, ts)?;
        }
        Ok(())
    }

    /// Add what `read` finds, unless the map holds the whole ledger or nothing is asked.
    fn add(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        asked: bool,
        read: impl FnOnce(&Store) -> crate::store::Result<HashMap<ZammadEntryId, LedgerRow>>,
    ) -> anyhow::Result<()> {
        if !self.whole && asked {
            ledger.extend(self.store.with(read)?);
        }
        Ok(())
    }

    pub(super) fn add_entries(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        ids: &[ZammadEntryId],
    ) -> anyhow::Result<()> {
        self.add(ledger, !ids.is_empty(), |s| {
            s.ledger_rows_of_entries(self.pair, ids)
        })
    }

    pub(super) fn add_tickets(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        tickets: &[TicketId],
    ) -> anyhow::Result<()> {
        self.add(ledger, !tickets.is_empty(), |s| {
            s.ledger_rows_of_tickets(self.pair, tickets)
        })
    }

    pub(super) fn add_timesheets(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        timesheets: &[KimaiTimesheetId],
    ) -> anyhow::Result<()> {
        self.add(ledger, !timesheets.is_empty(), |s| {
            s.ledger_rows_of_timesheets(self.pair, timesheets)
        })
    }

    /// Which of these timesheets the ledger links to a synced row.
    pub(super) fn synced_timesheets(
        &self,
        timesheets: &[KimaiTimesheetId],
    ) -> anyhow::Result<HashSet<KimaiTimesheetId>> {
        let rows = self
            .store
            .with(|s| s.ledger_rows_of_timesheets(self.pair, timesheets))?;
        Ok(rows
            .into_values()
            .filter(|r| r.state == LedgerState::Synced)
            .filter_map(|r| r.timesheet)
            .collect())
    }
}
