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
use crate::sync::{Counts, RunReport, RunStatus, SyncEnv};
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
    /// Where the plan was written (`sync --plan-out`) or read from (`plan show`).
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_file: Option<&'a std::path::Path>,
    /// Who made the plan file, and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_made: Option<PlanMade<'a>>,
}

#[derive(Serialize)]
struct PlanMade<'a> {
    at: chrono::DateTime<chrono::Utc>,
    by: &'a str,
}

/// What the plan being shown is.
pub(super) enum Heading<'a> {
    /// `sync --dry-run`.
    DryRun,
    /// `sync --plan-out FILE`: written there.
    Written(&'a std::path::Path),
    /// `plan show FILE`.
    File(&'a std::path::Path, &'a crate::sync::planfile::PlanFile),
    /// Shown before asking whether to apply it.
    Confirm,
}

/// The connector pair a plan belongs to (names).
pub(super) struct PairNames<'a> {
    pub zammad: Option<&'a str>,
    pub kimai: Option<&'a str>,
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

/// The exit code the real run would have.
pub(super) fn would_exit(report: &RunReport) -> ExitCode {
    match report.status {
        RunStatus::Failed => ExitCode::Failure,
        RunStatus::Conflicts => ExitCode::ConflictsOpen,
        _ => ExitCode::Ok,
    }
}

pub(super) fn print(
    ctx: &Context,
    env: &SyncEnv,
    pair: &PairNames<'_>,
    report: &RunReport,
    heading: Heading<'_>,
) -> anyhow::Result<ExitCode> {
    let plan = report.plan.clone().unwrap_or_default();
    let code = would_exit(report);
    let lines = conflict_lines(ctx, env, pair, &plan)?;
    if ctx.json() {
        let (plan_file, plan_made) = match &heading {
            Heading::Written(p) => (Some(*p), None),
            Heading::File(p, f) => (
                Some(*p),
                Some(PlanMade {
                    at: f.created_at,
                    by: &f.created_by,
                }),
            ),
            _ => (None, None),
        };
        output::print_json(&DryRun {
            dry_run: true,
            would_exit: code.code(),
            counts: &report.counts,
            would_leave_open: &report.open_conflicts,
            conflicts: lines,
            guard: plan.guard.as_ref(),
            plan: &plan,
            plan_file,
            plan_made,
        })?;
        return Ok(code);
    }
    const SHOW: usize = 50;
    let mut out = match &heading {
        Heading::DryRun => {
            String::from("Dry run: nothing was changed and no run was recorded. The sync would:\n")
        }
        Heading::Written(p) => format!(
            "Plan written to {} (nothing was changed). Applying it would:\n",
            p.display()
        ),
        Heading::File(p, f) => format!(
            "Plan {} (made {} by {}). Applying it would:\n",
            p.display(),
            f.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            f.created_by
        ),
        Heading::Confirm => String::from("The sync would:\n"),
    };
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
    match heading {
        Heading::Written(p) => out.push_str(&format!(
            "\nApply exactly this plan with: syncd apply {}",
            p.display()
        )),
        Heading::File(p, _) => {
            out.push_str(&format!("\nApply it with: syncd apply {}", p.display()))
        }
        _ => {}
    }
    output::write_stdout(&out)?;
    Ok(code)
}

/// The plan's conflicts as the store would hold them, one line each (names from the
/// store and Kimai, as `conflicts show` has them).
fn conflict_lines(
    ctx: &Context,
    env: &SyncEnv,
    pair: &PairNames<'_>,
    plan: &Plan,
) -> anyhow::Result<Vec<ConflictLine>> {
    if plan.conflicts.is_empty() {
        return Ok(Vec::new());
    }
    let store = ctx.open_store()?;
    let conn = crate::sync::connect::connect(&store, env, pair.zammad, pair.kimai)?;
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
