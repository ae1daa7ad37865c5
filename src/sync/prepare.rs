//! Prepare: read both sides, normalize and plan, writing nothing. The value it returns is
//! everything applying needs, so a sync, the daemon, the dry run, the confirmation prompt
//! and plan files all apply exactly what was planned.

use super::connect::Connected;
use super::fetch::{self, CacheRows, Enricher, SourceScope, TargetScope};
use super::inputs::{self, Inputs};
use super::model::Mappings;
use super::model::SourceEntry;
use super::plan::{self, Catalog, Coverage, Plan, PlanInput, Policy};
use super::rounding::{self, RoundingSeen, TargetChange};
use super::settle::{self, SettleWindow};
use super::{SyncEnv, SyncRequest, TicketSelector};
use super::{layout, rules, server};
use crate::error::Error;
use crate::ids::*;
use crate::kimai::TimesheetConfig;
use crate::store::{LedgerRow, LedgerState, Store};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// A plan with everything needed to apply it, and the facts it was computed from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Prepared {
    pub scope: Scope,
    pub connectors: Connectors,
    /// The Zammad instance's marker key (`zammad-ta-<key>-<id>`).
    pub marker_key: String,
    pub kimai: KimaiFacts,
    #[serde(with = "super::planfile::plan_record")]
    pub plan: Plan,
    /// Zammad entries read.
    pub fetched: u64,
    /// Tickets Zammad refused to list: reported by the run, which goes on.
    #[serde(default)]
    pub source_errors: Vec<String>,
    /// Entries that had open conflicts: a write settles them.
    #[serde(default)]
    pub conflicted: Vec<ZammadEntryId>,
    pub cursor: CursorMove,
    /// What the plan depends on, to check before applying it later.
    pub inputs: Inputs,
    /// Caches and facts learned while reading, written once the plan is applied.
    #[serde(skip)]
    pub learned: Learned,
    /// What was read, kept for drift checks only.
    #[serde(skip)]
    pub read: Option<Box<Read>>,
}

/// Both sides as a check read them.
#[derive(Debug, Clone)]
pub struct Read {
    pub entries: Vec<SourceEntry>,
    pub kimai: plan::KimaiTimesheets,
    pub ledger: HashMap<ZammadEntryId, LedgerRow>,
    /// Entries created from this time on were all read (None: every entry).
    pub complete_from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub no_organization_customer: String,
}

/// What a run was asked to cover.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scope {
    pub full: bool,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Zammad ticket ids the run was limited to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<i64>,
    /// The ticket as given (`--ticket N`), for the run's scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketSelector>,
    /// The guards were overridden (`--force`).
    #[serde(default)]
    pub force: bool,
}

impl Scope {
    pub fn of(req: &SyncRequest) -> Scope {
        Scope {
            full: req.full,
            since: req.since,
            until: req.until,
            tickets: Vec::new(),
            ticket: req.ticket.clone(),
            force: req.force,
        }
    }

    /// `incremental`, `full`, `ticket:<n>` or `ticket-id:<id>`, as `runs list` shows it.
    pub fn text(&self) -> String {
        match &self.ticket {
            Some(TicketSelector::Id(id)) => format!("ticket-id:{id}"),
            Some(TicketSelector::Number(n)) => format!("ticket:{n}"),
            None if self.full => "full".into(),
            None => "incremental".into(),
        }
    }

    /// `{since, until}` for the run row.
    pub fn window(&self) -> serde_json::Value {
        serde_json::json!({ "since": self.since, "until": self.until })
    }
}

/// The connector pair, as it was when the plan was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connectors {
    pub zammad: ConnectorInfo,
    pub kimai: ConnectorInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectorInfo {
    pub id: ConnectorId,
    pub name: String,
    pub url: String,
}

impl Connectors {
    pub fn of(c: &Connected, zammad_url: &str, kimai_url: &str) -> Connectors {
        Connectors {
            zammad: ConnectorInfo {
                id: c.pair.zammad,
                name: c.zammad_name.clone(),
                url: zammad_url.to_string(),
            },
            kimai: ConnectorInfo {
                id: c.pair.kimai,
                name: c.kimai_name.clone(),
                url: kimai_url.to_string(),
            },
        }
    }
}

