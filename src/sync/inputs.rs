//! What a plan depends on, recorded with it, and checked again before a plan made earlier
//! (a plan file, the confirmation prompt) is applied.
//!
//! Applying re-reads only what the plan names, not everything a sync reads:
//! - its Zammad entries, through their tickets' time accounting lists (one request per
//!   ticket; Zammad has no read by entry id). An entry missing from Zammad stays missing
//!   (ids are never reused), so entries the plan takes for deleted are not read again;
//! - its Kimai timesheets (updated, deleted, linked, duplicates, conflicts) by id, or with
//!   one listing of syncd's timesheets when it names more than [`BY_ID_LIMIT`];
//! - the ledger rows of its entries (another run applied one of them), the mappings its
//!   entries use, and the settings that shape a plan.

use super::SyncEnv;
use super::connect::Connected;
use super::fetch::{self, TargetScope};
use super::mapping_key::{CustomerKey, MappingKey};
use super::mapping_source::MappingSource;
use super::model::Mappings;
use super::model::{SourceEntry, TimesheetView};
use super::plan::{KimaiTimesheets, Op, Plan};
use super::prepare::Prepared;
use super::session::Session;
use crate::config::ProjectPolicy;
use crate::error::Error;
use crate::http::ApiErrorKind;
use crate::ids::*;
use crate::store::{LedgerRow, MappingKind};
use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Above this many timesheets, one listing of syncd's timesheets is cheaper than a read
/// per id.
pub(crate) const BY_ID_LIMIT: usize = 50;

