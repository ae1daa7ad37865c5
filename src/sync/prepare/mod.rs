//! Prepare: read both sides, normalize and plan, writing nothing. The value it returns is
//! everything applying needs, so a sync, the daemon, the dry run, the confirmation prompt
//! and plan files all apply exactly what was planned.

mod catalog;
mod kimai_side;
mod known;
mod ledger_rows;
mod unchanged;
mod zammad_side;

pub(in crate::sync) use kimai_side::api_user_and_zone;

use super::connect::Connected;
use super::fetch::{CacheRows, Enricher};
use super::inputs::{self, Inputs};
use super::model::SourceEntry;
use super::plan::{self, Coverage, Plan, PlanInput};
use super::rounding::RoundingSeen;
use super::settle::{self, SettleWindow};
use super::{SyncEnv, SyncRequest, TicketSelector};
use super::{rules, server};
use crate::ids::*;
use crate::kimai::TimesheetConfig;
use crate::store::StoreHandle;
use crate::store::{LedgerRow, Store};
use chrono::{DateTime, Utc};
use ledger_rows::LedgerRows;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

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

/// When the plan is applied: the inputs it depends on are captured only for a plan that
/// waits (a plan file, a prompt), to be checked again under the lease.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applied {
    Now,
    Later,
}

/// Read both sides and plan. Writes nothing (what Kimai said about itself is carried in
/// `learned`, and so are the Zammad records fetched, except in a run that applies at once:
/// it holds the lease and caches them as read). The steps, in order: what the store knows,
/// Kimai's API user, the Zammad entries in scope, the ledger rows they need, the entries
/// enriched, the Kimai side, the policy and catalog, the plan; then what applying it needs.
pub(crate) async fn prepare(
    env: &SyncEnv,
    req: &SyncRequest,
    c: &Connected,
    store: &StoreHandle,
    applied: Applied,
) -> anyhow::Result<Prepared> {
    let settings = &env.settings.sync;
    let mut known = store.with(|s| known::known(s, c))?;
    let mut learned = Learned::default();
    let settle = SettleWindow {
        secs: settings.settle_secs,
    };
    let pending = known::pending_creates(&known.ledger, settle, Utc::now());
    let me = kimai_side::api_user(c, known.cached_rules.as_ref()).await?;

    let mut zammad = zammad_side::read(env, req, c, store, &known, &pending, &mut learned).await?;
    // Runs that judge absence (full coverage, a complete Kimai read, drift checks) need
    // the whole ledger; the others only the rows of what they read.
    let kimai_since = known
        .cursor
        .kimai
        .filter(|_| !req.full && !req.check && known.has_rows);
    let whole_ledger = zammad.coverage == Coverage::Full || kimai_since.is_none() || req.check;
    let rows = LedgerRows {
        store,
        pair: c.pair,
        whole: whole_ledger,
    };
    let mut ledger = std::mem::take(&mut known.ledger);
    // A run that reads Kimai completely and applies at once sets unchanged entries aside
    // as digests; plans that wait (a file, a prompt) and checks keep everything read.
    let unchanged = if kimai_since.is_none() && applied == Applied::Now && !req.check {
        let (pair, unit) = (c.pair, c.unit);
        unchanged::set_aside(
            store,
            pair,
            unit,
            &mut zammad.raw,
            &known.conflicted,
            &mut ledger,
        )?
    } else {
        rows.start(&mut ledger, &zammad)?;
        unchanged::Unchanged::default()
    };

    let enricher = Enricher {
        zammad: &c.zammad,
        store,
        connector: c.pair.zammad,
        base_url: &c.zammad_url,
        unit: c.unit,
        fetched: Mutex::default(),
        cache_now: applied == Applied::Now,
    };
    let mut source =
        zammad_side::enrich(env, &enricher, zammad.raw, &rows, &mut ledger, &pending).await?;
    source.fetched += unchanged.len() as u64;
    let mut entries = source.entries;
    let gone = zammad_side::gone(
        &pending,
        &entries,
        &source.waiting,
        &zammad.coverage,
        &zammad.outside,
    );

    let kimai = kimai_side::read(
        env,
        c,
        store,
        &rows,
        &mut ledger,
        &entries,
        &known,
        &pending,
        kimai_since,
        &me,
        &unchanged,
    )
    .await?;
    if kimai.version_read {
        learned.version = kimai.version.clone();
    }
    let mut kimai_state = kimai.timesheets;
    // A person's edit in Kimai to a timesheet whose Zammad entry did not change: read that
    // entry too, so it is compared (and a conflict shows both sides).
    let mut edited = kimai_side::edited_in_kimai(&entries, &ledger, &kimai_state, known.rounding);
    let recheck: Vec<ZammadEntryId> = kimai.recheck.values().flatten().copied().collect();
    for (ticket, ids) in kimai.recheck {
        edited.entry(ticket).or_default().extend(ids);
    }
    if !edited.is_empty() {
        let read = kimai_side::entries_of(&c.zammad, &enricher, edited).await?;
        // An entry set aside that could not be read again still exists: it waits, and
        // never counts as deleted in Zammad.
        let got: std::collections::HashSet<ZammadEntryId> = read.iter().map(|e| e.id).collect();
        source
            .waiting
            .extend(recheck.into_iter().filter(|e| !got.contains(e)));
        entries.extend(read);
    }
    learned.caches = enricher.fetched.into_inner().expect("cache rows");

    let (mut policy, catalog) =
        catalog::policy_and_catalog(env, req, c, &me, &entries, &ledger, &known).await?;
    // A plan applied at once is read by nobody: its creates stay compact.
    policy.compact_creates = applied == Applied::Now;
    let mut the_plan = plan::plan(&PlanInput {
        entries: &entries,
        coverage: zammad.coverage.clone(),
        ledger: &ledger,
        kimai: &kimai_state,
        catalog: &catalog.catalog,
        mappings: &known.mappings,
        policy: &policy,
        waiting: &source.waiting,
        synced: known.synced as usize,
    });
    the_plan.conflicts.extend(source.unreadable_conflicts);
    settle::settle_gone(&mut the_plan, &kimai_state, &c.marker_key, &gone);
    learned.rules = kimai_side::rules_before_writing(c, &mut the_plan, &me, &entries).await?;
    env.events.emit(super::events::Event::Planned);

    let inputs = match applied {
        Applied::Later => inputs::capture(&inputs::Sources {
            plan: &the_plan,
            entries: &entries,
            kimai: &kimai_state,
            ledger: &ledger,
            mappings: &known.mappings,
            conflicted: &known.conflicted,
            settings: inputs::settings_of(env, c, me.user.id, me.timezone),
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
    the_plan.sources = plan::EntrySources::of(entries, &the_plan);
    let mut conflicted: Vec<ZammadEntryId> = known.conflicted.into_iter().collect();
    conflicted.sort();
    Ok(Prepared {
        scope: zammad.scope_of_run,
        connectors: connectors(c, store)?,
        marker_key: c.marker_key.clone(),
        kimai: KimaiFacts {
            api_user: me.user.id,
            timezone: me.timezone,
            roles: me.roles,
            rounding: known.rounding,
            read_at: kimai.read_at,
            user_timezones: catalog
                .catalog
                .users
                .iter()
                .filter_map(|u| Some((u.id, u.timezone.clone()?)))
                .collect(),
            users_listed: catalog.read,
        },
        plan: the_plan,
        fetched: source.fetched,
        source_errors: zammad.source_errors,
        conflicted,
        cursor: CursorMove {
            zammad: zammad.max_updated,
            full: req.full || zammad.coverage == Coverage::Full,
            allowed: !zammad.windowed && !zammad.ticket_run,
        },
        inputs,
        learned,
        read,
    })
}

/// The connector pair with the URLs the store holds for it.
fn connectors(c: &Connected, store: &StoreHandle) -> anyhow::Result<Connectors> {
    store.with(|s| {
        let url = |id: ConnectorId| {
            s.connector_by_id(id)
                .map(|r| r.map(|r| r.base_url).unwrap_or_default())
        };
        Ok(Connectors::of(c, &url(c.pair.zammad)?, &url(c.pair.kimai)?))
    })
}