/// What Kimai told the run about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KimaiFacts {
    pub api_user: KimaiUserId,
    /// The API user's timezone: how POSTed wall-clock times are read.
    pub timezone: chrono_tz::Tz,
    #[serde(default)]
    pub roles: Vec<String>,
    /// How Kimai was seen rounding times when the plan was made.
    #[serde(default)]
    pub rounding: RoundingSeen,
    /// Kimai's clock just before its timesheets were read: the next incremental run reads
    /// what was modified since.
    pub read_at: Option<DateTime<Utc>>,
    /// Kimai users' timezones, when the user list was read (owners of updated records).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_timezones: Vec<(KimaiUserId, String)>,
    /// Kimai's catalog was read (the user list with it, if the token may).
    #[serde(default)]
    pub users_listed: bool,
}

/// How the incremental cursors move once the plan is applied cleanly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CursorMove {
    /// Largest Zammad `updated_at` read.
    pub zammad: Option<DateTime<Utc>>,
    /// Every entry was compared: the run counts as a full one.
    pub full: bool,
    /// Windowed and ticket runs leave the cursors alone.
    pub allowed: bool,
}

/// Learned while reading; written to the store (caches, connector facts) only when the
/// plan is applied.
#[derive(Debug, Clone, Default)]
pub struct Learned {
    pub caches: CacheRows,
    /// Kimai's version, read now.
    pub version: Option<String>,
    /// Kimai's timesheet rules, read now.
    pub rules: Option<TimesheetConfig>,
    /// The Zammad connector's unit check: its new `unit_check_pending`.
    pub unit_check: Option<(ConnectorId, bool)>,
}

impl Learned {
    /// Write what was learned (under the run's lease).
    pub fn write(&self, store: &Store, kimai: ConnectorId) -> anyhow::Result<()> {
        self.caches.write(store)?;
        if let Some(v) = &self.version {
            server::remember_version(store, kimai, v)?;
        }
        if let Some(r) = &self.rules {
            rules::cache(store, kimai, r)?;
        }
        if let Some((zammad, pending)) = self.unit_check {
            super::unit_guard::record(store, zammad, pending)?;
        }
        Ok(())
    }
}

impl Prepared {
    /// Counts of what applying would do.
    pub fn counts(&self) -> super::Counts {
        let mut c = self.plan.counts();
        c.fetched = self.fetched;
        c
    }

    /// The plan's notices, with Kimai's rounding as seen so far.
    pub fn notices(&self) -> Vec<String> {
        let mut n = self.plan.notices.clone();
        n.extend(self.kimai.rounding.notice());
        n
    }
}

/// What was read from the store before fetching.
struct Known {
    /// The pending rows; the rows a run needs are added as it learns which
    /// ([`LedgerRows`]).
    ledger: HashMap<ZammadEntryId, LedgerRow>,
    /// Synced rows in the whole ledger (for the guards).
    synced: u64,
    /// The ledger holds any row of the pair.
    has_rows: bool,
    cursor: crate::store::SyncCursor,
    mappings: Mappings,
    open: Vec<crate::store::conflicts::ConflictRow>,
    cached_rules: Option<TimesheetConfig>,
    rounding: RoundingSeen,
}