/// The inputs a plan was computed from, as fingerprints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    /// Zammad entries the plan names.
    pub entries: Vec<EntryInput>,
    /// Kimai timesheets the plan names, as read.
    pub timesheets: Vec<TimesheetInput>,
    /// The ledger rows of the entries the plan names (`None`: no row).
    pub ledger: Vec<LedgerInput>,
    /// The mappings those entries use (`None`: not mapped).
    pub mappings: Vec<MappingInput>,
    /// The settings that shape a plan (`sync.*`, the Zammad unit, the Kimai API user).
    pub settings: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryInput {
    pub id: ZammadEntryId,
    pub ticket: TicketId,
    pub ticket_number: String,
    pub fingerprint: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimesheetInput {
    pub id: KimaiTimesheetId,
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerInput {
    pub entry: ZammadEntryId,
    /// `state`, timesheet and fingerprints of the row, hashed; `None`: no row.
    pub row: Option<String>,
    /// The row's state, for messages.
    pub state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingInput {
    pub kind: String,
    pub source_key: String,
    pub target: Option<i64>,
}

/// What [`capture`] reads.
pub(crate) struct Sources<'a> {
    pub plan: &'a Plan,
    pub entries: &'a [SourceEntry],
    pub kimai: &'a KimaiTimesheets,
    pub ledger: &'a HashMap<ZammadEntryId, LedgerRow>,
    pub mappings: &'a Mappings,
    pub conflicted: &'a HashSet<ZammadEntryId>,
    pub settings: BTreeMap<String, String>,
}

/// A ledger row as one value: what another run's write changes.
pub(crate) fn ledger_fingerprint(row: &LedgerRow) -> String {
    super::model::hash(&format!(
        "{}|{}|{}|{}|{}{}",
        row.state.as_str(),
        row.timesheet.map(|t| t.0).unwrap_or(0),
        row.source_fingerprint.as_deref().unwrap_or(""),
        row.target_fingerprint.as_deref().unwrap_or(""),
        row.sent_at.map(|t| t.timestamp_millis()).unwrap_or(0),
        // Only when set, so rows without it keep the value plans saved before V11 hold.
        if row.force_write { "|force_write" } else { "" },
    ))
}

/// The entries a plan names: written, linked, skipped, in conflict, or settled.
fn named_entries(plan: &Plan, conflicted: &HashSet<ZammadEntryId>) -> BTreeSet<ZammadEntryId> {
    plan.items
        .iter()
        .map(|i| i.entry)
        .chain(plan.conflicts.iter().filter_map(|c| c.entry))
        .chain(plan.duplicate_removals.iter().map(|d| d.entry))
        .chain(
            plan.settled
                .iter()
                .copied()
                .filter(|e| conflicted.contains(e)),
        )
        .collect()
}

/// The timesheets a plan names.
fn named_timesheets(plan: &Plan) -> BTreeSet<KimaiTimesheetId> {
    let mut out = BTreeSet::new();
    for i in &plan.items {
        match &i.op {
            Op::Update { timesheet, .. } | Op::Delete { timesheet, .. } => {
                out.insert(*timesheet);
            }
            Op::Link { timesheet } => {
                out.insert(timesheet.id);
            }
            Op::Create { .. } | Op::Skip { .. } => {}
        }
    }
    for d in &plan.duplicate_removals {
        out.insert(d.keep);
        out.extend(d.extra.iter().copied());
    }
    out.extend(plan.conflicts.iter().filter_map(|c| c.timesheet));
    out
}

/// The mapping keys an entry's timesheet depends on, as recorded (kind, key text).
fn mapping_keys(e: &SourceEntry, policy: Option<ProjectPolicy>) -> Vec<(&'static str, String)> {
    let mut keys = vec![
        MappingSource::User(e.agent),
        MappingSource::Customer(CustomerKey::of(e)),
    ];
    keys.extend(e.type_id.map(MappingSource::Activity));
    keys.extend(
        MappingKey::of(e, policy.unwrap_or(ProjectPolicy::PerTicket)).map(MappingSource::Project),
    );
    keys.into_iter()
        .map(|k| (k.kind().as_str(), k.to_string()))
        .collect()
}

/// What a recorded mapping key is mapped to now; a key this syncd cannot read, nothing.
fn mapped(m: &Mappings, kind: &str, key: &str) -> Option<i64> {
    let kind = MappingKind::parse(kind)?;
    MappingSource::parse(kind, key).ok()?.target(m)
}

fn project_policy(settings: &BTreeMap<String, String>) -> Option<ProjectPolicy> {
    settings
        .get("sync.project_policy")
        .and_then(|p| serde_json::from_value(serde_json::Value::String(p.clone())).ok())
}

/// Record what `plan` depends on.
pub(crate) fn capture(s: &Sources<'_>) -> Inputs {
    let named = named_entries(s.plan, s.conflicted);
    let mut by_id: HashMap<ZammadEntryId, &SourceEntry> = HashMap::new();
    for e in s.entries {
        by_id.entry(e.id).or_insert(e);
    }
    let policy = project_policy(&s.settings);
    let mut entries = Vec::new();
    let mut keys: BTreeSet<(&'static str, String)> = BTreeSet::new();
    let mut ledger = Vec::new();
    for id in &named {
        if let Some(e) = by_id.get(id) {
            entries.push(EntryInput {
                id: e.id,
                ticket: e.ticket,
                ticket_number: e.ticket_number.to_string(),
                fingerprint: e.fingerprint(),
                updated_at: e.updated_at,
            });
            keys.extend(mapping_keys(e, policy));
        }
        let row = s.ledger.get(id);
        ledger.push(LedgerInput {
            entry: *id,
            row: row.map(ledger_fingerprint),
            state: row.map(|r| r.state.as_str().to_string()),
        });
    }
    let timesheets = named_timesheets(s.plan)
        .into_iter()
        .filter_map(|t| {
            s.kimai.by_id.get(&t).map(|v| TimesheetInput {
                id: t,
                fingerprint: v.fingerprint(),
            })
        })
        .collect();
    let mappings = keys
        .into_iter()
        .map(|(kind, source_key)| MappingInput {
            target: mapped(s.mappings, kind, &source_key),
            kind: kind.to_string(),
            source_key,
        })
        .collect();
    Inputs {
        entries,
        timesheets,
        ledger,
        mappings,
        settings: s.settings.clone(),
    }
}

/// The settings that shape a plan, as text.
pub(crate) fn settings_of(
    env: &SyncEnv,
    c: &Connected,
    api_user: KimaiUserId,
    api_timezone: chrono_tz::Tz,
) -> BTreeMap<String, String> {
    fn json<T: Serialize>(v: &T) -> String {
        match serde_json::to_value(v).unwrap_or_default() {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => "(none)".into(),
            other => other.to_string(),
        }
    }
    let s = &env.settings.sync;
    BTreeMap::from([
        ("sync.tag".into(), s.tag.clone()),
        ("sync.time_anchor".into(), json(&s.time_anchor)),
        ("sync.project_policy".into(), json(&s.project_policy)),
        ("sync.fixed_project".into(), json(&s.fixed_project)),
        ("sync.default_activity".into(), json(&s.default_activity)),
        (
            "sync.auto_create_activities".into(),
            s.auto_create_activities.to_string(),
        ),
        ("sync.unmapped_user".into(), json(&s.unmapped_user)),
        ("sync.source_deleted".into(), json(&s.source_deleted)),
        (
            "sync.negative_correction".into(),
            json(&s.negative_correction),
        ),
        (
            "sync.no_organization_customer".into(),
            s.no_organization_customer.clone(),
        ),
        (
            "sync.max_change_share".into(),
            s.max_change_share.to_string(),
        ),
        (
            "sync.guard_min_entries".into(),
            s.guard_min_entries.to_string(),
        ),
        ("sync.duplicates".into(), json(&s.duplicates)),
        ("zammad.time_unit".into(), c.unit.to_string()),
        ("zammad.marker_key".into(), c.marker_key.clone()),
        ("kimai.api_user".into(), api_user.to_string()),
        ("kimai.api_user_timezone".into(), api_timezone.to_string()),
    ])
}

/// Check under the lease that nothing `prepared` depends on moved since it was made. A
/// moved input is a usage error (exit 2) listing each one; a server that cannot be read
/// keeps its own error (retryable where it is).
pub(crate) async fn verify(
    env: &SyncEnv,
    session: &Session,
    prepared: &Prepared,
) -> anyhow::Result<()> {
    let c = &session.connected;
    let inputs = &prepared.inputs;
    let mut moved: Vec<String> = Vec::new();

    let (me, tz) = super::prepare::api_user_and_zone(c).await?;
    let now = settings_of(env, c, me.id, tz);
    for (key, was) in &inputs.settings {
        let is = now.get(key).map(String::as_str).unwrap_or("(none)");
        if is != was {
            moved.push(format!("setting {key} changed: {was} → {is}"));
        }
    }

    let entries: Vec<ZammadEntryId> = inputs.ledger.iter().map(|l| l.entry).collect();
    let (mappings, ledger) = session.store.with(|s| {
        anyhow::Ok((
            s.mappings_for_pair(c.pair)?,
            s.ledger_rows_of_entries(c.pair, &entries)?,
        ))
    })?;
    let show = |t: Option<i64>| t.map_or("none".to_string(), |t| format!("Kimai {t}"));
    for m in &inputs.mappings {
        let is = mapped(&mappings, &m.kind, &m.source_key);
        if is != m.target {
            moved.push(format!(
                "mapping {} `{}` changed: {} → {}",
                m.kind,
                m.source_key,
                show(m.target),
                show(is)
            ));
        }
    }
    for l in &inputs.ledger {
        let row = ledger.get(&l.entry);
        if row.map(ledger_fingerprint) != l.row {
            let by = session
                .store
                .with(|s| s.ledger_run_id(c.pair, l.entry))?
                .map(|r| format!("run {r}"))
                .unwrap_or_else(|| "another run or a conflict resolution".into());
            let now_state = row.map_or("no row".to_string(), |r| {
                let ts = r
                    .timesheet
                    .map(|t| format!(", timesheet {t}"))
                    .unwrap_or_default();
                format!("{}{ts}", r.state.as_str())
            });
            moved.push(format!(
                "Zammad entry {}: {by} wrote it since (ledger was {}, now {now_state})",
                l.entry,
                l.state.as_deref().unwrap_or("no row"),
            ));
        }
    }

    moved.extend(entries_moved(c, &inputs.entries).await?);
    moved.extend(timesheets_moved(c, &inputs.timesheets, &ledger).await?);
    if moved.is_empty() {
        return Ok(());
    }
    let n = moved.len();
    Err(Error::usage(format!(
        "the plan is out of date: {n} thing{} it depends on changed since it was made:\n  - {}\n\
         Nothing was applied. Make a new plan (syncd sync --plan-out FILE) and review it again.",
        if n == 1 { "" } else { "s" },
        moved.join("\n  - ")
    ))
    .into())
}

/// Entries edited or deleted in Zammad since, read through their tickets' lists.
async fn entries_moved(c: &Connected, entries: &[EntryInput]) -> anyhow::Result<Vec<String>> {
    let mut by_ticket: BTreeMap<TicketId, Vec<&EntryInput>> = BTreeMap::new();
    for e in entries {
        by_ticket.entry(e.ticket).or_default().push(e);
    }
    let mut moved = Vec::new();
    for (ticket, wanted) in by_ticket {
        let now = match fetch::ticket_entries(&c.zammad, ticket).await {
            Ok(list) => list,
            Err(e) if e.kind == ApiErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot read the time accounting of Zammad ticket id {ticket} to check the plan"
                )));
            }
        };
        let now: HashMap<i64, _> = now.into_iter().map(|e| (e.id, e)).collect();
        for w in wanted {
            let Some(e) = now.get(&w.id.0) else {
                moved.push(format!(
                    "Zammad entry {} (ticket #{}) was deleted",
                    w.id, w.ticket_number
                ));
                continue;
            };
            let fp = super::normalize::raw_fingerprint(e, c.unit)
                .map_err(|m| anyhow::anyhow!("Zammad entry {}: {m}", e.id))?;
            if fp != w.fingerprint {
                moved.push(format!(
                    "Zammad entry {} (ticket #{}) was edited (updated {})",
                    w.id,
                    w.ticket_number,
                    e.updated_at.format("%Y-%m-%d %H:%M:%S UTC")
                ));
            }
        }
    }
    Ok(moved)
}

