//! `syncd runs undo RUN`: take a run's writes back. The timesheets it created are
//! deleted, those it updated are restored to what they were, those it deleted are created
//! again, but only where Kimai still holds what the run wrote: a person's change since
//! becomes a conflict, a later run's change is left for that run's undo. The ledger
//! follows: undone entries are held (`undone`), so the next sync neither books them again
//! nor repeats the updates; `--resync` releases them instead, so the next sync books each
//! once. Runs under the lease, as one recorded and audited run of its own.

use super::connect;
use super::session::{Outcome, Session};
use super::undo_steps::Undoer;
use super::{Counts, SyncEnv, Trigger};
use crate::conflicts::Reason;
use crate::error::{Error, ExitCode};
use crate::ids::*;
use crate::store::Store;
use crate::store::run_changes::{ChangeAction, RunChange};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// What to undo.
#[derive(Debug, Clone)]
pub(crate) struct UndoRequest {
    /// A run id or a unique prefix.
    pub run: String,
    /// Write nothing, record no conflict: say what would happen.
    pub dry_run: bool,
    /// Release the undone entries so the next sync books them again (exactly once).
    pub resync: bool,
    pub wait: bool,
}

/// What became of one write of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Undone {
    /// A created timesheet was deleted.
    Deleted,
    /// An updated timesheet got its earlier values back.
    Restored,
    /// A deleted timesheet was created again.
    Recreated,
    /// Undone before; now released for the next sync (`--resync`).
    Released,
    /// Changed in Kimai since by a person: a conflict, left as it is.
    Conflict,
    /// Changed since by a later run, or nothing to do.
    Skipped,
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct UndoneChange {
    pub entry: ZammadEntryId,
    pub timesheet: KimaiTimesheetId,
    pub action: ChangeAction,
    pub outcome: Undone,
    /// A recreated timesheet's new id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_timesheet: Option<KimaiTimesheetId>,
    /// The conflict's reason code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A failure worth retrying (the undo exits 75).
    #[serde(skip)]
    pub retryable: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct UndoCounts {
    pub deleted: u64,
    pub restored: u64,
    pub recreated: u64,
    pub released: u64,
    pub conflicts: u64,
    pub skipped: u64,
    pub failed: u64,
}

/// The result of `runs undo`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UndoReport {
    /// The run taken back.
    pub run: String,
    /// The undo's own run (none for a dry run or when there was nothing to do).
    pub undo_run: Option<String>,
    pub dry_run: bool,
    pub resync: bool,
    /// Why nothing was done (undone already, nothing written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nothing: Option<String>,
    pub counts: UndoCounts,
    pub changes: Vec<UndoneChange>,
    /// Open conflicts after the undo, by reason (dry runs: what it would add).
    pub open_conflicts: BTreeMap<String, u64>,
    /// The exit code: 0 done, 3 conflicts left open, 75 retry later, 1 failures.
    pub exit: u8,
}

