//! One sync run from start to finish: lease, run row, fetch, plan, guards, apply, record.

use super::apply::{self, Applied, ApplyCtx};
use super::connect::{self, Connected};
use super::fetch::{self, Enricher, SourceScope, TargetScope};
use super::lease::Lease;
use super::model::SourceEntry;
use super::plan::{self, Catalog, Coverage, Mappings, Plan, PlanInput, Policy};
use super::rounding::{self, RoundingSeen, TargetChange};
use super::settle::{self, SettleWindow};
use super::{
    Counts, RunNotes, RunReport, RunStatus, SyncEnv, SyncRequest, TicketSelector, Trigger,
};
use super::{layout, references, rules, server, zones};
use crate::audit::{AuditEvent, AuditSource};
use crate::error::Error;
use crate::ids::*;
use crate::store::runs::NewRun;
use crate::store::{LedgerState, Pair, Store};
use anyhow::Context;
use chrono::{Duration, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// Run one sync. Takes the store lease (waiting with `req.wait`), records the run and its
/// audit rows, and returns the report (with the plan for dry runs).
pub async fn run(env: &SyncEnv, req: SyncRequest) -> anyhow::Result<RunReport> {
    run_with_stop(env, req, Arc::new(AtomicBool::new(false))).await
}

/// As `run`, stopping between items once `stop` is set (signals).
pub async fn run_with_stop(
    env: &SyncEnv,
    req: SyncRequest,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<RunReport> {
    if req.dry_run {
        return dry_run(env, req, stop).await;
    }
    let trigger = req.trigger.unwrap_or(Trigger::Manual);
    let run_id = uuid::Uuid::now_v7().to_string();
    let started_at = Utc::now();
    let mut store = Store::open(&env.db_path)?;
    let connected = connect::connect(&store, env, req.zammad.as_deref(), req.kimai.as_deref())?;

    let mut lease = Lease::acquire(&mut store, &run_id, trigger, req.wait, &stop).await?;
    let scope_text = scope_text(&req);
    let window = serde_json::json!({ "since": req.since, "until": req.until });
    store.insert_run(&NewRun {
        id: &run_id,
        trigger: trigger.as_str(),
        scope: &scope_text,
        window: Some(window),
        dry_run: req.dry_run,
        schedule: req.schedule.as_deref(),
        status: "running",
    })?;
    let store = Arc::new(Mutex::new(store));
    lease.keep_alive(env.db_path.clone(), run_id.clone());

    let result = execute(
        env,
        &req,
        &connected,
        store.clone(),
        &run_id,
        stop,
        Some(&lease),
    )
    .await;
    drop(lease);

    let store = store.lock().expect("store lock");
    let open = store.open_conflicts_by_reason(Some(connected.pair))?;
    let finished_at = Utc::now();
    let report = match result {
        Ok(outcome) => {
            let unsettled = outcome.notes.unsettled.is_some();
            let status = if outcome.interrupted {
                RunStatus::Interrupted
            } else if outcome.retryable_failures > 0 || !outcome.errors.is_empty() || unsettled {
                RunStatus::Failed
            } else if !req.dry_run && open.values().sum::<u64>() > 0 {
                RunStatus::Conflicts
            } else {
                RunStatus::Succeeded
            };
            let mut problems = outcome.errors.clone();
            if let Some(u) = &outcome.notes.unsettled {
                problems.push(u.sentence());
            }
            let error = (!problems.is_empty()).then(|| problems.join("; "));
            store.finish_run(
                &run_id,
                status.as_str(),
                &serde_json::to_value(&outcome.counts)?,
                error.as_deref(),
            )?;
            RunReport {
                run_id: run_id.clone(),
                trigger,
                status,
                dry_run: req.dry_run,
                counts: outcome.counts,
                open_conflicts: open,
                started_at,
                finished_at,
                errors: outcome.errors,
                notices: outcome.notices,
                retryable: outcome.retryable_failures > 0 || unsettled,
                notes: outcome.notes,
                plan: outcome.plan,
            }
        }
        Err(err) => {
            let message = crate::cli::render_error(&err);
            store.finish_run(&run_id, "failed", &serde_json::json!({}), Some(&message))?;
            store.release_lease(&run_id)?;
            record_audit(
                &store,
                env,
                &run_id,
                trigger,
                "failed",
                Some(&message),
                &Counts::default(),
            );
            return Err(err);
        }
    };
    store.release_lease(&run_id)?;
    record_audit(
        &store,
        env,
        &run_id,
        trigger,
        report.status.as_str(),
        None,
        &report.counts,
    );
    Ok(report)
}

/// A dry run is not a run: no lease, no run row, no audit row, nothing written. The report
/// carries the plan, no run id, and what the real run would leave open (its status says
/// how the real run would end).
async fn dry_run(
    env: &SyncEnv,
    req: SyncRequest,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<RunReport> {
    let trigger = req.trigger.unwrap_or(Trigger::Manual);
    let started_at = Utc::now();
    let store = Store::open(&env.db_path)?;
    let connected = connect::connect(&store, env, req.zammad.as_deref(), req.kimai.as_deref())?;
    let store = Arc::new(Mutex::new(store));
    let outcome = execute(env, &req, &connected, store.clone(), "", stop, None).await?;
    let plan = outcome.plan.unwrap_or_default();
    let open = {
        let s = store.lock().expect("store lock");
        super::dry::left_open(&s, connected.pair, &plan)?
    };
    let status = if plan.guard.is_some() {
        RunStatus::Failed
    } else if open.values().sum::<u64>() > 0 {
        RunStatus::Conflicts
    } else {
        RunStatus::Succeeded
    };
    Ok(RunReport {
        run_id: String::new(),
        trigger,
        status,
        dry_run: true,
        counts: outcome.counts,
        open_conflicts: open,
        started_at,
        finished_at: Utc::now(),
        errors: plan.guard.iter().cloned().collect(),
        retryable: false,
        notices: outcome.notices,
        notes: outcome.notes,
        plan: Some(plan),
    })
}

fn record_audit(
    store: &Store,
    env: &SyncEnv,
    run_id: &str,
    trigger: Trigger,
    status: &str,
    error: Option<&str>,
    counts: &Counts,
) {
    let event = AuditEvent {
        actor: env.actor.clone(),
        source: if matches!(trigger, Trigger::Manual | Trigger::Demo) {
            AuditSource::Cli
        } else {
            AuditSource::Daemon
        },
        category: crate::audit::AuditCategory::Sync,
        action: "sync.run".into(),
        target: Some(run_id.to_string()),
        details: Some(
            serde_json::json!({ "trigger": trigger, "status": status, "counts": counts, "error": error }),
        ),
        ip: None,
        user_agent: None,
        run_id: Some(run_id.to_string()),
    };
    if let Err(e) = store.record_audit(&event) {
        tracing::warn!("cannot write the audit row for run {run_id}: {e:#}");
    }
}

fn scope_text(req: &SyncRequest) -> String {
    let base = match &req.ticket {
        Some(TicketSelector::Id(id)) => format!("ticket-id:{id}"),
        Some(TicketSelector::Number(n)) => format!("ticket:{n}"),
        None if req.full => "full".into(),
        None => "incremental".into(),
    };
    if req.dry_run {
        format!("{base} (dry run)")
    } else {
        base
    }
}

struct Outcome {
    counts: Counts,
    errors: Vec<String>,
    notices: Vec<String>,
    retryable_failures: u64,
    interrupted: bool,
    notes: RunNotes,
    plan: Option<Plan>,
}

async fn execute(
    env: &SyncEnv,
    req: &SyncRequest,
    c: &Connected,
    store: Arc<Mutex<Store>>,
    run_id: &str,
    stop: Arc<AtomicBool>,
    // None for dry runs, which hold no lease and write nothing.
    lease: Option<&Lease>,
) -> anyhow::Result<Outcome> {
    let pair = c.pair;
    let settings = &env.settings.sync;
    let settle = SettleWindow {
        secs: settings.settle_secs,
    };
    let (ledger, cursor, mappings, open_conflicts) = {
        let s = store.lock().expect("store lock");
        let open: Vec<crate::store::conflicts::ConflictRow> = s
            .list_conflicts(&crate::store::conflicts::ConflictFilter {
                status: Some(crate::conflicts::Status::Open),
                ..Default::default()
            })?
            .into_iter()
            .filter(|r| {
                r.zammad_connector_id == pair.zammad.0 && r.kimai_connector_id == pair.kimai.0
            })
            .collect();
        (
            s.ledger_rows(pair)?,
            s.sync_cursor(pair)?,
            s.mappings_for_pair(pair)?,
            open,
        )
    };
    let conflicted: HashSet<ZammadEntryId> = open_conflicts
        .iter()
        .filter_map(|r| r.zammad_entry_id.map(ZammadEntryId))
        .collect();
    let synced_count = ledger
        .values()
        .filter(|r| r.state == LedgerState::Synced)
        .count();
    // Pending creates: those sent less than settle_secs ago wait; the others are settled
    // by a marker search this run.
    let now = Utc::now();
    let (in_window, ready): (Vec<_>, Vec<_>) = ledger
        .values()
        .filter(|r| r.state == LedgerState::Pending)
        .partition(|r| r.sent_at.is_some_and(|t| !settle.is_ready(t, now)));
    let in_window: HashSet<ZammadEntryId> = in_window.iter().map(|r| r.entry).collect();
    let mut ready: Vec<(ZammadEntryId, Option<TicketId>)> =
        ready.iter().map(|r| (r.entry, r.ticket)).collect();
    ready.sort();

    let me = c
        .kimai
        .me()
        .await
        .context("cannot read the Kimai API user (GET /api/users/me)")?;
    let api_timezone: chrono_tz::Tz = me.timezone.parse().map_err(|_| {
        anyhow::anyhow!(
            "the Kimai API user's timezone `{}` is not a known IANA timezone",
            me.timezone
        )
    })?;
    let roles = me.roles.clone().unwrap_or_default();
    // Rules known to make every write fail: refuse before reading anything else.
    let cached_rules = rules::cached(&store.lock().expect("store lock"), pair.kimai)?;
    if let Some(r) = &cached_rules {
        rules::check(r, &roles)?;
    }

    // Zammad side.
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
    let ticket = (!tickets.is_empty()).then_some(());
    let scope = match ticket {
        Some(()) => SourceScope::Tickets(tickets),
        None if req.full => SourceScope::Full,
        None => {
            let lookback = Duration::minutes(settings.lookback_minutes as i64);
            // With --since, entries updated before it cannot have been created after it.
            // An empty ledger (first run, lost store) reads everything.
            let cursor_time = if ledger.is_empty() {
                None
            } else {
                cursor.zammad.map(|c| c - lookback)
            };
            let since_updated = match (cursor_time, req.since) {
                (Some(c), Some(s)) => Some(c.min(s)),
                (c, _) => c,
            };
            SourceScope::Incremental { since_updated }
        }
    };
    let progress = env.progress.then(super::progress::spinner);
    if let Some(p) = &progress {
        p.set_message("reading Zammad time accounting");
    }
    let fetched = fetch::source_entries(&c.zammad, &scope)
        .await
        .context("cannot read time accounting from Zammad")?;
    if fetched.empty && ticket.is_none() && synced_count > 0 && !req.force {
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
    super::unit_guard::before_sync(
        &store.lock().expect("store lock"),
        pair.zammad,
        &c.zammad_name,
        c.unit,
        &raw.iter().map(|e| e.time_unit.as_str()).collect::<Vec<_>>(),
        req.force,
        req.dry_run,
    )?;
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
    // Pending creates outside this run's scope are settled all the same: read their tickets.
    let read: HashSet<i64> = raw.iter().map(|e| e.id).collect();
    let mut outside: Vec<TicketId> = ready
        .iter()
        .filter(|(e, _)| !read.contains(&e.0))
        .filter_map(|(_, t)| *t)
        .collect();
    outside.sort();
    outside.dedup();
    if !outside.is_empty() && coverage != Coverage::Full {
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
    }
    let max_updated = raw.iter().map(|e| e.updated_at).max();

    if let Some(p) = &progress {
        p.set_message(format!(
            "reading tickets, agents and types for {} entries",
            raw.len()
        ));
    }
    let enricher = Enricher {
        zammad: &c.zammad,
        store: &store,
        connector: pair.zammad,
        base_url: &c.zammad_url,
        unit: c.unit,
        write_cache: !req.dry_run,
    };
    let enriched = enricher.enrich(&raw).await?;
    drop(raw);
    let mut entries = enriched.entries;
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
    if let Some(p) = &progress {
        p.set_message("reading Kimai");
    }
    let version = server::version(&store, pair.kimai, &c.kimai).await?;
    let rounding_seen = server::rounding(&store.lock().expect("store lock"), pair.kimai)?;
    let target_scope = match cursor.kimai {
        // modified_after is inclusive; one second back covers the Date header's rounding.
        Some(k) if !req.full && !ledger.is_empty() => TargetScope::ModifiedSince(
            server::modified_after(k - Duration::seconds(1), version.as_deref(), api_timezone),
        ),
        _ => TargetScope::All,
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
    let mut kimai_state =
        fetch::target_timesheets(&c.kimai, &c.marker_key, target_scope, &ledger, &seen)
            .await
            .context("cannot read timesheets from Kimai")?;
    let ready_entries: Vec<ZammadEntryId> = ready.iter().map(|(e, _)| *e).collect();
    fetch::settle_pending(&c.kimai, &c.marker_key, &ready_entries, &mut kimai_state)
        .await
        .context("cannot search Kimai for pending creates")?;
    // A person's edit in Kimai to a timesheet whose Zammad entry did not change: read that
    // entry too, so it is compared (and a conflict shows both sides).
    let edited = edited_in_kimai(&entries, &ledger, &kimai_state, rounding_seen);
    if !edited.is_empty() {
        entries.extend(entries_of(&c.zammad, &enricher, edited).await?);
    }

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
    policy.default_activity = numeric(&settings.default_activity);
    policy.fixed_project = numeric(&settings.fixed_project);
    let named = (settings.default_activity.is_some() && policy.default_activity.is_none())
        || (settings.fixed_project.is_some() && policy.fixed_project.is_none());
    let mut catalog = Catalog::default();
    // Kimai's catalog is read only when some entry lacks a mapping (first runs, new
    // tickets, agents or types); routine runs skip it.
    if named || needs_catalog(&entries, &ledger, &mappings, &policy) {
        catalog = fetch::catalog(&c.kimai)
            .await
            .context("cannot read customers, projects and activities from Kimai")?;
        policy.default_activity = resolve_named(
            settings.default_activity.as_deref(),
            &catalog.activities,
            "sync.default_activity",
        )?;
        policy.fixed_project = resolve_named(
            settings.fixed_project.as_deref(),
            &catalog.projects,
            "sync.fixed_project",
        )?;
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
    });
    the_plan.conflicts.extend(unreadable_conflicts);
    settle::settle_gone(&mut the_plan, &kimai_state, &c.marker_key, &gone);
    if let Some(p) = &progress {
        p.finish_and_clear();
    }

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
            if !req.dry_run {
                rules::cache(&store.lock().expect("store lock"), pair.kimai, r)?;
            }
            rules::check(r, &roles)?;
            layout::keep_rules(&c.kimai, &mut the_plan, r, me.id, api_timezone).await?;
        }
    }

    let mut counts = the_plan.counts();
    counts.fetched = fetched_count;
    if req.dry_run {
        return Ok(Outcome {
            counts,
            notices: the_plan
                .notices
                .iter()
                .cloned()
                .chain(rounding_seen.notice())
                .collect(),
            errors: source_errors,
            retryable_failures: 0,
            interrupted: false,
            notes: RunNotes::default(),
            plan: Some(the_plan),
        });
    }
    if let Some(guard) = &the_plan.guard {
        return Err(anyhow::anyhow!("{guard}"));
    }
    let lease = lease.ok_or_else(|| anyhow::anyhow!("a sync that writes must hold the lease"))?;

    let mut user_timezones =
        owner_timezones(&c.kimai, &store, pair.kimai, &catalog, &the_plan, me.id).await?;
    user_timezones.insert(me.id, api_timezone);
    let bar = env
        .progress
        .then(|| super::progress::bar(the_plan.items.len() as u64));
    let ctx = Arc::new(ApplyCtx {
        kimai: c.kimai.clone(),
        store: store.clone(),
        pair,
        run_id: run_id.to_string(),
        marker_key: c.marker_key.clone(),
        tag: settings.tag.clone(),
        api_timezone,
        user_timezones,
        rounding: rounding_seen,
        samples: Mutex::new(Vec::new()),
        concurrency: settings.concurrency,
        progress: bar.clone(),
        stop,
        fence: lease.fence,
        lease_lost: lease.lost.clone(),
        settle,
    });
    let mut applied = Applied {
        errors: source_errors,
        ..Applied::default()
    };
    apply::record_conflicts(&ctx, &the_plan.conflicts)?;
    applied.counts.conflicts = the_plan.conflicts.len() as u64;
    let needs_tag = the_plan
        .items
        .iter()
        .any(|i| matches!(i.op, plan::Op::Create { .. } | plan::Op::Update { .. }));
    if needs_tag {
        references::ensure_tag(&ctx, &settings.tag, &mut applied).await?;
    }
    let refs = references::create_references(&ctx, &the_plan, &mut applied).await?;
    references::forget_settled(&ctx)?;
    ctx.write(|s| {
        for entry in the_plan.settled.iter().filter(|e| conflicted.contains(e)) {
            s.settle_entry_conflicts(pair, *entry)?;
        }
        Ok(())
    })?;
    apply::remove_duplicates(&ctx, &the_plan.duplicate_removals, &mut applied).await?;
    let items = std::mem::take(&mut the_plan.items);
    apply::apply_items(ctx.clone(), items, refs, Arc::new(conflicted), &mut applied).await?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    applied.counts.fetched = fetched_count;
    applied.counts.unchanged = the_plan.unchanged;
    let unsettled = settle::unsettled_creates(&ctx.store(), pair, settle)?;
    // What Kimai did to this run's times teaches syncd its rounding rule.
    let samples = std::mem::take(&mut *ctx.samples.lock().expect("samples lock"));
    let learned = rounding::learn(rounding_seen, &samples);
    server::remember_rounding(&store.lock().expect("store lock"), pair.kimai, learned)?;

    // Cursors move only after a clean pass, so failed items are read again.
    if applied.retryable_failures == 0
        && applied.errors.is_empty()
        && !applied.interrupted
        && unsettled.is_none()
        && !windowed
        && ticket.is_none()
    {
        ctx.write(|s| {
            let mut cur = s.sync_cursor(pair)?;
            if let Some(m) = max_updated {
                cur.zammad = Some(cur.zammad.map_or(m, |c| c.max(m)));
            }
            cur.kimai = Some(c.kimai.server_time().unwrap_or_else(Utc::now));
            if req.full || coverage == Coverage::Full {
                cur.last_full_at = Some(Utc::now());
            }
            s.set_sync_cursor(pair, &cur)
        })?;
    }
    Ok(Outcome {
        counts: applied.counts,
        notices: std::mem::take(&mut the_plan.notices)
            .into_iter()
            .chain(learned.notice())
            .collect(),
        errors: applied.errors,
        retryable_failures: applied.retryable_failures,
        interrupted: applied.interrupted,
        notes: RunNotes {
            unsettled,
            duplicates_removed: applied.duplicates_removed,
            warnings: applied.warnings,
        },
        plan: None,
    })
}

/// Synced timesheets Kimai returned whose Zammad entry is not among `entries` and that a
/// person changed since syncd wrote them, by ticket.
fn edited_in_kimai(
    entries: &[SourceEntry],
    ledger: &HashMap<ZammadEntryId, crate::store::LedgerRow>,
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

/// The timezones of the owners of timesheets this run updates: Kimai's user list when it
/// was read (then cached), else the cache, else one read of the list if the token may.
async fn owner_timezones(
    kimai: &crate::kimai::KimaiClient,
    store: &Mutex<Store>,
    connector: ConnectorId,
    catalog: &Catalog,
    the_plan: &Plan,
    api_user: i64,
) -> anyhow::Result<HashMap<i64, chrono_tz::Tz>> {
    let listed = |users: Vec<(i64, String)>| -> anyhow::Result<HashMap<i64, chrono_tz::Tz>> {
        zones::remember(&store.lock().expect("store lock"), connector, users.clone())?;
        Ok(users
            .into_iter()
            .filter_map(|(id, tz)| Some((id, tz.parse().ok()?)))
            .collect())
    };
    let mut known = listed(
        catalog
            .users
            .iter()
            .filter_map(|u| Some((u.id, u.timezone.clone()?)))
            .collect(),
    )?;
    let owners: HashSet<i64> = the_plan
        .items
        .iter()
        .filter_map(|i| match &i.op {
            plan::Op::Update { owner, .. } => Some(*owner),
            _ => None,
        })
        .filter(|o| *o != api_user && !known.contains_key(o))
        .collect();
    if owners.is_empty() {
        return Ok(known);
    }
    known.extend(zones::cached(
        &store.lock().expect("store lock"),
        connector,
        &owners,
    )?);
    if owners.iter().all(|o| known.contains_key(o)) || catalog.loaded {
        return Ok(known);
    }
    match kimai.users().await {
        Ok(users) => known.extend(listed(
            users.into_iter().map(|u| (u.id, u.timezone)).collect(),
        )?),
        Err(e) if e.kind == crate::http::ApiErrorKind::Forbidden => tracing::info!(
            "the Kimai token may not list users (view_user): owners' timezones come from their timesheets"
        ),
        Err(e) => tracing::warn!("cannot read Kimai users for their timezones: {e}"),
    }
    Ok(known)
}

/// True when some entry that may be written lacks an activity, project or user mapping.
fn needs_catalog(
    entries: &[super::model::SourceEntry],
    ledger: &HashMap<ZammadEntryId, crate::store::LedgerRow>,
    m: &Mappings,
    policy: &Policy,
) -> bool {
    use crate::config::ProjectPolicy;
    entries.iter().any(|e| {
        let settled = ledger.get(&e.id).is_some_and(|r| {
            r.state == LedgerState::Ignored
                || (r.state == LedgerState::Synced
                    && r.source_fingerprint.as_deref() == Some(&e.fingerprint()))
        });
        if settled || e.minutes <= 0 {
            return false;
        }
        let activity = policy.default_activity.is_some()
            || e.type_id.is_some_and(|t| m.activity.contains_key(&t.0));
        let project = match policy.project_policy {
            ProjectPolicy::PerTicket => m.project.contains_key(&format!("ticket:{}", e.ticket)),
            ProjectPolicy::PerCustomer => {
                let org = e
                    .organization
                    .map(|o| o.0.to_string())
                    .unwrap_or_else(|| "none".into());
                m.project.contains_key(&format!("org:{org}"))
            }
            ProjectPolicy::Fixed => true,
        };
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

/// Counts per pair, used by guards and summaries.
pub fn pair_of(
    store: &Store,
    env: &SyncEnv,
    zammad: Option<&str>,
    kimai: Option<&str>,
) -> anyhow::Result<Pair> {
    Ok(connect::connect(store, env, zammad, kimai)?.pair)
}