/// Timesheets edited or deleted in Kimai since.
async fn timesheets_moved(
    c: &Connected,
    timesheets: &[TimesheetInput],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
) -> anyhow::Result<Vec<String>> {
    let mut now: HashMap<KimaiTimesheetId, TimesheetView> = HashMap::new();
    let mut gone: HashSet<KimaiTimesheetId> = HashSet::new();
    if timesheets.len() > BY_ID_LIMIT {
        let read = fetch::target_timesheets(
            &c.kimai,
            &c.marker_key,
            TargetScope::All,
            ledger,
            &HashSet::new(),
            // A complete read keeps every marked timesheet: nothing unmarked to look up.
            &mut |_| Ok(HashSet::new()),
        )
        .await
        .context("cannot read timesheets from Kimai to check the plan")?;
        gone.extend(read.missing);
        now = read.by_id;
    }
    let mut moved = Vec::new();
    for t in timesheets {
        let view = match now.get(&t.id) {
            Some(v) => Some(v.clone()),
            None if gone.contains(&t.id) => None,
            // Not listed (or not listed at all): by id, as its marker may be gone.
            None => read_one(c, t.id).await?,
        };
        match view {
            None => moved.push(format!("Kimai timesheet {} was deleted", t.id)),
            Some(v) if v.fingerprint() != t.fingerprint => {
                moved.push(format!("Kimai timesheet {} was edited", t.id))
            }
            Some(_) => {}
        }
    }
    Ok(moved)
}

async fn read_one(c: &Connected, id: KimaiTimesheetId) -> anyhow::Result<Option<TimesheetView>> {
    match c.kimai.timesheet(id).await {
        Ok(t) => Ok(Some(fetch::view_of(&t))),
        Err(e) if e.kind == ApiErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "cannot read Kimai timesheet {id} to check the plan"
        ))),
    }
}
