//! What the store knows before anything is read: the ledger's pending rows, cursors,
//! mappings, open conflicts, Kimai's cached rules and rounding.

use super::super::model::Mappings;
use super::super::rounding::RoundingSeen;
use super::super::settle::SettleWindow;
use super::super::{rules, server};
use super::Connected;
use crate::ids::*;
use crate::kimai::TimesheetConfig;
use crate::store::{LedgerRow, LedgerState, Store};
use chrono::Utc;
use std::collections::{HashMap, HashSet};

/// What was read from the store before fetching.
pub(super) struct Known {
    /// The pending rows; the rows a run needs are added as it learns which
    /// ([`LedgerRows`]).
    pub ledger: HashMap<ZammadEntryId, LedgerRow>,
    /// Synced rows in the whole ledger (for the guards).
    pub synced: u64,
    /// The ledger holds any row of the pair.
    pub has_rows: bool,
    pub cursor: crate::store::SyncCursor,
    pub mappings: Mappings,
    pub open: Vec<crate::store::conflicts::ConflictRow>,
    pub cached_rules: Option<TimesheetConfig>,
    pub rounding: RoundingSeen,
    /// Entries with open conflicts: a write settles them.
    pub conflicted: HashSet<ZammadEntryId>,
}

pub(super) fn known(store: &Store, c: &Connected) -> anyhow::Result<Known> {
    let pair = c.pair;
    let open = store
        .list_conflicts(&crate::store::conflicts::ConflictFilter {
            status: Some(crate::conflicts::Status::Open),
            ..Default::default()
        })?
        .into_iter()
        .filter(|r| r.zammad_connector_id == pair.zammad.0 && r.kimai_connector_id == pair.kimai.0)
        .collect::<Vec<_>>();
    let conflicted = open_conflicts_entries(&open);
    Ok(Known {
        conflicted,
        ledger: store.ledger_pending_rows(pair)?,
        synced: store.ledger_count(pair, LedgerState::Synced)?,
        has_rows: store.ledger_has_rows(pair)?,
        cursor: store.sync_cursor(pair)?,
        mappings: store.mappings_for_pair(pair)?,
        open,
        cached_rules: rules::cached(store, pair.kimai)?,
        rounding: server::rounding(store, pair.kimai)?,
    })
}

fn open_conflicts_entries(open: &[crate::store::conflicts::ConflictRow]) -> HashSet<ZammadEntryId> {
    open.iter()
        .filter_map(|r| r.zammad_entry_id.map(ZammadEntryId))
        .collect()
}

/// The ledger's pending creates, split by their settle window.
pub(super) struct Pending {
    /// Sent less than `settle_secs` ago: left alone this run.
    pub in_window: HashSet<ZammadEntryId>,
    /// Settled by a marker search this run (sorted), with their tickets.
    pub ready: Vec<(ZammadEntryId, Option<TicketId>)>,
}

/// Pending creates: those sent less than `settle_secs` ago wait (`in_window`); the others
/// (`ready`, sorted) are settled by a marker search this run.
pub(super) fn pending_creates(
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    settle: SettleWindow,
    now: chrono::DateTime<Utc>,
) -> Pending {
    let (in_window, ready): (Vec<_>, Vec<_>) = ledger
        .values()
        .filter(|r| r.state == LedgerState::Pending)
        .partition(|r| r.sent_at.is_some_and(|t| !settle.is_ready(t, now)));
    let in_window = in_window.iter().map(|r| r.entry).collect();
    let mut ready: Vec<_> = ready.iter().map(|r| (r.entry, r.ticket)).collect();
    ready.sort();
    Pending { in_window, ready }
}