fn known(store: &Store, c: &Connected) -> anyhow::Result<Known> {
    let pair = c.pair;
    let open = store
        .list_conflicts(&crate::store::conflicts::ConflictFilter {
            status: Some(crate::conflicts::Status::Open),
            ..Default::default()
        })?
        .into_iter()
        .filter(|r| r.zammad_connector_id == pair.zammad.0 && r.kimai_connector_id == pair.kimai.0)
        .collect();
    Ok(Known {
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

/// Read both sides and plan. Writes nothing (caches and what Kimai said about itself are
/// carried in `learned`).
/// When the plan is applied: the inputs it depends on are captured only for a plan that
/// waits (a plan file, a prompt), to be checked again under the lease.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applied {
    Now,
    Later,
}

pub(crate) async fn prepare(
    env: &SyncEnv,
    req: &SyncRequest,
    c: &Connected,
    store: &Arc<Mutex<Store>>,
    applied: Applied,
) -> anyhow::Result<Prepared> {
    let pair = c.pair;
    let settings = &env.settings.sync;
    let events = &env.events;
    let settle = SettleWindow {
        secs: settings.settle_secs,
    };
    let Known {
        mut ledger,
        synced: synced_count,
        has_rows,
        cursor,
        mappings,
        open: open_conflicts,
        cached_rules,
        rounding: rounding_seen,
    } = known(&store.lock().expect("store lock"), c)?;
    let mut learned = Learned::default();
    let conflicted: HashSet<ZammadEntryId> = open_conflicts
        .iter()
        .filter_map(|r| r.zammad_entry_id.map(ZammadEntryId))
        .collect();
    let (in_window, ready) = pending_creates(&ledger, settle, Utc::now());
    let (me, api_timezone, roles) = api_user(c, cached_rules.as_ref()).await?;

    // Zammad side.
    let (scope, ticket_run, scope_of_run) =
        source_scope(req, c, settings, has_rows, &cursor).await?;
    events.stage("reading Zammad time accounting");
    let fetched = fetch::source_entries(&c.zammad, &scope)
        .await
        .context("cannot read time accounting from Zammad")?;
    if fetched.empty && !ticket_run && synced_count > 0 && !req.force {
        return Err(anyhow::anyhow!(
            "Zammad returned no time accounting entries at all, but the ledger holds {synced_count} synced entries; \
             refusing to treat them as deleted (check the Zammad connector and token, or pass --force)"
        ));
    }
    // Tickets whose lists Zammad refused: reported, the rest of the run goes on.
    let source_errors = fetched.refused;
    for e in &source_errors {
        tracing::warn!("{e}");
    }
    let mut raw = fetched.entries;
    raw.retain(|e| {
        req.since.is_none_or(|s| e.created_at >= s) && req.until.is_none_or(|u| e.created_at < u)
    });
    let windowed = req.since.is_some() || req.until.is_some();
    // A first sync, or the first after a unit change: refuse a unit the entries contradict.
    learned.unit_check = super::unit_guard::before_sync(
        &store.lock().expect("store lock"),
        pair.zammad,
        &c.zammad_name,
        c.unit,
        &raw.iter().map(|e| e.time_unit.as_str()).collect::<Vec<_>>(),
        req.force,
    )?
    .map(|pending| (pair.zammad, pending));
    // Incremental runs pass entries that wait in a conflict; read those again when a new
    // mapping (or a now readable ticket) may settle them.
    if matches!(scope, SourceScope::Incremental { .. }) {
        let default_activity = settings.default_activity.is_some();
        super::waiting::read_settling(
            &c.zammad,
            &open_conflicts,
            &mappings,
            default_activity,
            &mut raw,
        )
        .await
        .context("cannot read waiting entries from Zammad")?;
    }
    let coverage = if windowed && fetched.coverage == Coverage::Full {
        Coverage::Incremental
    } else {
        fetched.coverage.clone()
    };
    // Tickets of pending creates outside this run's scope (read for them here).
    let outside = if coverage != Coverage::Full {
        read_pending_outside(c, &ready, &mut raw).await?
    } else {
        Vec::new()
    };
    let max_updated = raw.iter().map(|e| e.updated_at).max();
    // The Kimai side is read whole (and every synced row checked) unless a cursor allows
    // reading what was modified since.
    let kimai_since = cursor.kimai.filter(|_| !req.full && !req.check && has_rows);
    // Runs that judge absence (full coverage, a complete Kimai read, drift checks) need
    // the whole ledger; the others only the rows of what they read.
    let whole_ledger = coverage == Coverage::Full || kimai_since.is_none() || req.check;
    let rows = LedgerRows {
        store,
        pair,
        whole: whole_ledger,
    };
    if whole_ledger {
        ledger = store
            .lock()
            .expect("store lock")
            .ledger_rows_without_snapshots(pair)?;
    } else {
        let ids: Vec<ZammadEntryId> = raw.iter().map(|e| ZammadEntryId(e.id)).collect();
        rows.add_entries(&mut ledger, &ids)?;
        if let Coverage::Tickets(ts) = &coverage {
            rows.add_tickets(&mut ledger, ts)?;
        }
    }

    events.stage(format!(
        "reading tickets, agents and types for {} entries",
        raw.len()
    ));
    let enricher = Enricher {
        zammad: &c.zammad,
        store,
        connector: pair.zammad,
        base_url: &c.zammad_url,
        unit: c.unit,
        fetched: Mutex::default(),
    };
    let enriched = enricher.enrich(&raw).await?;
    drop(raw);
    let mut entries = enriched.entries;
    // Negative corrections may shorten an earlier timesheet of the same ticket.
    let mut negative: Vec<TicketId> = entries
        .iter()
        .filter(|e| e.minutes < 0)
        .map(|e| e.ticket)
        .collect();
    negative.sort();
    negative.dedup();
    rows.add_tickets(&mut ledger, &negative)?;
    let (waiting, unreadable_conflicts) =
        super::waiting::unreadable_conflicts(&enriched.unreadable, &ledger);
    let fetched_count = entries.len() as u64;
    // Pending creates still inside their settle window are left alone.
    entries.retain(|e| !in_window.contains(&e.id));
    // Pending creates whose Zammad entry is gone: link what arrived, or forget them.
    let present: HashSet<ZammadEntryId> = entries.iter().map(|e| e.id).collect();
    let gone: Vec<(ZammadEntryId, Option<TicketId>)> = ready
        .iter()
        .filter(|(e, t)| {
            !present.contains(e)
                && !waiting.contains(e)
                && (coverage == Coverage::Full || t.is_some_and(|t| outside.contains(&t)))
        })
        .copied()
        .collect();

    // Kimai side.
    events.stage("reading Kimai");
    let version = server::version(store, pair.kimai, &c.kimai).await?;
    if version.fresh {
        learned.version = version.version.clone();
    }
    // Kimai's clock before the read: an edit made while this run works is read next time.
    let kimai_read_at = c.kimai.server_time();
    let target_scope = match kimai_since {
        // modified_after is inclusive; one second back covers the Date header's rounding.
        Some(k) => TargetScope::ModifiedSince(server::modified_after(
            k - Duration::seconds(1),
            version.version.as_deref(),
            api_timezone,
        )),
        None => TargetScope::All,
    };
    // Entries whose Kimai side must be known exactly: changed in Zammad, or in conflict.
    let seen: HashSet<ZammadEntryId> = entries
        .iter()
        .filter(|e| {
            conflicted.contains(&e.id)
                || ledger
                    .get(&e.id)
                    .is_some_and(|r| r.source_fingerprint.as_deref() != Some(&e.fingerprint()))
        })
        .map(|e| e.id)
        .chain(
            // Negative corrections may shorten an earlier timesheet of the same ticket.
            entries
                .iter()
                .filter(|e| e.minutes < 0 && !ledger.contains_key(&e.id))
                .flat_map(|e| {
                    ledger
                        .values()
                        .filter(move |r| r.ticket == Some(e.ticket))
                        .map(|r| r.entry)
                }),
        )
        .collect();
    let mut kimai_state = fetch::target_timesheets(
        &c.kimai,
        &c.marker_key,
        target_scope,
        &ledger,
        &seen,
        &mut |ids| rows.synced_timesheets(ids),
    )
    .await
    .context("cannot read timesheets from Kimai")?;
    let ready_entries: Vec<ZammadEntryId> = ready.iter().map(|(e, _)| *e).collect();
    fetch::settle_pending(&c.kimai, &c.marker_key, &ready_entries, &mut kimai_state)
        .await
        .context("cannot search Kimai for pending creates")?;
    // The rows of what Kimai returned: a person's edit to any of them is compared.
    let returned: Vec<KimaiTimesheetId> = kimai_state.by_id.keys().copied().collect();
    rows.add_timesheets(&mut ledger, &returned)?;
    if whole_ledger {
        // Snapshots are compared only where Kimai no longer holds what syncd wrote.
        let moved: Vec<ZammadEntryId> = ledger
            .values()
            .filter(|r| {
                r.timesheet.is_some_and(|t| {
                    kimai_state.by_id.get(&t).is_none_or(|v| {
                        r.target_fingerprint.as_deref() != Some(v.fingerprint().as_str())
                    })
                })
            })
            .map(|r| r.entry)
            .collect();
        ledger.extend(
            store
                .lock()
                .expect("store lock")
                .ledger_rows_of_entries(pair, &moved)?,
        );
    }
    // A person's edit in Kimai to a timesheet whose Zammad entry did not change: read that
    // entry too, so it is compared (and a conflict shows both sides).
    let edited = edited_in_kimai(&entries, &ledger, &kimai_state, rounding_seen);
    if !edited.is_empty() {
        entries.extend(entries_of(&c.zammad, &enricher, edited).await?);
    }
    learned.caches = enricher.fetched.into_inner().expect("cache rows");

    let mut policy = Policy {
        marker_key: c.marker_key.clone(),
        tag: settings.tag.clone(),
        anchor: settings.time_anchor,
        timezone: api_timezone,
        api_user: me.id,
        project_policy: settings.project_policy,
        fixed_project: None,
        default_activity: None,
        auto_create_activities: settings.auto_create_activities,
        unmapped_user: settings.unmapped_user,
        source_deleted: settings.source_deleted,
        negative_correction: settings.negative_correction,
        no_organization_customer: settings.no_organization_customer.clone(),
        max_change_share: settings.max_change_share,
        guard_min_entries: settings.guard_min_entries,
        force: req.force,
        rounding: rounding_seen,
        duplicates: settings.duplicates,
    };
    // Ids need no lookup; names are resolved against the catalog.
    let numeric = |v: &Option<String>| v.as_deref().and_then(|v| v.trim().parse::<i64>().ok());
    policy.default_activity = numeric(&settings.default_activity).map(KimaiActivityId);
    policy.fixed_project = numeric(&settings.fixed_project).map(KimaiProjectId);
    let named = (settings.default_activity.is_some() && policy.default_activity.is_none())
        || (settings.fixed_project.is_some() && policy.fixed_project.is_none());
    let mut catalog = Catalog::default();
    // Kimai's catalog is read only when some entry lacks a mapping (first runs, new
    // tickets, agents or types); routine runs skip it.
    let catalog_read = named || needs_catalog(&entries, &ledger, &mappings, &policy);
    if catalog_read {
        catalog = fetch::catalog(&c.kimai)
            .await
            .context("cannot read customers, projects and activities from Kimai")?;
        policy.default_activity = resolve_named(
            settings.default_activity.as_deref(),
            &catalog.activities,
            "sync.default_activity",
        )?
        .map(KimaiActivityId);
        policy.fixed_project = resolve_named(
            settings.fixed_project.as_deref(),
            &catalog.projects,
            "sync.fixed_project",
        )?
        .map(KimaiProjectId);
    }
    let mut the_plan = plan::plan(&PlanInput {
        entries: &entries,
        coverage: coverage.clone(),
        ledger: &ledger,
        kimai: &kimai_state,
        catalog: &catalog,
        mappings: &mappings,
        policy: &policy,
        waiting: &waiting,
        synced: synced_count as usize,
    });
    the_plan.conflicts.extend(unreadable_conflicts);
    settle::settle_gone(&mut the_plan, &kimai_state, &c.marker_key, &gone);

    let writes = the_plan
        .items
        .iter()
        .any(|i| matches!(i.op, plan::Op::Create { .. } | plan::Op::Update { .. }));
    if writes {
        // Fresh rules before writing: Kimai applies them to every save.
        let current = rules::read(&c.kimai)
            .await
            .context("cannot read Kimai's timesheet rules (GET /api/config/timesheet)")?;
        if let Some(r) = &current {
            rules::check(r, &roles)?;
            layout::keep_rules(&c.kimai, &mut the_plan, r, me.id, api_timezone).await?;
        }
        learned.rules = current;
    }
    events.emit(super::events::Event::Planned);

    let inputs = match applied {
        Applied::Later => inputs::capture(&inputs::Sources {
            plan: &the_plan,
            entries: &entries,
            kimai: &kimai_state,
            ledger: &ledger,
            mappings: &mappings,
            conflicted: &conflicted,
            settings: inputs::settings_of(env, c, me.id, api_timezone),
        }),
        Applied::Now => Inputs::default(),
    };
    let read = req.check.then(|| {
        Box::new(Read {
            complete_from: req.since,
            until: req.until,
            no_organization_customer: settings.no_organization_customer.clone(),
            entries: std::mem::take(&mut entries),
            kimai: std::mem::take(&mut kimai_state),
            ledger: std::mem::take(&mut ledger),
        })
    });
    // What apply needs of the entries: those the items book, moved into the plan.
    the_plan.sources = plan::EntrySources::of(entries, &the_plan.items);
    let mut conflicted: Vec<ZammadEntryId> = conflicted.into_iter().collect();
    conflicted.sort();
    let connectors = {
        let s = store.lock().expect("store lock");
        let url = |id: ConnectorId| {
            s.connector_by_id(id)
                .map(|r| r.map(|r| r.base_url).unwrap_or_default())
        };
        Connectors::of(c, &url(pair.zammad)?, &url(pair.kimai)?)
    };
    Ok(Prepared {
        scope: scope_of_run,
        connectors,
        marker_key: c.marker_key.clone(),
        kimai: KimaiFacts {
            api_user: me.id,
            timezone: api_timezone,
            roles,
            rounding: rounding_seen,
            read_at: kimai_read_at,
            user_timezones: catalog
                .users
                .iter()
                .filter_map(|u| Some((u.id, u.timezone.clone()?)))
                .collect(),
            users_listed: catalog_read,
        },
        plan: the_plan,
        fetched: fetched_count,
        source_errors,
        conflicted,
        cursor: CursorMove {
            zammad: max_updated,
            full: req.full || coverage == Coverage::Full,
            allowed: !windowed && !ticket_run,
        },
        inputs,
        learned,
        read,
    })
}

/// Reads the ledger rows a run needs into its map, unless it holds the whole ledger.
struct LedgerRows<'a> {
    store: &'a Arc<Mutex<Store>>,
    pair: crate::store::Pair,
    whole: bool,
}

impl LedgerRows<'_> {
    fn add_entries(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        ids: &[ZammadEntryId],
    ) -> anyhow::Result<()> {
        if !self.whole && !ids.is_empty() {
            let s = self.store.lock().expect("store lock");
            ledger.extend(s.ledger_rows_of_entries(self.pair, ids)?);
        }
        Ok(())
    }

    fn add_tickets(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        tickets: &[TicketId],
    ) -> anyhow::Result<()> {
        if !self.whole && !tickets.is_empty() {
            let s = self.store.lock().expect("store lock");
            ledger.extend(s.ledger_rows_of_tickets(self.pair, tickets)?);
        }
        Ok(())
    }

    fn add_timesheets(
        &self,
        ledger: &mut HashMap<ZammadEntryId, LedgerRow>,
        timesheets: &[KimaiTimesheetId],
    ) -> anyhow::Result<()> {
        if !self.whole && !timesheets.is_empty() {
            let s = self.store.lock().expect("store lock");
            ledger.extend(s.ledger_rows_of_timesheets(self.pair, timesheets)?);
        }
        Ok(())
    }

    /// Which of these timesheets the ledger links to a synced row.
    fn synced_timesheets(
        &self,
        timesheets: &[KimaiTimesheetId],
    ) -> anyhow::Result<HashSet<KimaiTimesheetId>> {
        let s = self.store.lock().expect("store lock");
        Ok(s.ledger_rows_of_timesheets(self.pair, timesheets)?
            .into_values()
            .filter(|r| r.state == LedgerState::Synced)
            .filter_map(|r| r.timesheet)
            .collect())
    }
}

