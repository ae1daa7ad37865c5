//! The planner: a pure function from what both sides hold to what must change.
//! No I/O here; `--dry-run` prints exactly this value.

use super::marker;
use super::matching::{self, Found};
use super::model::{Desired, Ref, SourceEntry, TimesheetView};
use super::rounding::{RoundingSeen, TargetChange, target_change};
use super::wallclock;
use crate::config::{
    DuplicatesPolicy, NegativeCorrectionPolicy, ProjectPolicy, SourceDeletedPolicy, TimeAnchor,
    UnmappedUserPolicy,
};
use crate::conflicts::Reason;
use crate::ids::*;
use crate::store::conflicts::NewConflict;
use crate::store::{LedgerRow, LedgerState};
use crate::sync::Counts;
use chrono::{DurationRound, TimeDelta};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Settings the planner needs, resolved (ids, not names).
#[derive(Debug, Clone)]
pub struct Policy {
    pub marker_key: String,
    pub tag: String,
    pub anchor: TimeAnchor,
    /// Kimai API user's timezone: how POSTed wall-clock times are read.
    pub timezone: Tz,
    pub api_user: i64,
    pub project_policy: ProjectPolicy,
    pub fixed_project: Option<i64>,
    pub default_activity: Option<i64>,
    pub auto_create_activities: bool,
    pub unmapped_user: UnmappedUserPolicy,
    pub source_deleted: SourceDeletedPolicy,
    pub negative_correction: NegativeCorrectionPolicy,
    pub no_organization_customer: String,
    pub max_change_share: f64,
    pub guard_min_entries: usize,
    pub force: bool,
    /// How Kimai was seen rounding times: moves it explains are not a person's edits.
    pub rounding: RoundingSeen,
    pub duplicates: DuplicatesPolicy,
}

/// Stored mappings of one pair (Kimai ids by Zammad key).
#[derive(Debug, Clone, Default)]
pub struct Mappings {
    pub activity: HashMap<i64, i64>,
    pub customer: HashMap<String, i64>,
    pub project: HashMap<String, i64>,
    pub user: HashMap<i64, i64>,
}

/// A Kimai customer, project or activity as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogItem {
    pub id: i64,
    pub name: String,
    pub comment: Option<String>,
    pub number: Option<String>,
    /// Project: its customer. Activity: its project (None = global).
    pub parent: Option<i64>,
    /// Kimai offers it for new timesheets: visible (a project's customer too).
    pub visible: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CatalogUser {
    pub id: i64,
    pub username: String,
    pub email: Option<String>,
    pub timezone: Option<String>,
    /// Disabled users are no valid owner of a timesheet.
    pub enabled: bool,
}

/// Kimai's customers, projects, activities and users; only loaded when a mapping is missing.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub loaded: bool,
    pub customers: Vec<CatalogItem>,
    pub projects: Vec<CatalogItem>,
    pub activities: Vec<CatalogItem>,
    /// Empty when the token may not list users.
    pub users: Vec<CatalogUser>,
}

/// Timesheets read from Kimai this run.
#[derive(Debug, Clone, Default)]
pub struct KimaiTimesheets {
    pub by_id: HashMap<KimaiTimesheetId, TimesheetView>,
    /// `by_id` holds every timesheet carrying one of our markers: absence means deleted.
    pub complete: bool,
    /// Ids Kimai answered 404 for.
    pub missing: HashSet<KimaiTimesheetId>,
}

/// What the fetch covered on the Zammad side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// Entries updated since the cursor: absence means nothing.
    Incremental,
    /// Every entry: a ledger row without an entry was deleted in Zammad.
    Full,
    /// Every entry of these tickets.
    Tickets(Vec<TicketId>),
}

