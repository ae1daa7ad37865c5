//! `syncd sync --dry-run`: what the real run would do, in the same detail (every conflict
//! with its reason and both sides on one line), and the exit code the real run would have.
//! It is not a run: no run id, no status, nothing recorded.

use super::Context;
use super::conflict_facts::Loaded;
use super::conflict_view;
use crate::conflicts::Status;
use crate::error::ExitCode;
use crate::output;
use crate::store::conflicts::ConflictRow;
use crate::sync::plan::Plan;
use crate::sync::{Counts, RunReport, RunStatus, SyncEnv, SyncRequest};
use serde::Serialize;
use std::collections::BTreeMap;

/// The dry run as scripts read it.
#[derive(Serialize)]
struct DryRun<'a> {
    dry_run: bool,
    /// The exit code the real run would have (and this command has).
    would_exit: u8,
    counts: &'a Counts,
    /// Open conflicts the real run would leave, by reason.
    would_leave_open: &'a BTreeMap<String, u64>,
    /// Every conflict the run would record, one line each.
    conflicts: Vec<ConflictLine>,
    /// Why the real run would refuse to apply (unless --force).
    guard: Option<&'a String>,
    plan: &'a Plan,
}

#[derive(Serialize)]
struct ConflictLine {
    reason: crate::conflicts::Reason,
    entry: Option<i64>,
    timesheet: Option<i64>,
    ticket_number: Option<String>,
    detail: Option<String>,
    line: String,
}

pub fn print(
    ctx: &Context,
    env: &SyncEnv,
    req: &SyncRequest,
    report: &RunReport,
) -> anyhow::Result<ExitCode> {
    let plan = report.plan.clone().unwrap_or_default();
    let code = match report.status {
        RunStatus::Failed => ExitCode::Failure,
        RunStatus::Conflicts => ExitCode::ConflictsOpen,
        _ => ExitCode::Ok,
    };
    let lines = conflict_lines(ctx, env, req, &plan)?;
    if ctx.json() {
        output::print_json(&DryRun {
            dry_run: true,
            would_exit: code.code(),
            counts: &report.counts,
            would_leave_open: &report.open_conflicts,
            conflicts: lines,
            guard: plan.guard.as_ref(),
            plan: &plan,
        })?;
        return Ok(code);
    }
    const SHOW: usize = 50;
    let mut out =
        String::from("Dry run: nothing was changed and no run was recorded. The sync would:\n");
    out.push_str(&super::sync_cmd::render_plan(&plan));
    for c in lines.iter().take(SHOW) {
        out.push_str(&format!("\n{}", c.line));
    }
    if lines.len() > SHOW {
        out.push_str(&format!(
            "\n… and {} more conflicts (use --output json for all)",
            lines.len() - SHOW
        ));
    }
    out.push('\n');
    out.push_str(&super::sync_cmd::counts_table(&report.counts));
    let open: u64 = report.open_conflicts.values().sum();
    out.push_str(&match code {
        ExitCode::Failure => {
            "\nThe real run would refuse to apply (exit 1); pass --force to override the guard."
                .to_string()
        }
        ExitCode::ConflictsOpen => format!(
            "\nThe real run would leave {open} open conflict{} ({}) and exit 3.",
            if open == 1 { "" } else { "s" },
            super::sync_cmd::by_reason(&report.open_conflicts)
        ),
        _ => "\nThe real run would leave no open conflicts (exit 0).".to_string(),
    });
    output::write_stdout(&out)?;
    Ok(code)
}

/// The plan's conflicts as the store would hold them, one line each (names from the
/// store and Kimai, as `conflicts show` has them).
fn conflict_lines(
    ctx: &Context,
    env: &SyncEnv,
    req: &SyncRequest,
    plan: &Plan,
) -> anyhow::Result<Vec<ConflictLine>> {
    if plan.conflicts.is_empty() {
        return Ok(Vec::new());
    }
    let store = ctx.open_store()?;
    let conn =
        crate::sync::connect::connect(&store, env, req.zammad.as_deref(), req.kimai.as_deref())?;
    let rows: Vec<ConflictRow> = plan
        .conflicts
        .iter()
        .map(|c| ConflictRow {
            id: 0,
            reason: c.reason,
            status: Status::Open,
            zammad_entry_id: c.entry.map(|e| e.0),
            kimai_timesheet_id: c.timesheet.map(|t| t.0),
            ticket_number: c.ticket_number.clone(),
            customer: c.customer.clone(),
            source: c.source.clone(),
            target: c.target.clone(),
            detail: c.detail.clone(),
            resolution: None,
            resolved_by: None,
            resolved_at: None,
            run_id: None,
            created_at: String::new(),
            updated_at: String::new(),
            zammad_connector_id: conn.pair.zammad.0,
            kimai_connector_id: conn.pair.kimai.0,
        })
        .collect();
    let loaded = Loaded::load(ctx, &store, &rows, Some(conn.kimai.as_ref()));
    let facts = loaded.facts(&ctx.settings.sync);
    Ok(rows
        .iter()
        .map(|c| ConflictLine {
            reason: c.reason,
            entry: c.zammad_entry_id,
            timesheet: c.kimai_timesheet_id,
            ticket_number: c.ticket_number.clone(),
            detail: c.detail.clone(),
            line: conflict_view::one_line(c, &facts),
        })
        .collect())
}
