//! A run that reads the whole ledger (`--full`) compares most entries only to find them
//! unchanged. An entry whose Zammad side matches its ledger row is neither enriched nor
//! held whole: its row is set aside as a digest (entry, ticket, what syncd last wrote), and
//! each Kimai page is checked against the digests as it arrives, so only timesheets that
//! differ are kept whole. A full run's memory then grows by tens of bytes per entry of
//! history, not by a kilobyte.

use super::super::fetch::raw_fingerprint;
use super::super::marker;
use super::super::model::TimesheetView;
use super::super::plan::KimaiTimesheets;
use super::super::units::TimeUnit;
use crate::ids::*;
use crate::store::{LedgerRow, LedgerState, Pair, StoreHandle};
use crate::zammad::TimeAccounting;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The entries set aside, by the timesheet the ledger links them to.
#[derive(Debug, Default)]
pub(super) struct Unchanged {
    by_timesheet: HashMap<KimaiTimesheetId, Digest>,
}

#[derive(Debug, Clone, Copy)]
struct Digest {
    entry: ZammadEntryId,
    ticket: TicketId,
    /// The target fingerprint, as a number (it is 20 hex digits).
    written: u128,
}

fn compact(fingerprint: &str) -> Option<u128> {
    u128::from_str_radix(fingerprint, 16).ok()
}

impl Unchanged {
    pub(super) fn len(&self) -> usize {
        self.by_timesheet.len()
    }

    /// The entry `view` books, when Kimai holds it exactly as syncd last wrote it for an
    /// entry set aside (and it carries that entry's marker alone).
    pub(super) fn as_written(
        &self,
        view: &TimesheetView,
        marker_key: &str,
    ) -> Option<ZammadEntryId> {
        let d = self.by_timesheet.get(&view.id)?;
        let same = marker::find(&view.description, marker_key) == [d.entry]
            && compact(&view.fingerprint()) == Some(d.written);
        same.then_some(d.entry)
    }

    /// Entries set aside that a complete read did not confirm: their timesheet was not
    /// returned as written (edited, moved, deleted), or another timesheet carries their
    /// marker too. They are compared in full: their rows are read, their timesheets no
    /// longer count as written, and their entries are read again from Zammad (returned
    /// by ticket).
    pub(super) fn unconfirmed(
        &self,
        kimai: &mut KimaiTimesheets,
        marker_key: &str,
    ) -> BTreeMap<TicketId, HashSet<ZammadEntryId>> {
        let copied: HashSet<ZammadEntryId> = kimai
            .by_id
            .values()
            .flat_map(|v| marker::find(&v.description, marker_key))
            .collect();
        let mut out: BTreeMap<TicketId, HashSet<ZammadEntryId>> = BTreeMap::new();
        for (timesheet, d) in &self.by_timesheet {
            let confirmed = kimai.as_written.get(timesheet) == Some(&d.entry);
            if !confirmed || copied.contains(&d.entry) {
                kimai.as_written.remove(timesheet);
                out.entry(d.ticket).or_default().insert(d.entry);
            }
        }
        out
    }
}

/// Read the whole ledger into `ledger`, setting aside the rows of entries in `raw` that
/// are unchanged on Zammad's side (those entries leave `raw`). Entries stay whole when
/// they are pending or in conflict, when syncd is asked to write them (`take-zammad`), or when a
/// negative correction on their ticket may shorten their timesheet.
pub(super) fn set_aside(
    store: &StoreHandle,
    pair: Pair,
    unit: TimeUnit,
    raw: &mut Vec<TimeAccounting>,
    conflicted: &HashSet<ZammadEntryId>,
    ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
) -> anyhow::Result<Unchanged> {
    let corrected: HashSet<i64> = raw
        .iter()
        .filter(|e| e.time_unit.trim_start().starts_with('-'))
        .map(|e| e.ticket_id)
        .collect();
    let fingerprints: HashMap<ZammadEntryId, u128> = raw
        .iter()
        .filter(|e| !corrected.contains(&e.ticket_id))
        .filter_map(|e| {
            let fp = raw_fingerprint(e, unit).ok()?;
            Some((ZammadEntryId(e.id), compact(&fp)?))
        })
        .collect();
    let mut out = Unchanged::default();
    // Two rows linking one timesheet (not written by syncd, but possible by hand): both
    // are compared in full.
    let mut shared = HashSet::new();
    ledger.clear();
    store.with(|s| -> crate::store::Result<()> {
        s.each_ledger_row_without_snapshots(pair, |row| {
            match digest_of(&row, &fingerprints, conflicted) {
                Some((timesheet, d)) => {
                    if out.by_timesheet.insert(timesheet, d).is_some() {
                        shared.insert(timesheet);
                    }
                }
                None => {
                    ledger.insert(row.entry, row);
                }
            }
        })?;
        if shared.is_empty() {
            return Ok(());
        }
        let linked: Vec<KimaiTimesheetId> = shared.into_iter().collect();
        for t in &linked {
            out.by_timesheet.remove(t);
        }
        ledger.extend(s.ledger_rows_of_timesheets(pair, &linked)?);
        Ok(())
    })?;
    let aside: HashSet<ZammadEntryId> = out.by_timesheet.values().map(|d| d.entry).collect();
    raw.retain(|e| !aside.contains(&ZammadEntryId(e.id)));
    raw.shrink_to_fit();
    Ok(out)
}

/// The digest of a synced row whose entry was read unchanged.
fn digest_of(
    row: &LedgerRow,
    fingerprints: &HashMap<ZammadEntryId, u128>,
    conflicted: &HashSet<ZammadEntryId>,
) -> Option<(KimaiTimesheetId, Digest)> {
    if row.state != LedgerState::Synced || row.force_write || conflicted.contains(&row.entry) {
        return None;
    }
    let read = fingerprints.get(&row.entry)?;
    let source = compact(row.source_fingerprint.as_deref()?)?;
    let written = compact(row.target_fingerprint.as_deref()?)?;
    (source == *read).then_some((
        row.timesheet?,
        Digest {
            entry: row.entry,
            ticket: row.ticket?,
            written,
        },
    ))
}