/// Synced timesheets Kimai returned whose Zammad entry is not among `entries` and that a
/// person changed since syncd wrote them, by ticket.
fn edited_in_kimai(
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    kimai: &plan::KimaiTimesheets,
    seen: RoundingSeen,
) -> BTreeMap<TicketId, HashSet<ZammadEntryId>> {
    let read: HashSet<ZammadEntryId> = entries.iter().map(|e| e.id).collect();
    let mut out: BTreeMap<TicketId, HashSet<ZammadEntryId>> = BTreeMap::new();
    for row in ledger.values() {
        if row.state != LedgerState::Synced || read.contains(&row.entry) {
            continue;
        }
        let (Some(ticket), Some(view)) =
            (row.ticket, row.timesheet.and_then(|t| kimai.by_id.get(&t)))
        else {
            continue;
        };
        if rounding::target_change(row, view, seen) == TargetChange::Edited {
            out.entry(ticket).or_default().insert(row.entry);
        }
    }
    out
}

/// These entries, read per ticket from Zammad and enriched. A ticket that cannot be read
/// is left out (the planner still reports the edit, without Zammad's side).
async fn entries_of(
    zammad: &crate::zammad::ZammadClient,
    enricher: &Enricher<'_>,
    wanted: BTreeMap<TicketId, HashSet<ZammadEntryId>>,
) -> anyhow::Result<Vec<SourceEntry>> {
    let mut raw = Vec::new();
    for (ticket, ids) in wanted {
        match fetch::source_entries(zammad, &SourceScope::Tickets(vec![ticket])).await {
            Ok(f) => raw.extend(
                f.entries
                    .into_iter()
                    .filter(|e| ids.contains(&ZammadEntryId(e.id))),
            ),
            Err(e) => tracing::warn!(
                "cannot read the time entries of Zammad ticket {ticket} to compare a Kimai edit: {e}"
            ),
        }
    }
    // Entries of unreadable tickets stay out: the edit is reported without Zammad's side.
    Ok(enricher.enrich(&raw).await?.entries)
}