/// Undo a run (see the module docs).
pub(crate) async fn undo(
    env: &SyncEnv,
    req: &UndoRequest,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<UndoReport> {
    let store = Store::open(&env.db_path)?;
    let run = store.get_run(&req.run)?.ok_or_else(|| {
        Error::usage(format!(
            "no run with id `{}` (see `syncd runs list`)",
            req.run
        ))
    })?;
    if run.scope.starts_with("undo ") {
        return Err(Error::usage(format!(
            "run {} is an undo itself; to book its entries again, release them with `syncd runs \
             undo <the run it undid> --resync`",
            run.id
        ))
        .into());
    }
    let changes = store.run_changes(&run.id)?;
    let mut report = UndoReport {
        run: run.id.clone(),
        undo_run: None,
        dry_run: req.dry_run,
        resync: req.resync,
        nothing: None,
        counts: UndoCounts::default(),
        changes: Vec::new(),
        open_conflicts: BTreeMap::new(),
        exit: 0,
    };
    if changes.is_empty() {
        let c: Counts = serde_json::from_value(run.counts.clone()).unwrap_or_default();
        if c.created + c.updated + c.deleted > 0 {
            return Err(anyhow::anyhow!(
                "run {} wrote {} timesheet(s) but recorded no before and after (it was made by \
                 an older syncd): it cannot be undone",
                run.id,
                c.created + c.updated + c.deleted
            ));
        }
        report.nothing = Some(format!(
            "run {} wrote nothing to Kimai; nothing to undo",
            run.id
        ));
        return Ok(report);
    }
    // Undo what is not undone yet, newest first; with --resync, release what an undo held.
    let mut todo: Vec<&RunChange> = changes.iter().filter(|c| c.undone_at.is_none()).collect();
    todo.reverse();
    let release: Vec<&RunChange> = changes
        .iter()
        .filter(|c| req.resync && c.undo_outcome.as_deref() == Some("undone"))
        .collect();
    if todo.is_empty() && release.is_empty() {
        let by = changes
            .iter()
            .filter_map(|c| Some((c.undo_run_id.as_deref()?, c.undone_at.as_deref()?)))
            .max_by_key(|(_, at)| *at)
            .map(|(r, at)| format!(" by run {r} at {at}"))
            .unwrap_or_default();
        report.nothing = Some(format!(
            "run {} was undone already{by}; nothing to do",
            run.id
        ));
        return Ok(report);
    }
    let pair = changes[0].pair;
    let name = |id: ConnectorId| -> anyhow::Result<String> {
        Ok(store
            .connector_by_id(id)?
            .ok_or_else(|| anyhow::anyhow!("connector {id} of run {} no longer exists", run.id))?
            .name)
    };
    let (zammad, kimai) = (name(pair.zammad)?, name(pair.kimai)?);
    drop(store);

    if req.dry_run {
        let store = Store::open(&env.db_path)?;
        let connected = connect::connect(&store, env, Some(&zammad), Some(&kimai))?;
        let store = crate::store::StoreHandle::new(store);
        let u = Undoer::new(&connected, store, None, &run.id, req, stop).await?;
        u.all(&todo, &release, &mut report).await?;
        report.exit = if report.counts.failed > 0 {
            ExitCode::Failure.code()
        } else if report.counts.conflicts > 0 {
            ExitCode::ConflictsOpen.code()
        } else {
            ExitCode::Ok.code()
        };
        for reason in report.changes.iter().filter_map(|c| c.reason) {
            *report.open_conflicts.entry(reason.to_string()).or_insert(0) += 1;
        }
        return Ok(report);
    }

    let mut session = Session::open(
        env,
        Trigger::Manual,
        req.wait,
        Some(&zammad),
        Some(&kimai),
        &stop,
    )
    .await?;
    session.audit_action = "sync.undo";
    session.audit_details = serde_json::json!({ "undo_of": run.id, "resync": req.resync });
    session.record(&format!("undo {}", run.id), None, None)?;
    report.undo_run = Some(session.run_id.clone());
    let result = async {
        let u = Undoer::new(
            &session.connected,
            session.store.clone(),
            Some(&session),
            &run.id,
            req,
            stop.clone(),
        )
        .await?;
        u.all(&todo, &release, &mut report).await?;
        Ok(outcome_of(&report))
    }
    .await;
    let finished = session.finish(env, result)?;
    report.open_conflicts = finished.open_conflicts.clone();
    report.exit = match finished.status {
        super::RunStatus::Succeeded | super::RunStatus::Skipped => 0,
        super::RunStatus::Conflicts => 3,
        super::RunStatus::Failed if finished.retryable => 75,
        super::RunStatus::Interrupted => 75,
        super::RunStatus::Failed => 1,
    };
    Ok(report)
}

/// The undo's counts as a run's.
fn outcome_of(r: &UndoReport) -> Outcome {
    let c = &r.counts;
    let errors: Vec<String> = r
        .changes
        .iter()
        .filter(|c| c.outcome == Undone::Failed)
        .filter_map(|c| c.detail.clone())
        .collect();
    Outcome {
        counts: Counts {
            created: c.recreated,
            updated: c.restored,
            deleted: c.deleted,
            skipped: c.skipped + c.released,
            conflicts: c.conflicts,
            failed: c.failed,
            ..Counts::default()
        },
        retryable_failures: r.changes.iter().filter(|c| c.retryable).count() as u64,
        errors,
        ..Outcome::default()
    }
}
