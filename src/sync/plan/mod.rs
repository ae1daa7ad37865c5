//! The planner: a pure function from what both sides hold to what must change.
//! No I/O here; `--dry-run` prints exactly this value.
//!
//! Along the data flow: `input` (what it reads) → `entries` (one decision per Zammad
//! entry, with `references` for the customer, project, activity and user it needs) →
//! `deletions` (what is gone) → `guard` (how much is too much) → `output` (the `Plan`).

mod deletions;
mod entries;
mod guard;
mod input;
mod names;
mod output;
#[cfg(test)]
mod props;
mod references;
#[cfg(test)]
mod tests;

pub(crate) use input::*;
pub(crate) use names::*;
pub(crate) use output::*;

use super::mapping_key::MappingKey;
use super::marker;
use super::matching::{self, Found};
use super::model::timestamp_of_text;
use super::model::{Desired, Placement, Ref, Shared, SourceEntry, TimesheetView};
use super::model::{LedgerRow, LedgerState, Mappings, NewConflict};
use super::rounding::{RoundingSeen, TargetChange, target_change};
use super::wallclock;
use crate::config::{
    DuplicatesPolicy, NegativeCorrectionPolicy, ProjectPolicy, SourceDeletedPolicy, TimeAnchor,
    UnmappedUserPolicy,
};
use crate::conflicts::Reason;
use crate::ids::*;
use crate::sync::Counts;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
struct Planner<'a> {
    input: &'a PlanInput<'a>,
    plan: Plan,
    new_customer_index: HashMap<String, usize>,
    new_project_index: HashMap<String, usize>,
    new_activity_index: HashMap<String, usize>,
    linked_keys: HashSet<(&'static str, String)>,
    markers: HashMap<ZammadEntryId, Vec<KimaiTimesheetId>>,
    shape: Shape,
}

/// Decide, for every entry in scope, what to do.
pub(crate) fn plan(input: &PlanInput<'_>) -> Plan {
    let mut markers: HashMap<ZammadEntryId, Vec<KimaiTimesheetId>> = HashMap::new();
    for view in input.kimai.by_id.values() {
        for entry in marker::find(&view.description, &input.policy.marker_key) {
            markers.entry(entry).or_default().push(view.id);
        }
    }
    for ids in markers.values_mut() {
        ids.sort();
    }
    let mut p = Planner {
        input,
        plan: Plan::default(),
        new_customer_index: HashMap::new(),
        new_project_index: HashMap::new(),
        new_activity_index: HashMap::new(),
        linked_keys: HashSet::new(),
        markers,
        shape: Shape::of(input.policy),
    };
    // A first sync makes an item of nearly every entry: room for them once, not doubled.
    let new = input
        .entries
        .iter()
        .filter(|e| !input.ledger.contains_key(&e.id))
        .count();
    if input.policy.compact_creates {
        p.plan.fresh = FreshCreates {
            creates: Vec::with_capacity(new),
            shape: p.shape.clone(),
        };
    } else {
        p.plan.items.reserve_exact(new);
    }
    // Entries a full run set aside, their timesheets as syncd wrote them: unchanged.
    let mut seen: HashSet<ZammadEntryId> = input.kimai.as_written.values().copied().collect();
    p.plan.unchanged += seen.len() as u64;
    for entry in input.entries {
        if seen.insert(entry.id) {
            p.entry(entry);
        }
    }
    p.target_only_edits(&seen);
    seen.extend(input.waiting.iter().copied());
    p.deletions(&seen);
    p.guard();
    p.plan
}

impl<'a> Planner<'a> {
    fn conflict(
        &mut self,
        reason: Reason,
        entry: Option<&SourceEntry>,
        view: Option<&TimesheetView>,
        detail: Option<String>,
    ) {
        self.conflict_on(reason, entry, view.map(|v| v.id), view, detail);
    }

    /// A conflict about a timesheet that may no longer be visible (`view` is what is known).
    fn conflict_on(
        &mut self,
        reason: Reason,
        entry: Option<&SourceEntry>,
        timesheet: Option<KimaiTimesheetId>,
        view: Option<&TimesheetView>,
        detail: Option<String>,
    ) {
        let source = entry.map(|e| {
            let mut v = serde_json::to_value(e).unwrap_or_default();
            if let (Some(obj), Ok(d)) = (v.as_object_mut(), self.desired_for_display(e)) {
                obj.insert("desired".into(), d);
            }
            v
        });
        self.plan.conflicts.push(NewConflict {
            reason,
            entry: entry.map(|e| e.id).or_else(|| {
                view.and_then(|v| {
                    marker::find(&v.description, &self.input.policy.marker_key)
                        .first()
                        .copied()
                })
            }),
            timesheet,
            ticket_number: entry.map(|e| e.ticket_number.to_string()),
            customer: entry.map(|e| {
                e.organization_name
                    .as_deref()
                    .unwrap_or(&self.input.policy.no_organization_customer)
                    .to_string()
            }),
            source,
            target: view.map(|v| serde_json::to_value(v).unwrap_or_default()),
            detail,
        });
    }

    /// begin/end of the desired timesheet, for showing next to Kimai's (no side effects).
    fn desired_for_display(&self, e: &SourceEntry) -> Result<serde_json::Value, ()> {
        let (b, end, _) = self.interval(e);
        Ok(serde_json::json!({ "begin": b, "end": end, "minutes": e.minutes }))
    }

    fn interval(&self, e: &SourceEntry) -> (DateTime<Utc>, DateTime<Utc>, i64) {
        interval_of(e, self.input.policy.anchor, self.input.policy.timezone)
    }

    fn item(&mut self, e: &SourceEntry, op: Op) {
        self.plan.items.push(item_of(e, op));
    }
}

/// An entry's interval (begin, end, minutes moved to be writable): its minutes ending (or
/// beginning) at the minute it was logged, as wall-clock times in `tz` can say it.
pub(crate) fn interval_of(
    e: &SourceEntry,
    anchor: TimeAnchor,
    tz: Tz,
) -> (DateTime<Utc>, DateTime<Utc>, i64) {
    let minute = TimeDelta::minutes(1);
    let at = e.created_at.duration_trunc(minute).unwrap_or(e.created_at);
    let len = TimeDelta::minutes(e.minutes.max(0));
    let (begin, end) = match anchor {
        TimeAnchor::End => (at - len, at),
        TimeAnchor::Begin => (at, at + len),
    };
    let (b, en, shift) = wallclock::writable_interval(begin, end, tz);
    (b, en, shift.num_minutes())
}

/// An entry's item: what to do, with what the ledger records of the entry.
pub(crate) fn item_of(e: &SourceEntry, op: Op) -> Item {
    Item {
        entry: e.id,
        ticket: Some(e.ticket),
        ticket_number: Some(e.ticket_number.clone()),
        op,
        source_fingerprint: Some(e.fingerprint()),
        source_updated_at: Some(e.updated_at),
        source: None,
    }
}

/// Synced rows of a whole ledger (what [`PlanInput::synced`] counts), for tests.
#[cfg(test)]
pub(crate) fn synced(ledger: &HashMap<ZammadEntryId, LedgerRow>) -> usize {
    ledger
        .values()
        .filter(|r| r.state == LedgerState::Synced)
        .count()
}