/// True when some entry that may be written lacks an activity, project or user mapping.
fn needs_catalog(
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    m: &Mappings,
    policy: &Policy,
) -> bool {
    use super::mapping_key::MappingKey;
    entries.iter().any(|e| {
        let settled = ledger.get(&e.id).is_some_and(|r| {
            matches!(r.state, LedgerState::Ignored | LedgerState::Undone)
                || (r.state == LedgerState::Synced
                    && r.source_fingerprint.as_deref() == Some(&e.fingerprint()))
        });
        if settled || e.minutes <= 0 {
            return false;
        }
        let activity = policy.default_activity.is_some()
            || e.type_id.is_some_and(|t| m.activity.contains_key(&t.0));
        let project =
            MappingKey::of(e, policy.project_policy).is_none_or(|k| m.project.contains_key(&k));
        let user = m.user.contains_key(&e.agent.0);
        !(activity && project && user)
    })
}

/// `sync.default_activity` / `sync.fixed_project`: an id, or a name looked up in Kimai.
fn resolve_named(
    value: Option<&str>,
    items: &[plan::CatalogItem],
    key: &str,
) -> anyhow::Result<Option<i64>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(id) = v.parse::<i64>() {
        return Ok(Some(id));
    }
    // A visible record first: Kimai refuses hidden ones for new timesheets.
    items
        .iter()
        .filter(|i| i.name.eq_ignore_ascii_case(v))
        .min_by_key(|i| !i.visible)
        .map(|i| Some(i.id))
        .ok_or_else(|| Error::config(format!("{key}: Kimai has nothing named `{v}`")).into())
}