pub struct PlanInput<'a> {
    pub entries: &'a [SourceEntry],
    pub coverage: Coverage,
    pub ledger: &'a HashMap<ZammadEntryId, LedgerRow>,
    pub kimai: &'a KimaiTimesheets,
    pub catalog: &'a Catalog,
    pub mappings: &'a Mappings,
    pub policy: &'a Policy,
    /// Entries that exist in Zammad but wait this run (their ticket cannot be read): not
    /// planned, and never taken for deleted.
    pub waiting: &'a HashSet<ZammadEntryId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewActivity {
    pub source_key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCustomer {
    pub source_key: String,
    pub name: String,
    pub number: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewProject {
    pub source_key: String,
    pub name: String,
    pub customer: Ref,
    pub comment: String,
}

/// A mapping found by name, number or email, stored when the plan is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingLink {
    pub kind: String,
    pub source_key: String,
    pub source_name: Option<String>,
    pub target_id: i64,
    pub target_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Create {
        desired: Desired,
    },
    Update {
        timesheet: KimaiTimesheetId,
        owner: i64,
        desired: Desired,
        before: TimesheetView,
    },
    Delete {
        timesheet: KimaiTimesheetId,
        /// The timesheet as read, recorded with the run so it can be undone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<TimesheetView>,
    },
    /// An existing timesheet carries the marker: record it, write nothing to Kimai.
    Link {
        timesheet: TimesheetView,
    },
    /// Nothing to book (zero minutes, or a skipped negative correction).
    Skip {
        why: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub entry: ZammadEntryId,
    pub ticket: Option<TicketId>,
    pub ticket_number: Option<String>,
    #[serde(flatten)]
    pub op: Op,
    #[serde(skip)]
    pub source_fingerprint: Option<String>,
    #[serde(skip)]
    pub source_updated_at: Option<String>,
    /// The Zammad entry, shown with a conflict if Kimai refuses this item (turned into
    /// JSON only then: most items never need it).
    #[serde(skip)]
    pub source: Option<Box<SourceEntry>>,
}

/// Timesheets carrying one entry's marker: the one to keep and the extra copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateCopies {
    pub entry: ZammadEntryId,
    /// The one the ledger links, else the oldest.
    pub keep: KimaiTimesheetId,
    pub extra: Vec<KimaiTimesheetId>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub new_activities: Vec<NewActivity>,
    pub new_customers: Vec<NewCustomer>,
    pub new_projects: Vec<NewProject>,
    pub mapping_links: Vec<MappingLink>,
    pub items: Vec<Item>,
    pub conflicts: Vec<NewConflict>,
    /// Extra copies to delete before the items (`sync.duplicates: delete-extra`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_removals: Vec<DuplicateCopies>,
    /// Entries whose open conflicts no longer apply (they are in sync now).
    #[serde(skip)]
    pub settled: Vec<ZammadEntryId>,
    pub unchanged: u64,
    /// Why the run must not apply (unless --force).
    pub guard: Option<String>,
    /// What the run wants an admin to know (matches refused, intervals moved), once each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

impl Plan {
    /// Add a notice unless it is there already.
    pub fn notice(&mut self, text: String) {
        if !self.notices.contains(&text) {
            self.notices.push(text);
        }
    }
}

impl Plan {
    /// Counts of what applying the plan would do.
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            unchanged: self.unchanged,
            conflicts: self.conflicts.len() as u64,
            ..Counts::default()
        };
        for item in &self.items {
            match item.op {
                Op::Create { .. } => c.created += 1,
                Op::Update { .. } => c.updated += 1,
                Op::Delete { .. } => c.deleted += 1,
                Op::Link { .. } => c.linked += 1,
                Op::Skip { .. } => c.skipped += 1,
            }
        }
        c.customers_created = self.new_customers.len() as u64;
        c.projects_created = self.new_projects.len() as u64;
        c.activities_created = self.new_activities.len() as u64;
        c
    }

    /// Timesheet writes (creates, updates, deletes).
    pub fn writes(&self) -> usize {
        self.items
            .iter()
            .filter(|i| !matches!(i.op, Op::Link { .. } | Op::Skip { .. }))
            .count()
    }
}

/// Kimai refuses `< > " =` in names, and wants 2..=150 characters.
pub fn kimai_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if matches!(c, '<' | '>' | '"' | '=') || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > 150 {
        name = name.chars().take(149).collect::<String>() + "…";
    }
    while name.chars().count() < 2 {
        name.push('_');
    }
    name
}

/// `Kimai customer `Acme` (id 5)`, for refusals.
fn item_label(kind: &'static str) -> impl Fn(&CatalogItem) -> String {
    move |c: &CatalogItem| format!("Kimai {kind} `{}` (id {})", c.name, c.id)
}

/// A conflict's detail, plus why a match by name or email was refused.
fn with_refusal(what: String, refused: Option<String>) -> String {
    match refused {
        Some(why) => format!("{what} ({why})"),
        None => what,
    }
}

/// `[zammad-org-<key>-<id>]`-style reference tokens kept in Kimai comments.
pub fn reference(kind: &str, key: &str, id: &str) -> String {
    format!("[zammad-{kind}-{key}-{id}]")
}

/// Kimai customer numbers are unique (CustomerValidator) and at most 50 characters: the
/// Zammad instance is part of the number, so two instances sharing one Kimai do not
/// collide on `ZAM-<org id>`. A long instance key is shortened with a hash of it.
pub fn customer_number(key: &str, org: &str) -> String {
    let full = format!("ZAM-{key}-{org}");
    if full.chars().count() <= 50 {
        return full;
    }
    use sha1::{Digest, Sha1};
    let digest = Sha1::digest(key.as_bytes());
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let room = 50usize.saturating_sub("ZAM---".len() + hash.len() + org.chars().count());
    let head: String = key.chars().take(room).collect();
    format!("ZAM-{head}-{hash}-{org}")
}

