//! `syncd check`: compare Zammad and Kimai without writing anything, for monitoring. Not a
//! run: no lease, no run row. It plans as a sync would (reading every timesheet syncd made
//! in Kimai), and reports as drift what a sync would still have to do or could not do:
//! timesheets to create, update or delete, duplicates, conflicts, creates waiting to settle,
//! and the open conflicts in the store. With totals per customer and month (Zammad minutes
//! against the minutes of their Kimai timesheets) so an admin sees at a glance that a month
//! agrees.

use super::plan::Op;
use super::prepare::{Prepared, Read};
use super::{Counts, SyncEnv, SyncRequest};
use crate::conflicts::Status;
use crate::ids::*;
use crate::store::conflicts::ConflictFilter;
use crate::store::{LedgerState, Pair, Store};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What to check.
#[derive(Debug, Clone, Default)]
pub(crate) struct CheckRequest {
    /// Every Zammad entry (finds deletions); otherwise entries created since `since`.
    pub full: bool,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub zammad: Option<String>,
    pub kimai: Option<String>,
}

/// One difference between the two sides (or with the store).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    /// `create`, `update`, `delete`, `duplicate`, `conflict` or `unsettled`.
    pub kind: &'static str,
    pub entry: Option<ZammadEntryId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timesheet: Option<KimaiTimesheetId>,
    /// Conflicts: the reason code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// An open conflict in the store (its id), or one a sync would record now (none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Zammad minutes against Kimai minutes for one customer and month.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Total {
    pub customer: String,
    /// `2026-11`, in the Kimai API user's timezone.
    pub month: String,
    /// Synced entries, and their minutes on each side.
    pub entries: u64,
    pub zammad_minutes: i64,
    pub kimai_minutes: i64,
    /// Kimai minus Zammad (Kimai's rounding rule shows here, too).
    pub difference: i64,
    /// Entries with time that have no timesheet (yet), and their minutes.
    pub not_synced: u64,
    pub not_synced_minutes: i64,
}

/// The result of a check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub in_sync: bool,
    /// 0 in sync, 3 drift or open conflicts.
    pub exit: u8,
    pub checked_at: DateTime<Utc>,
    pub full: bool,
    /// Entries created from (and before) these times were compared and totalled.
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Distinct entries (or timesheets) that differ or wait in a conflict: the daemon's
    /// `syncd_drifted_entries` gauge.
    pub drifted_entries: u64,
    pub drift: Vec<Drift>,
    /// Open conflicts in the store, by reason.
    pub open_conflicts: BTreeMap<String, u64>,
    pub totals: Vec<Total>,
    /// What a sync would do now.
    pub counts: Counts,
}

/// The first instant of last month in UTC, less a day: the start of last month in any
/// timezone is read.
fn last_month_start(now: DateTime<Utc>) -> (DateTime<Utc>, chrono::NaiveDate) {
    use chrono::{Datelike, NaiveDate};
    let (y, m) = if now.month() == 1 {
        (now.year() - 1, 12)
    } else {
        (now.year(), now.month() - 1)
    };
    let first = NaiveDate::from_ymd_opt(y, m, 1).expect("first of a month");
    let at = first.and_hms_opt(0, 0, 0).expect("midnight").and_utc() - chrono::Duration::days(1);
    (at, first)
}

/// Run a check. Errors mean the check could not be made (the CLI exits 75). Without
/// `--full` or `--since`, entries created since the first of last month are compared (so
/// this month and last month are totalled), with every change since the last sync.
pub(crate) async fn check(env: &SyncEnv, req: &CheckRequest) -> anyhow::Result<CheckReport> {
    let default_window = !req.full && req.since.is_none();
    let (read_since, first_month) = if default_window {
        let (at, first) = last_month_start(Utc::now());
        (Some(at), Some(first.format("%Y-%m").to_string()))
    } else {
        (req.since, None)
    };
    let sync = SyncRequest {
        full: req.full,
        dry_run: true,
        since: read_since,
        until: req.until,
        zammad: req.zammad.clone(),
        kimai: req.kimai.clone(),
        check: true,
        ..SyncRequest::default()
    };
    let prepared = super::engine::prepare_only(env, &sync).await?;
    let store = Store::open(&env.db_path)?;
    let mut r = report(&store, &prepared, req, first_month.as_deref())?;
    if let Some(first) = &first_month {
        // Shown as the start of the months totalled.
        r.since = chrono::NaiveDate::parse_from_str(&format!("{first}-01"), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc());
    }
    Ok(r)
}