/// Pending creates: those sent less than `settle_secs` ago wait (`in_window`); the others
/// (`ready`, sorted) are settled by a marker search this run.
fn pending_creates(
    ledger: &HashMap<ZammadEntryId, LedgerRow>,
    settle: SettleWindow,
    now: chrono::DateTime<Utc>,
) -> (
    HashSet<ZammadEntryId>,
    Vec<(ZammadEntryId, Option<TicketId>)>,
) {
    let (in_window, ready): (Vec<_>, Vec<_>) = ledger
        .values()
        .filter(|r| r.state == LedgerState::Pending)
        .partition(|r| r.sent_at.is_some_and(|t| !settle.is_ready(t, now)));
    let in_window = in_window.iter().map(|r| r.entry).collect();
    let mut ready: Vec<_> = ready.iter().map(|r| (r.entry, r.ticket)).collect();
    ready.sort();
    (in_window, ready)
}

/// Kimai's API user, its time zone and roles; refuses at once when cached rules are known
/// to make every write fail, before anything else is read.
async fn api_user(
    c: &Connected,
    cached_rules: Option<&TimesheetConfig>,
) -> anyhow::Result<(crate::kimai::User, chrono_tz::Tz, Vec<String>)> {
    let (me, api_timezone) = api_user_and_zone(c).await?;
    let roles = me.roles.clone().unwrap_or_default();
    if let Some(r) = cached_rules {
        rules::check(r, &roles)?;
    }
    Ok((me, api_timezone, roles))
}

