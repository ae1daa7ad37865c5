//! Creates whose answer was ambiguous wait `sync.settle_secs` after they were sent; only
//! then does a search decide (link what arrived, create what did not). Real Kimai keeps
//! working on a request long after the client or a proxy gave up, so a search right away
//! finds nothing and a second POST would book the time twice.

use crate::ids::{TicketId, ZammadEntryId};
use crate::store::{Pair, Store};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// When something sent at a given time may be settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettleWindow {
    pub secs: u64,
}

impl SettleWindow {
    pub fn settle_at(&self, sent_at: DateTime<Utc>) -> DateTime<Utc> {
        sent_at + Duration::seconds(self.secs.min(i64::MAX as u64 / 1000) as i64)
    }

    /// The window has passed: a search now sees whatever the server did with it.
    pub fn is_ready(&self, sent_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self.settle_at(sent_at) <= now
    }
}

/// Creates a run leaves unconfirmed: the run exits 75 and says when to try again.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Unsettled {
    /// Timesheets plus references.
    pub count: u64,
    pub timesheets: u64,
    /// Customers, projects, activities and tags.
    pub references: u64,
    /// The earliest time a run can settle one of them.
    pub next_settle_at: Option<DateTime<Utc>>,
    /// From then on, a run can settle all of them.
    pub last_settle_at: Option<DateTime<Utc>>,
    pub settle_secs: u64,
}

impl Unsettled {
    pub fn new(window: SettleWindow) -> Self {
        Unsettled {
            settle_secs: window.secs,
            ..Unsettled::default()
        }
    }

    pub fn add(&mut self, settle_at: DateTime<Utc>, timesheet: bool) {
        self.count += 1;
        if timesheet {
            self.timesheets += 1;
        } else {
            self.references += 1;
        }
        self.next_settle_at = Some(self.next_settle_at.map_or(settle_at, |t| t.min(settle_at)));
        self.last_settle_at = Some(self.last_settle_at.map_or(settle_at, |t| t.max(settle_at)));
    }

    /// One sentence for the run's summary and its error column.
    pub fn sentence(&self) -> String {
        let when = |t: Option<DateTime<Utc>>| {
            t.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_default()
        };
        let what = match (self.timesheets, self.references) {
            (t, 0) => format!("{t} timesheet{}", plural(t)),
            (0, r) => format!("{r} customer, project, activity or tag"),
            (t, r) => format!(
                "{t} timesheet{} and {r} other record{}",
                plural(t),
                plural(r)
            ),
        };
        let range = if self.next_settle_at == self.last_settle_at {
            format!("from {}", when(self.next_settle_at))
        } else {
            format!(
                "from {} (all of them from {})",
                when(self.next_settle_at),
                when(self.last_settle_at)
            )
        };
        format!(
            "{} create{} ({what}) got no clear answer from Kimai and {} not sent again; \
             a sync {range} checks Kimai for {}: it links what arrived and creates what did \
             not (sync.settle_secs = {})",
            self.count,
            plural(self.count),
            if self.count == 1 { "was" } else { "were" },
            if self.count == 1 { "it" } else { "them" },
            self.settle_secs
        )
    }
}

/// Every create of the pair whose outcome is still unknown, with when it can be settled.
pub(crate) fn unsettled_creates(
    store: &Store,
    pair: Pair,
    settle: SettleWindow,
) -> anyhow::Result<Option<Unsettled>> {
    let mut u = Unsettled::new(settle);
    for sent in store.ledger_pending_sent(pair)? {
        u.add(settle.settle_at(sent), true);
    }
    for p in store.pending_creates(pair)? {
        u.add(settle.settle_at(p.sent_at), false);
    }
    Ok((u.count > 0).then_some(u))
}

/// Pending creates whose Zammad entry no longer exists: link the timesheet that arrived
/// (a later full run treats it as deleted in Zammad), or forget the row.
pub(crate) fn settle_gone(
    plan: &mut super::plan::Plan,
    kimai: &super::plan::KimaiTimesheets,
    marker_key: &str,
    gone: &[(ZammadEntryId, Option<TicketId>)],
) {
    for (entry, ticket) in gone {
        let mut found: Vec<_> = kimai
            .by_id
            .values()
            .filter(|v| super::marker::find(&v.description, marker_key).contains(entry))
            .collect();
        found.sort_by_key(|v| v.id);
        let op = match found.first() {
            Some(v) => super::plan::Op::Link {
                timesheet: Box::new((*v).clone()),
            },
            None => super::plan::Op::Skip {
                why: "deleted in Zammad before its create settled; nothing arrived in Kimai".into(),
            },
        };
        plan.items.push(super::plan::Item {
            entry: *entry,
            ticket: *ticket,
            ticket_number: None,
            op,
            source_fingerprint: None,
            source_updated_at: None,
            source: None,
        });
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_and_summary() {
        let w = SettleWindow { secs: 120 };
        let sent: DateTime<Utc> = "2026-11-02T10:00:00Z".parse().unwrap();
        assert!(!w.is_ready(sent, sent + Duration::seconds(119)));
        assert!(w.is_ready(sent, sent + Duration::seconds(120)));
        let mut u = Unsettled::new(w);
        u.add(w.settle_at(sent + Duration::seconds(5)), true);
        u.add(w.settle_at(sent), false);
        assert_eq!((u.count, u.timesheets, u.references), (2, 1, 1));
        assert_eq!(u.next_settle_at, Some(w.settle_at(sent)));
        let s = u.sentence();
        assert!(
            s.starts_with("2 creates (1 timesheet and 1 other record)"),
            "{s}"
        );
        assert!(
            s.contains("from 2026-11-02 10:02:00 UTC (all of them from 2026-11-02 10:02:05 UTC)"),
            "{s}"
        );
        assert!(s.contains("sync.settle_secs = 120"), "{s}");
    }
}