fn report(
    store: &Store,
    p: &Prepared,
    req: &CheckRequest,
    first_month: Option<&str>,
) -> anyhow::Result<CheckReport> {
    let pair = Pair {
        zammad: p.connectors.zammad.id,
        kimai: p.connectors.kimai.id,
    };
    let read = p
        .read
        .as_deref()
        .ok_or_else(|| anyhow::anyhow!("a check keeps what it read"))?;
    let mut drift = plan_drift(p);
    let open: Vec<_> = store
        .list_conflicts(&ConflictFilter {
            status: Some(Status::Open),
            ..Default::default()
        })?
        .into_iter()
        .filter(|c| c.zammad_connector_id == pair.zammad.0 && c.kimai_connector_id == pair.kimai.0)
        .collect();
    // A conflict a sync would raise again is the open one.
    let known: HashSet<(Option<i64>, String)> = open
        .iter()
        .map(|c| (c.zammad_entry_id, c.reason.to_string()))
        .collect();
    drift.retain(|d| {
        d.kind != "conflict"
            || !known.contains(&(d.entry.map(|e| e.0), d.reason.clone().unwrap_or_default()))
    });
    for c in &open {
        drift.push(Drift {
            kind: "conflict",
            entry: c.zammad_entry_id.map(ZammadEntryId),
            ticket_number: c.ticket_number.clone(),
            timesheet: c.kimai_timesheet_id.map(KimaiTimesheetId),
            reason: Some(c.reason.to_string()),
            conflict_id: Some(c.id),
            detail: c.detail.clone(),
        });
    }
    for row in read.ledger.values() {
        if row.state == LedgerState::Pending {
            drift.push(Drift {
                kind: "unsettled",
                entry: Some(row.entry),
                ticket_number: None,
                timesheet: None,
                reason: None,
                conflict_id: None,
                detail: Some("a create whose answer was unclear; the next sync settles it".into()),
            });
        }
    }
    let drifted: BTreeSet<(Option<i64>, Option<i64>)> = drift
        .iter()
        .map(|d| match d.entry {
            Some(e) => (Some(e.0), None),
            None => (None, d.timesheet.map(|t| t.0)),
        })
        .collect();
    let in_sync = drift.is_empty();
    Ok(CheckReport {
        in_sync,
        exit: if in_sync { 0 } else { 3 },
        checked_at: Utc::now(),
        full: req.full,
        since: req.since,
        until: req.until,
        drifted_entries: drifted.len() as u64,
        drift,
        open_conflicts: store.open_conflicts_by_reason(Some(pair))?,
        totals: totals(read, p.kimai.timezone)
            .into_iter()
            .filter(|t| first_month.is_none_or(|f| t.month.as_str() >= f))
            .collect(),
        counts: p.counts(),
    })
}

/// What a sync would write or raise.
fn plan_drift(p: &Prepared) -> Vec<Drift> {
    let mut out = Vec::new();
    for i in &p.plan.items {
        let (kind, timesheet, detail) = match &i.op {
            Op::Create { .. } => ("create", None, "not in Kimai"),
            Op::Update { timesheet, .. } => (
                "update",
                Some(*timesheet),
                "changed in Zammad since it was synced",
            ),
            Op::Delete { timesheet, .. } => (
                "delete",
                Some(*timesheet),
                "deleted in Zammad, still in Kimai",
            ),
            Op::Link { .. } | Op::Skip { .. } => continue,
        };
        out.push(Drift {
            kind,
            entry: Some(i.entry),
            ticket_number: i.ticket_number.as_deref().map(str::to_string),
            timesheet,
            reason: None,
            conflict_id: None,
            detail: Some(detail.into()),
        });
    }
    for d in &p.plan.duplicate_removals {
        out.push(Drift {
            kind: "duplicate",
            entry: Some(d.entry),
            ticket_number: None,
            timesheet: Some(d.keep),
            reason: Some("duplicate-marker".into()),
            conflict_id: None,
            detail: Some(format!(
                "{} extra timesheet(s) carry its marker",
                d.extra.len()
            )),
        });
    }
    for c in &p.plan.conflicts {
        out.push(Drift {
            kind: "conflict",
            entry: c.entry,
            ticket_number: c.ticket_number.clone(),
            timesheet: c.timesheet,
            reason: Some(c.reason.to_string()),
            conflict_id: None,
            detail: c.detail.clone(),
        });
    }
    out
}

/// Per customer and month: the synced entries' minutes on both sides, and what is not
/// synced. Only entries in the window that was read completely count.
fn totals(read: &Read, tz: chrono_tz::Tz) -> Vec<Total> {
    let mut rows: BTreeMap<(String, String), Total> = BTreeMap::new();
    // A timesheet shortened by a net correction carries two entries: count it once.
    let mut counted: HashSet<KimaiTimesheetId> = HashSet::new();
    let mut seen: HashSet<ZammadEntryId> = HashSet::new();
    for e in &read.entries {
        if !seen.insert(e.id)
            || read.complete_from.is_some_and(|f| e.created_at < f)
            || read.until.is_some_and(|u| e.created_at >= u)
        {
            continue;
        }
        let customer = e
            .organization_name
            .as_deref()
            .unwrap_or(&read.no_organization_customer)
            .to_string();
        let month = e.created_at.with_timezone(&tz).format("%Y-%m").to_string();
        let t = rows
            .entry((customer.clone(), month.clone()))
            .or_insert_with(|| Total {
                customer,
                month,
                ..Total::default()
            });
        let row = read.ledger.get(&e.id);
        let view = row
            .filter(|r| r.state == LedgerState::Synced)
            .and_then(|r| r.timesheet)
            .and_then(|ts| read.kimai.by_id.get(&ts));
        match view {
            Some(v) => {
                t.entries += 1;
                t.zammad_minutes += e.minutes;
                if counted.insert(v.id) {
                    t.kimai_minutes += v.duration_minutes().unwrap_or(0);
                }
            }
            None => {
                let held = row.is_some_and(|r| {
                    matches!(
                        r.state,
                        LedgerState::Ignored | LedgerState::Undone | LedgerState::Skipped
                    )
                });
                if e.minutes != 0 && !held {
                    t.not_synced += 1;
                    t.not_synced_minutes += e.minutes;
                }
            }
        }
    }
    rows.into_values()
        .map(|mut t| {
            t.difference = t.kimai_minutes - t.zammad_minutes;
            t
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn last_month_covers_every_timezone() {
        let now = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let (at, first) = last_month_start(now);
        assert_eq!(first.to_string(), "2025-12-01");
        assert_eq!(at.to_rfc3339(), "2025-11-30T00:00:00+00:00");
        let (_, first) = last_month_start(Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap());
        assert_eq!(first.to_string(), "2026-10-01");
    }
}