/// Which Zammad entries this run reads: the tickets asked for, everything (`--full`), or
/// what changed since the cursor less the lookback. Also whether it is a ticket run, and
/// the scope as the plan records it.
async fn source_scope(
    req: &SyncRequest,
    c: &Connected,
    settings: &crate::config::SyncSettings,
    has_rows: bool,
    cursor: &crate::store::SyncCursor,
) -> anyhow::Result<(SourceScope, bool, Scope)> {
    let mut tickets: Vec<TicketId> = req.ticket_ids.iter().map(|t| TicketId(*t)).collect();
    match &req.ticket {
        Some(TicketSelector::Id(id)) => tickets.push(TicketId(*id)),
        Some(TicketSelector::Number(n)) => {
            let n = n.trim_start_matches('#');
            let t = c
                .zammad
                .find_ticket_by_number(n)
                .await
                .context("cannot look up the ticket in Zammad")?;
            tickets.push(TicketId(
                t.ok_or_else(|| Error::usage(format!("Zammad has no ticket number {n}")))?
                    .id,
            ));
        }
        None => {}
    }
    tickets.sort();
    tickets.dedup();
    let ticket_run = !tickets.is_empty();
    let mut scope_of_run = Scope::of(req);
    scope_of_run.tickets = tickets.iter().map(|t| t.0).collect();
    let scope = if ticket_run {
        SourceScope::Tickets(tickets)
    } else if req.full {
        SourceScope::Full
    } else {
        let lookback = Duration::minutes(settings.lookback_minutes as i64);
        // With --since, entries updated before it cannot have been created after it.
        // An empty ledger (first run, lost store) reads everything.
        let cursor_time = if !has_rows {
            None
        } else {
            cursor.zammad.map(|c| c - lookback)
        };
        let since_updated = match (cursor_time, req.since) {
            (Some(c), Some(s)) => Some(c.min(s)),
            (c, _) => c,
        };
        SourceScope::Incremental { since_updated }
    };
    Ok((scope, ticket_run, scope_of_run))
}

