//! One sync, split at the plan: `prepare` reads both sides and plans without writing;
//! `apply` carries the plan out under the store lease and records the run. A sync does
//! both under one lease; a dry run only prepares; the confirmation prompt and plan files
//! prepare first and apply later, after checking that nothing the plan depends on moved.

use super::connect::{self, Connected};
use super::execute::{self, Made};
use super::inputs;
use super::prepare::{self, Prepared};
use super::session::Session;
use super::{RunReport, RunStatus, SyncEnv, SyncRequest, Trigger};
use crate::error::Error;
use crate::store::{Pair, Store};
use chrono::Utc;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

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
        return dry_run(env, &req).await;
    }
    let trigger = req.trigger.unwrap_or(Trigger::Manual);
    let mut session = Session::open(
        env,
        trigger,
        req.wait,
        req.zammad.as_deref(),
        req.kimai.as_deref(),
        &stop,
    )
    .await?;
    let scope = prepare::Scope::of(&req);
    session.record(&scope.text(), Some(scope.window()), req.schedule.as_deref())?;
    let result = async {
        let prepared = prepare::prepare(
            env,
            &req,
            &session.connected,
            &session.store,
            prepare::Applied::Now,
        )
        .await?;
        execute::apply(env, &session, prepared, Made::Now, stop).await
    }
    .await;
    session.finish(env, result)
}

/// Read and plan without the lease and without writing (dry runs, `check`, plan files,
/// the confirmation prompt).
pub async fn prepare_only(env: &SyncEnv, req: &SyncRequest) -> anyhow::Result<Prepared> {
    let store = Store::open(&env.db_path)?;
    let connected = connect::connect(&store, env, req.zammad.as_deref(), req.kimai.as_deref())?;
    let store = crate::store::StoreHandle::new(store);
    prepare::prepare(env, req, &connected, &store, prepare::Applied::Later).await
}

/// A dry run is not a run: no lease, no run row, no audit row, nothing written. The report
/// carries the plan, no run id, and what the real run would leave open (its status says
/// how the real run would end).
pub async fn dry_run(env: &SyncEnv, req: &SyncRequest) -> anyhow::Result<RunReport> {
    let started_at = Utc::now();
    let prepared = prepare_only(env, req).await?;
    let mut report = dry_report(env, &prepared)?;
    report.trigger = req.trigger.unwrap_or(Trigger::Manual);
    report.started_at = started_at;
    Ok(report)
}

/// What applying `prepared` would do, as a dry run reports it: the plan, the counts, the
/// conflicts the real run would leave open, and its status.
pub(crate) fn dry_report(env: &SyncEnv, prepared: &Prepared) -> anyhow::Result<RunReport> {
    let store = Store::open(&env.db_path)?;
    let pair = Pair {
        zammad: prepared.connectors.zammad.id,
        kimai: prepared.connectors.kimai.id,
    };
    let plan = prepared.plan.clone();
    let open = super::dry::left_open(&store, pair, &plan)?;
    let status = if plan.guard.is_some() {
        RunStatus::Failed
    } else if open.values().sum::<u64>() > 0 {
        RunStatus::Conflicts
    } else {
        RunStatus::Succeeded
    };
    let now = Utc::now();
    Ok(RunReport {
        run_id: String::new(),
        trigger: Trigger::Manual,
        status,
        dry_run: true,
        counts: prepared.counts(),
        open_conflicts: open,
        started_at: now,
        finished_at: now,
        errors: plan.guard.iter().cloned().collect(),
        retryable: false,
        notices: prepared.notices(),
        notes: Default::default(),
        plan: Some(plan),
    })
}

/// How a plan made earlier is applied.
#[derive(Debug, Clone)]
pub struct Later {
    pub trigger: Trigger,
    /// Wait for the lease instead of failing with a retryable error.
    pub wait: bool,
    /// Where the plan came from, shown with the run's scope: `plan`, `confirmed`.
    pub origin: Option<&'static str>,
}

/// Apply a plan made earlier (a plan file, the confirmation prompt) exactly: under the
/// lease, after checking that nothing it depends on moved since (an entry or timesheet
/// edited, a mapping or setting changed, another run applied one of its entries). When
/// something moved, nothing is applied and no run is recorded: a usage error (exit 2)
/// that names what moved.
pub async fn apply_later(
    env: &SyncEnv,
    prepared: Prepared,
    later: Later,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<RunReport> {
    let session = Session::open(
        env,
        later.trigger,
        later.wait,
        Some(&prepared.connectors.zammad.name),
        Some(&prepared.connectors.kimai.name),
        &stop,
    )
    .await?;
    let mut session = session;
    let checked = same_connectors(&session.connected, &prepared);
    let checked = match checked {
        Ok(()) => inputs::verify(env, &session, &prepared).await,
        Err(e) => Err(e),
    };
    if let Err(e) = checked {
        session.release()?;
        return Err(e);
    }
    let scope = match later.origin {
        Some(origin) => format!("{origin} ({})", prepared.scope.text()),
        None => prepared.scope.text(),
    };
    session.record(&scope, Some(prepared.scope.window()), None)?;
    let result = execute::apply(env, &session, prepared, Made::Earlier, stop).await;
    session.finish(env, result)
}

/// The plan's connectors are still the ones it was made for (a connector removed and
/// added again under the same name has another id and other ledger rows).
fn same_connectors(c: &Connected, prepared: &Prepared) -> anyhow::Result<()> {
    let p = &prepared.connectors;
    if c.pair.zammad != p.zammad.id || c.pair.kimai != p.kimai.id {
        return Err(Error::usage(format!(
            "the plan was made for connectors {} (id {}) and {} (id {}); the store now has other \
             connectors under those names: make a new plan",
            p.zammad.name, p.zammad.id, p.kimai.name, p.kimai.id
        ))
        .into());
    }
    if c.marker_key != prepared.marker_key {
        return Err(Error::usage(format!(
            "the plan's Zammad marker key `{}` is not the connector's `{}`: make a new plan",
            prepared.marker_key, c.marker_key
        ))
        .into());
    }
    Ok(())
}