pub fn description(entry: &SourceEntry, key: &str) -> String {
    let mut d = format!(
        "{} #{} {}",
        marker::bracketed(key, entry.id),
        entry.ticket_number,
        entry.ticket_title.trim()
    );
    if !entry.ticket_url.is_empty() {
        d.push('\n');
        d.push_str(&entry.ticket_url);
    }
    d
}

struct Planner<'a> {
    input: &'a PlanInput<'a>,
    plan: Plan,
    new_customer_index: HashMap<String, usize>,
    new_project_index: HashMap<String, usize>,
    new_activity_index: HashMap<String, usize>,
    linked_keys: HashSet<(&'static str, String)>,
    markers: HashMap<ZammadEntryId, Vec<KimaiTimesheetId>>,
}

/// Decide, for every entry in scope, what to do.
pub fn plan(input: &PlanInput<'_>) -> Plan {
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
    };
    let mut seen = HashSet::new();
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
            ticket_number: entry.map(|e| e.ticket_number.clone()),
            customer: entry.map(|e| {
                e.organization_name
                    .clone()
                    .unwrap_or_else(|| self.input.policy.no_organization_customer.clone())
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

    fn interval(
        &self,
        e: &SourceEntry,
    ) -> (
        chrono::DateTime<chrono::Utc>,
        chrono::DateTime<chrono::Utc>,
        i64,
    ) {
        let minute = TimeDelta::minutes(1);
        let anchor = e.created_at.duration_trunc(minute).unwrap_or(e.created_at);
        let len = TimeDelta::minutes(e.minutes.max(0));
        let (begin, end) = match self.input.policy.anchor {
            TimeAnchor::End => (anchor - len, anchor),
            TimeAnchor::Begin => (anchor, anchor + len),
        };
        let (b, en, shift) = wallclock::writable_interval(begin, end, self.input.policy.timezone);
        (b, en, shift.num_minutes())
    }

    fn item(&mut self, e: &SourceEntry, op: Op) {
        self.plan.items.push(Item {
            entry: e.id,
            ticket: Some(e.ticket),
            ticket_number: Some(e.ticket_number.clone()),
            op,
            source_fingerprint: Some(e.fingerprint()),
            source_updated_at: Some(crate::store::ts_text(e.updated_at)),
            source: Some(Box::new(e.clone())),
        });
    }

    fn entry(&mut self, e: &SourceEntry) {
        let ledger = self.input.ledger.get(&e.id);
        if self.duplicates(e, ledger) {
            return;
        }
        match ledger.map(|l| l.state) {
            // Taken back by `runs undo`: left alone until released.
            Some(LedgerState::Ignored | LedgerState::Undone) => {}
            Some(LedgerState::Synced) => self.synced(e, ledger.unwrap()),
            Some(LedgerState::Removed) => {}
            Some(LedgerState::Skipped)
                if ledger.unwrap().source_fingerprint.as_deref() == Some(&e.fingerprint()) =>
            {
                self.plan.unchanged += 1
            }
            // pending (outcome unknown), skipped-but-changed, or never seen.
            _ => self.unlinked(e),
        }
    }

    /// More than one timesheet carries the entry's marker (a double POST, a copy made by
    /// hand). Keeps the one the ledger links (else the oldest): the others become a
    /// `duplicate-marker` conflict, or are deleted with `sync.duplicates: delete-extra`.
    /// True when the entry waits for a person.
    fn duplicates(&mut self, e: &SourceEntry, row: Option<&LedgerRow>) -> bool {
        if row.is_some_and(|r| {
            matches!(
                r.state,
                LedgerState::Ignored | LedgerState::Removed | LedgerState::Undone
            )
        }) {
            return false;
        }
        let Some(ids) = self.markers.get(&e.id).filter(|ids| ids.len() > 1).cloned() else {
            return false;
        };
        let linked = row.and_then(|r| r.timesheet).filter(|t| ids.contains(t));
        let keep = linked.unwrap_or(ids[0]);
        let extra: Vec<KimaiTimesheetId> = ids.iter().copied().filter(|t| *t != keep).collect();
        if self.input.policy.duplicates == DuplicatesPolicy::DeleteExtra {
            self.plan.duplicate_removals.push(DuplicateCopies {
                entry: e.id,
                keep,
                extra,
            });
            self.markers.insert(e.id, vec![keep]);
            return false;
        }
        let all: Vec<String> = ids.iter().map(|t| t.to_string()).collect();
        let why = if linked.is_some() {
            "the one syncd links"
        } else {
            "the oldest"
        };
        let view = self.input.kimai.by_id.get(&keep).cloned();
        self.conflict(
            Reason::DuplicateMarker,
            Some(e),
            view.as_ref(),
            Some(format!(
                "timesheets {} carry the marker of Zammad entry {}; delete-kimai keeps {keep} \
                 ({why}) and deletes the other{}",
                all.join(", "),
                e.id,
                if extra.len() == 1 { "" } else { "s" }
            )),
        );
        true
    }

    /// No timesheet recorded for this entry: link one carrying its marker, or create.
    fn unlinked(&mut self, e: &SourceEntry) {
        if let Some(ids) = self.markers.get(&e.id).cloned() {
            let view = self.input.kimai.by_id[&ids[0]].clone();
            self.item(e, Op::Link { timesheet: view });
            return;
        }
        if e.minutes == 0 {
            self.item(
                e,
                Op::Skip {
                    why: "zero minutes".into(),
                },
            );
            return;
        }
        if e.minutes < 0 {
            match self.input.policy.negative_correction {
                NegativeCorrectionPolicy::Skip => self.item(
                    e,
                    Op::Skip {
                        why: "negative correction skipped".into(),
                    },
                ),
                NegativeCorrectionPolicy::Conflict => {
                    self.conflict(Reason::NegativeCorrection, Some(e), None, None)
                }
                NegativeCorrectionPolicy::Net => self.net_correction(e),
            }
            return;
        }
        match self.desired(e) {
            Ok(desired) => self.item(e, Op::Create { desired }),
            Err((reason, detail)) => self.conflict(reason, Some(e), None, Some(detail)),
        }
    }

    /// The Kimai activity an entry maps to, without planning a new one.
    fn known_activity(&self, e: &SourceEntry) -> Option<i64> {
        let by_type = e.type_id.and_then(|t| {
            self.input.mappings.activity.get(&t.0).copied().or_else(|| {
                let name = e.type_name.as_deref()?.trim();
                self.input
                    .catalog
                    .activities
                    .iter()
                    .find(|a| a.visible && a.parent.is_none() && a.name.eq_ignore_ascii_case(name))
                    .map(|a| a.id)
            })
        });
        by_type.or(self.input.policy.default_activity)
    }

    /// Shorten the latest synced timesheet of the same ticket, agent and type.
    fn net_correction(&mut self, e: &SourceEntry) {
        // An incremental run sees only recent entries: also consider the ledger's synced
        // timesheets of this ticket, matched on the Kimai user and activity the entry
        // maps to (the engine reads those timesheets for negative entries).
        let user = self
            .user(e)
            .ok()
            .map(|u| u.unwrap_or(self.input.policy.api_user));
        let activity = self.known_activity(e);
        let fetched: HashSet<ZammadEntryId> = self.input.entries.iter().map(|o| o.id).collect();
        let mut best: Option<&TimesheetView> = None;
        for row in self.input.ledger.values() {
            if row.state != LedgerState::Synced
                || row.ticket != Some(e.ticket)
                || fetched.contains(&row.entry)
            {
                continue;
            }
            let Some(view) = row.timesheet.and_then(|t| self.input.kimai.by_id.get(&t)) else {
                continue;
            };
            if Some(view.user) == user
                && Some(view.activity) == activity
                && view.duration_minutes().unwrap_or(0) >= -e.minutes
                && best.is_none_or(|b| view.begin > b.begin)
            {
                best = Some(view);
            }
        }
        for other in self.input.entries {
            if other.ticket != e.ticket
                || other.agent != e.agent
                || other.type_id != e.type_id
                || other.minutes <= 0
            {
                continue;
            }
            let Some(row) = self
                .input
                .ledger
                .get(&other.id)
                .filter(|r| r.state == LedgerState::Synced)
            else {
                continue;
            };
            let Some(view) = row.timesheet.and_then(|t| self.input.kimai.by_id.get(&t)) else {
                continue;
            };
            if view.duration_minutes().unwrap_or(0) >= -e.minutes
                && best.is_none_or(|b| view.begin > b.begin)
            {
                best = Some(view);
            }
        }
        match best.cloned() {
            Some(view) => {
                let mut desired = self.desired_from_view(&view);
                desired.end -= TimeDelta::minutes(-e.minutes);
                self.item(e, Op::Update { timesheet: view.id, owner: view.user, desired, before: view });
            }
            None => self.conflict(
                Reason::NegativeCorrection,
                Some(e),
                None,
                Some("no synced timesheet of the same ticket, agent and activity is long enough to shorten".into()),
            ),
        }
    }

    fn desired_from_view(&self, v: &TimesheetView) -> Desired {
        Desired {
            begin: v.begin,
            end: v.end.unwrap_or(v.begin),
            shifted_minutes: 0,
            project: Ref::Existing(v.project),
            activity: Ref::Existing(v.activity),
            user: Some(v.user).filter(|u| *u != self.input.policy.api_user),
            description: v.description.clone(),
            tags: v.tags.clone(),
        }
    }

    fn synced(&mut self, e: &SourceEntry, row: &LedgerRow) {
        let Some(ts) = row.timesheet else {
            return self.unlinked(e);
        };
        let source_changed = row.source_fingerprint.as_deref() != Some(&e.fingerprint());
        let view = self.input.kimai.by_id.get(&ts).cloned();
        let deleted =
            self.input.kimai.missing.contains(&ts) || (view.is_none() && self.input.kimai.complete);
        if deleted {
            let snapshot: Option<TimesheetView> = row
                .target_snapshot
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok());
            self.conflict_on(
                Reason::TargetDeleted,
                Some(e),
                Some(ts),
                snapshot.as_ref(),
                Some(format!("timesheet {ts} no longer exists in Kimai")),
            );
            return;
        }
        let change = view.as_ref().map_or(TargetChange::Same, |v| {
            target_change(row, v, self.input.policy.rounding)
        });
        let target_changed = change == TargetChange::Edited;
        if !source_changed && !target_changed {
            match (change, view) {
                // Kimai re-applied its rounding rule: remember what it holds now.
                (TargetChange::Rounded, Some(v)) => self.item(e, Op::Link { timesheet: v }),
                _ => self.plan.unchanged += 1,
            }
            self.plan.settled.push(e.id);
            return;
        }
        let before = view.clone().or_else(|| {
            row.target_snapshot
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok())
        });
        // `take-zammad` asked to write Zammad's values even onto an exported timesheet
        // (the API user may be allowed to); Kimai's answer decides.
        let forced = row.source_fingerprint.as_deref() == Some(FORCE_WRITE);
        if source_changed && !forced && before.as_ref().is_some_and(|v| v.exported) {
            self.conflict(
                Reason::LockedPeriod,
                Some(e),
                before.as_ref(),
                Some("the timesheet is exported".into()),
            );
            return;
        }
        match (source_changed, target_changed) {
            (true, true) => self.conflict(Reason::BothChanged, Some(e), view.as_ref(), None),
            (false, true) => self.conflict(Reason::TargetEdited, Some(e), view.as_ref(), None),
            _ => {
                if e.minutes <= 0 {
                    self.conflict(
                        Reason::NegativeCorrection,
                        Some(e),
                        before.as_ref(),
                        Some("the entry was changed to zero or negative time".into()),
                    );
                    return;
                }
                match (self.desired(e), before) {
                    (Ok(desired), Some(before)) => self.item(
                        e,
                        Op::Update {
                            timesheet: ts,
                            owner: before.user,
                            desired,
                            before,
                        },
                    ),
                    (Ok(desired), None) => self.item(e, Op::Create { desired }),
                    (Err((reason, detail)), _) => {
                        self.conflict(reason, Some(e), view.as_ref(), Some(detail))
                    }
                }
            }
        }
    }

    /// Is this ledger row's entry judged by [`Planner::deletions`] (absent = deleted)?
    fn deletion_scope(&self, row: &LedgerRow) -> bool {
        match &self.input.coverage {
            Coverage::Incremental => false,
            Coverage::Full => true,
            Coverage::Tickets(ts) => row.ticket.is_some_and(|t| ts.contains(&t)),
        }
    }

    /// Synced timesheets that Kimai returned (as modified) although their Zammad entry is
    /// not in this run: compare them with what syncd last wrote. The engine reads those
    /// entries from Zammad when it can, so this only covers entries it could not read.
    fn target_only_edits(&mut self, seen: &HashSet<ZammadEntryId>) {
        let mut rows: Vec<&LedgerRow> = self
            .input
            .ledger
            .values()
            .filter(|r| r.state == LedgerState::Synced && !seen.contains(&r.entry))
            .filter(|r| !self.deletion_scope(r))
            .filter(|r| {
                r.timesheet
                    .is_some_and(|t| self.input.kimai.by_id.contains_key(&t))
            })
            .collect();
        rows.sort_by_key(|r| r.entry);
        for row in rows {
            let Some(view) = row.timesheet.and_then(|t| self.input.kimai.by_id.get(&t)) else {
                continue;
            };
            match target_change(row, view, self.input.policy.rounding) {
                TargetChange::Same => {}
                TargetChange::Rounded => self.plan.items.push(Item {
                    entry: row.entry,
                    ticket: row.ticket,
                    ticket_number: None,
                    op: Op::Link {
                        timesheet: view.clone(),
                    },
                    source_fingerprint: row.source_fingerprint.clone(),
                    source_updated_at: row.source_updated_at.clone(),
                    source: None,
                }),
                TargetChange::Edited => self.plan.conflicts.push(NewConflict {
                    reason: Reason::TargetEdited,
                    entry: Some(row.entry),
                    timesheet: Some(view.id),
                    ticket_number: None,
                    customer: None,
                    source: None,
                    target: serde_json::to_value(view).ok(),
                    detail: Some(
                        "changed in Kimai after syncd wrote it; its Zammad entry could not be read in this run"
                            .into(),
                    ),
                }),
            }
        }
    }

    /// Ledger rows (and marked timesheets) whose Zammad entry is gone.
    fn deletions(&mut self, seen: &HashSet<ZammadEntryId>) {
        let mut gone: Vec<&LedgerRow> = self
            .input
            .ledger
            .values()
            .filter(|r| {
                r.state == LedgerState::Synced && !seen.contains(&r.entry) && self.deletion_scope(r)
            })
            .collect();
        gone.sort_by_key(|r| r.entry);
        for row in gone {
            let Some(ts) = row.timesheet else { continue };
            let view = self.input.kimai.by_id.get(&ts).cloned();
            if view.is_none()
                && (self.input.kimai.complete || self.input.kimai.missing.contains(&ts))
            {
                // Deleted on both sides: nothing left to do but forget it.
                self.plan.items.push(Item {
                    entry: row.entry,
                    ticket: row.ticket,
                    ticket_number: None,
                    op: Op::Skip {
                        why: "deleted in Zammad and in Kimai".into(),
                    },
                    source_fingerprint: None,
                    source_updated_at: None,
                    source: None,
                });
                continue;
            }
            self.source_deleted(row.entry, row.ticket, ts, view);
        }
        // Timesheets with our marker and neither an entry nor a ledger row (a lost store).
        if self.input.coverage == Coverage::Full && self.input.kimai.complete {
            let mut orphans: Vec<(ZammadEntryId, KimaiTimesheetId)> = self
                .markers
                .iter()
                .filter(|(entry, _)| {
                    !seen.contains(entry) && !self.input.ledger.contains_key(entry)
                })
                .map(|(entry, ids)| (*entry, ids[0]))
                .collect();
            orphans.sort();
            for (entry, ts) in orphans {
                let view = self.input.kimai.by_id.get(&ts).cloned();
                self.source_deleted(entry, None, ts, view);
            }
        }
    }

    fn source_deleted(
        &mut self,
        entry: ZammadEntryId,
        ticket: Option<TicketId>,
        ts: KimaiTimesheetId,
        view: Option<TimesheetView>,
    ) {
        let exported = view.as_ref().is_some_and(|v| v.exported);
        if self.input.policy.source_deleted == SourceDeletedPolicy::Delete && !exported {
            self.plan.items.push(Item {
                entry,
                ticket,
                ticket_number: None,
                op: Op::Delete {
                    timesheet: ts,
                    before: view,
                },
                source_fingerprint: None,
                source_updated_at: None,
                source: None,
            });
        } else {
            let detail = if exported {
                "the Zammad entry was deleted; the timesheet is exported"
            } else {
                "the Zammad entry was deleted"
            };
            self.plan.conflicts.push(NewConflict {
                reason: if exported {
                    Reason::LockedPeriod
                } else {
                    Reason::SourceDeleted
                },
                entry: Some(entry),
                timesheet: Some(ts),
                ticket_number: None,
                customer: None,
                source: None,
                target: view.map(|v| serde_json::to_value(v).unwrap_or_default()),
                detail: Some(detail.into()),
            });
        }
    }

    /// The timesheet an entry should be, creating customer/project/activity references as
    /// needed; `Err` names the conflict that stops it.
    fn desired(&mut self, e: &SourceEntry) -> Result<Desired, (Reason, String)> {
        let activity = self.activity(e)?;
        let user = self.user(e)?;
        let project = self.project(e)?;
        let (begin, end, shifted_minutes) = self.interval(e);
        Ok(Desired {
            begin,
            end,
            shifted_minutes,
            project,
            activity,
            user,
            description: description(e, &self.input.policy.marker_key),
            tags: vec![self.input.policy.tag.clone()],
        })
    }

    fn link(
        &mut self,
        kind: &'static str,
        source_key: String,
        source_name: Option<String>,
        item: &CatalogItem,
    ) {
        if self.linked_keys.insert((kind, source_key.clone())) {
            self.plan.mapping_links.push(MappingLink {
                kind: kind.to_string(),
                source_key,
                source_name,
                target_id: item.id,
                target_name: item.name.clone(),
            });
        }
    }

    fn activity(&mut self, e: &SourceEntry) -> Result<Ref, (Reason, String)> {
        let m = self.input.mappings;
        let mut refused: Option<String> = None;
        if let Some(t) = e.type_id {
            if let Some(id) = m.activity.get(&t.0) {
                return Ok(Ref::Existing(*id));
            }
            if let Some(name) = &e.type_name {
                let same: Vec<CatalogItem> = self
                    .input
                    .catalog
                    .activities
                    .iter()
                    .filter(|a| a.parent.is_none() && a.name.eq_ignore_ascii_case(name.trim()))
                    .cloned()
                    .collect();
                match matching::pick(
                    &same,
                    |a| a.visible,
                    item_label("activity"),
                    "hidden",
                    "by name",
                ) {
                    Found::Usable(a) => {
                        self.link("activity", t.0.to_string(), Some(name.clone()), &a);
                        return Ok(Ref::Existing(a.id));
                    }
                    Found::Refused(why) => refused = Some(why),
                    Found::Nothing => {}
                }
            }
        }
        if let Some(id) = self.input.policy.default_activity {
            return Ok(Ref::Existing(id));
        }
        if self.input.policy.auto_create_activities
            && let (Some(t), Some(name)) = (e.type_id, &e.type_name)
        {
            let key = t.0.to_string();
            let next = self.plan.new_activities.len();
            let idx = *self.new_activity_index.entry(key.clone()).or_insert(next);
            if idx == next {
                self.plan.new_activities.push(NewActivity {
                    source_key: key,
                    name: kimai_name(name),
                });
            }
            return Ok(Ref::New(idx));
        }
        let what = match (&e.type_name, e.type_id) {
            (Some(n), Some(t)) => {
                format!("Zammad activity type `{n}` (id {t}) has no Kimai activity")
            }
            _ => "the entry has no activity type and no default activity is set".to_string(),
        };
        Err((Reason::UnmappedActivity, with_refusal(what, refused)))
    }

    fn user(&mut self, e: &SourceEntry) -> Result<Option<i64>, (Reason, String)> {
        let api_user = self.input.policy.api_user;
        if let Some(id) = self.input.mappings.user.get(&e.agent.0) {
            return Ok(Some(*id).filter(|u| *u != api_user));
        }
        let mut refused: Option<String> = None;
        if let Some(email) = e.agent_email.as_deref().filter(|m| !m.is_empty()) {
            let same: Vec<CatalogUser> = self
                .input
                .catalog
                .users
                .iter()
                .filter(|u| {
                    u.email
                        .as_deref()
                        .is_some_and(|m| m.eq_ignore_ascii_case(email))
                })
                .cloned()
                .collect();
            let label = |u: &CatalogUser| format!("Kimai user {} (id {})", u.username, u.id);
            let found = matching::pick(&same, |u| u.enabled, label, "disabled", "by email");
            if let Found::Refused(why) = &found {
                refused = Some(why.clone());
            }
            if let Some(u) = found.usable() {
                let item = CatalogItem {
                    id: u.id,
                    name: u.username.clone(),
                    comment: None,
                    number: None,
                    parent: None,
                    visible: true,
                };
                self.link(
                    "user",
                    e.agent.0.to_string(),
                    Some(e.agent_name.clone()),
                    &item,
                );
                return Ok(Some(u.id).filter(|u| *u != api_user));
            }
        }
        match self.input.policy.unmapped_user {
            UnmappedUserPolicy::ApiUser => {
                if let Some(why) = refused {
                    self.plan.notice(format!(
                        "{why}; Zammad agent {}'s time is booked as the API user",
                        e.agent_name
                    ));
                }
                Ok(None)
            }
            UnmappedUserPolicy::Conflict => Err((
                Reason::UnmappedUser,
                with_refusal(
                    format!(
                        "Zammad agent {} ({}) has no Kimai user",
                        e.agent_name,
                        e.agent_email.as_deref().unwrap_or("no email")
                    ),
                    refused,
                ),
            )),
        }
    }

    fn customer(&mut self, e: &SourceEntry) -> Result<Ref, (Reason, String)> {
        let key = e
            .organization
            .map(|o| o.0.to_string())
            .unwrap_or_else(|| "none".into());
        if let Some(id) = self.input.mappings.customer.get(&key) {
            return Ok(Ref::Existing(*id));
        }
        let name = kimai_name(
            e.organization_name
                .as_deref()
                .unwrap_or(&self.input.policy.no_organization_customer),
        );
        let reference = reference("org", &self.input.policy.marker_key, &key);
        let catalog = &self.input.catalog.customers;
        let ours: Vec<CatalogItem> = catalog
            .iter()
            .filter(|c| c.comment.as_deref().is_some_and(|x| x.contains(&reference)))
            .cloned()
            .collect();
        let named: Vec<CatalogItem> = catalog
            .iter()
            .filter(|c| c.name.eq_ignore_ascii_case(&name))
            .cloned()
            .collect();
        let found = self.usable_or_refused("customer", &ours, &named, &key)?;
        if let Some(c) = found {
            self.link("customer", key, e.organization_name.clone(), &c);
            return Ok(Ref::Existing(c.id));
        }
        let next = self.plan.new_customers.len();
        let idx = *self.new_customer_index.entry(key.clone()).or_insert(next);
        if idx == next {
            self.plan.new_customers.push(NewCustomer {
                number: customer_number(&self.input.policy.marker_key, &key),
                comment: format!("{reference} Zammad organization"),
                source_key: key,
                name,
            });
        }
        Ok(Ref::New(idx))
    }

    /// A catalog record for `key`: one syncd made (by reference) or one with the same name,
    /// visible only. A hidden one syncd made is not replaced by a second one (its number
    /// or reference would clash): the entry waits, saying how to fix it. A hidden one with
    /// the same name is passed over (a new one is made), with a notice.
    fn usable_or_refused(
        &mut self,
        kind: &'static str,
        ours: &[CatalogItem],
        named: &[CatalogItem],
        key: &str,
    ) -> Result<Option<CatalogItem>, (Reason, String)> {
        let label = item_label(kind);
        match matching::pick(
            ours,
            |c| c.visible,
            &label,
            "hidden",
            "by syncd's reference",
        ) {
            Found::Usable(c) => return Ok(Some(c)),
            Found::Refused(why) => {
                return Err((
                    Reason::TargetRejected,
                    format!(
                        "{why}: unhide it in Kimai, or map Zammad's `{key}` to another one with \
                         `syncd mapping add {kind} --source {key} --target <Kimai {kind} id or name>`"
                    ),
                ));
            }
            Found::Nothing => {}
        }
        let found = matching::pick(named, |c| c.visible, &label, "hidden", "by name");
        if let Some(why) = found.refusal() {
            self.plan
                .notice(format!("{why}; a new Kimai {kind} is created instead"));
        }
        Ok(found.usable())
    }

    fn project(&mut self, e: &SourceEntry) -> Result<Ref, (Reason, String)> {
        let (key, name, reference) = match self.input.policy.project_policy {
            ProjectPolicy::Fixed => {
                return self.input.policy.fixed_project.map(Ref::Existing).ok_or((
                    Reason::TargetRejected,
                    "sync.fixed_project is not set".to_string(),
                ));
            }
            ProjectPolicy::PerTicket => (
                format!("ticket:{}", e.ticket),
                kimai_name(&format!("#{} {}", e.ticket_number, e.ticket_title)),
                reference(
                    "ticket",
                    &self.input.policy.marker_key,
                    &e.ticket.to_string(),
                ),
            ),
            ProjectPolicy::PerCustomer => {
                let org = e
                    .organization
                    .map(|o| o.0.to_string())
                    .unwrap_or_else(|| "none".into());
                (
                    format!("org:{org}"),
                    kimai_name(
                        e.organization_name
                            .as_deref()
                            .unwrap_or(&self.input.policy.no_organization_customer),
                    ),
                    reference("org", &self.input.policy.marker_key, &org),
                )
            }
        };
        if let Some(id) = self.input.mappings.project.get(&key) {
            return Ok(Ref::Existing(*id));
        }
        let customer = self.customer(e)?;
        let catalog = &self.input.catalog.projects;
        let ours: Vec<CatalogItem> = catalog
            .iter()
            .filter(|p| p.comment.as_deref().is_some_and(|c| c.contains(&reference)))
            .cloned()
            .collect();
        let named: Vec<CatalogItem> = match customer {
            Ref::Existing(cid) => catalog
                .iter()
                .filter(|p| p.parent == Some(cid) && p.name.eq_ignore_ascii_case(&name))
                .cloned()
                .collect(),
            Ref::New(_) => Vec::new(),
        };
        let found = self.usable_or_refused("project", &ours, &named, &key)?;
        if let Some(p) = found {
            self.link("project", key, Some(name), &p);
            return Ok(Ref::Existing(p.id));
        }
        let next = self.plan.new_projects.len();
        let idx = *self.new_project_index.entry(key.clone()).or_insert(next);
        if idx == next {
            let comment = format!("{reference} {}", e.ticket_url);
            self.plan.new_projects.push(NewProject {
                source_key: key,
                name,
                customer,
                comment: comment.trim().to_string(),
            });
        }
        Ok(Ref::New(idx))
    }

    /// Refuse runs that would touch an unexpected share of what is synced.
    fn guard(&mut self) {
        if self.input.policy.force {
            return;
        }
        let synced = self
            .input
            .ledger
            .values()
            .filter(|r| r.state == LedgerState::Synced)
            .count();
        if synced < self.input.policy.guard_min_entries.max(1) {
            return;
        }
        let touched = self
            .plan
            .items
            .iter()
            .filter(|i| matches!(i.op, Op::Update { .. } | Op::Delete { .. }))
            .count();
        let share = touched as f64 / synced as f64;
        if share > self.input.policy.max_change_share {
            self.plan.guard = Some(format!(
                "this run would change or delete {touched} of {synced} synced timesheets ({:.0}%, more than sync.max_change_share {:.0}%); \
                 check with --dry-run, then pass --force if this is intended",
                share * 100.0,
                self.input.policy.max_change_share * 100.0
            ));
        }
    }
}

/// Ledger source fingerprint that makes the next sync write Zammad's values over the
/// timesheet (set by the take-zammad resolution).
pub const FORCE_WRITE: &str = "take-zammad";

/// Conflict counts by reason, for summaries.
pub fn conflicts_by_reason(conflicts: &[NewConflict]) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for c in conflicts {
        *m.entry(c.reason.as_str().to_string()).or_insert(0) += 1;
    }
    m
}