/// Pending creates outside this run's scope are settled all the same: read the entries of
/// their tickets (only the pending ones are kept). Returns those tickets.
async fn read_pending_outside(
    c: &Connected,
    ready: &[(ZammadEntryId, Option<TicketId>)],
    raw: &mut Vec<crate::zammad::TimeAccounting>,
) -> anyhow::Result<Vec<TicketId>> {
    let read: HashSet<i64> = raw.iter().map(|e| e.id).collect();
    let mut outside: Vec<TicketId> = ready
        .iter()
        .filter(|(e, _)| !read.contains(&e.0))
        .filter_map(|(_, t)| *t)
        .collect();
    outside.sort();
    outside.dedup();
    if outside.is_empty() {
        return Ok(outside);
    }
    let pending: HashSet<i64> = ready.iter().map(|(e, _)| e.0).collect();
    let extra = fetch::source_entries(&c.zammad, &SourceScope::Tickets(outside.clone()))
        .await
        .context("cannot read the tickets of pending creates from Zammad")?;
    raw.extend(
        extra
            .entries
            .into_iter()
            .filter(|e| pending.contains(&e.id) && !read.contains(&e.id)),
    );
    Ok(outside)
}

/// Kimai's API user and its time zone (the zone HTML5 local times are read in).
pub(super) async fn api_user_and_zone(
    c: &Connected,
) -> anyhow::Result<(crate::kimai::User, chrono_tz::Tz)> {
    let me = c
        .kimai
        .me()
        .await
        .context("cannot read the Kimai API user (GET /api/users/me)")?;
    let zone: chrono_tz::Tz = me.timezone.parse().map_err(|_| {
        anyhow::anyhow!(
            "the Kimai API user's timezone `{}` is not a known IANA timezone",
            me.timezone
        )
    })?;
    Ok((me, zone))
}
