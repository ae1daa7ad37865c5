//! Entries that wait: an entry whose ticket the token cannot read becomes a
//! `source-unreadable` conflict (never booked with made-up customer or project), and
//! entries waiting for a mapping or a readable ticket are read again once that may have
//! changed, so a mapping added after the conflict settles it on the next sync.

use super::fetch::{Unreadable, ticket_entries};
use super::model::Mappings;
use super::model::SourceEntry;
use crate::conflicts::Reason;
use crate::http::{ApiError, ApiErrorKind};
use crate::ids::*;
use crate::store::conflicts::{ConflictRow, NewConflict};
use crate::store::{LedgerRow, LedgerState};
use crate::zammad::{TimeAccounting, ZammadClient};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Reasons whose entries are read again by incremental runs when they may settle.
const WAITING: [Reason; 3] = [
    Reason::UnmappedUser,
    Reason::UnmappedActivity,
    Reason::SourceUnreadable,
];

/// Open conflicts of an incremental run's pair that a changed mapping or a readable ticket
/// may settle now, by ticket. `fetched` are entries the run reads anyway.
pub(crate) fn to_read_again(
    open: &[ConflictRow],
    mappings: &Mappings,
    default_activity: bool,
    fetched: &HashSet<i64>,
) -> BTreeMap<TicketId, HashSet<i64>> {
    let mut out: BTreeMap<TicketId, HashSet<i64>> = BTreeMap::new();
    for c in open.iter().filter(|c| WAITING.contains(&c.reason)) {
        let Some(entry) = c.zammad_entry_id.filter(|e| !fetched.contains(e)) else {
            continue;
        };
        let Some(src) = c
            .source
            .clone()
            .and_then(|v| serde_json::from_value::<SourceEntry>(v).ok())
        else {
            continue;
        };
        let may_settle = match c.reason {
            Reason::UnmappedUser => mappings.user.contains_key(&src.agent),
            Reason::UnmappedActivity => {
                default_activity
                    || src
                        .type_id
                        .is_some_and(|t| mappings.activity.contains_key(&t))
            }
            _ => true,
        };
        if may_settle {
            out.entry(src.ticket).or_default().insert(entry);
        }
    }
    out
}

/// Add to `raw` the entries of open conflicts that may settle now (incremental runs pass
/// them by once the cursor moved on).
pub(crate) async fn read_settling(
    z: &ZammadClient,
    open: &[ConflictRow],
    mappings: &Mappings,
    default_activity: bool,
    raw: &mut Vec<TimeAccounting>,
) -> Result<(), ApiError> {
    let have: HashSet<i64> = raw.iter().map(|e| e.id).collect();
    let wanted = to_read_again(open, mappings, default_activity, &have);
    if !wanted.is_empty() {
        raw.extend(read_again(z, &wanted).await?);
    }
    Ok(())
}

/// The wanted entries from their tickets' lists. A ticket whose list is refused or gone
/// is left for a full run (its conflicts stay open).
pub(crate) async fn read_again(
    z: &ZammadClient,
    wanted: &BTreeMap<TicketId, HashSet<i64>>,
) -> Result<Vec<TimeAccounting>, ApiError> {
    let mut out = Vec::new();
    for (ticket, ids) in wanted {
        match ticket_entries(z, *ticket).await {
            Ok(entries) => out.extend(entries.into_iter().filter(|e| ids.contains(&e.id))),
            Err(e) if matches!(e.kind, ApiErrorKind::Forbidden | ApiErrorKind::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Conflicts for unreadable entries, and every unreadable entry id (they exist in Zammad,
/// so the planner must not take their timesheets for deleted). An entry synced before
/// and unchanged since has nothing to wait for and gets no conflict.
pub(crate) fn unreadable_conflicts(
    unreadable: &[Unreadable],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
) -> (HashSet<ZammadEntryId>, Vec<NewConflict>) {
    let mut ids = HashSet::new();
    let mut conflicts = Vec::new();
    for u in unreadable {
        let e = &u.entry;
        ids.insert(e.id);
        let settled = ledger.get(&e.id).is_some_and(|r| {
            matches!(r.state, LedgerState::Ignored | LedgerState::Undone)
                || (matches!(r.state, LedgerState::Synced | LedgerState::Skipped)
                    && r.source_fingerprint.as_deref() == Some(&e.fingerprint()))
        });
        if settled {
            continue;
        }
        conflicts.push(NewConflict {
            reason: Reason::SourceUnreadable,
            entry: Some(e.id),
            timesheet: ledger.get(&e.id).and_then(|r| r.timesheet),
            ticket_number: None,
            customer: None,
            source: serde_json::to_value(e).ok(),
            target: None,
            detail: Some(format!(
                "Zammad ticket id {} of entry {}: {}; the entry is booked once it can be read",
                e.ticket, e.id, u.why
            )),
        });
    }
    (ids, conflicts)
}
