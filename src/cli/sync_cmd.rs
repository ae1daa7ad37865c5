//! `syncd sync`: flags → SyncRequest, run, print a summary, exit 0/1/3/75.

use super::Context;
use super::args::SyncArgs;
use crate::error::{Error, ExitCode};
use crate::output;
use crate::sync::plan::{Op, Plan};
use crate::sync::{self, RunReport, RunStatus, SyncEnv, SyncRequest, TicketSelector, Trigger};
use chrono::{DateTime, Utc};

pub(super) fn run(ctx: &Context, args: SyncArgs) -> anyhow::Result<ExitCode> {
    let req = request(&args, Trigger::Manual)?;
    let env = env(ctx);
    if let Some(file) = &args.plan_out {
        return super::plan_cmd::write(ctx, &env, &req, file);
    }
    // On a terminal, deleting Kimai timesheets is confirmed first (scripts: --yes, or no tty).
    // Only runs that see every entry can delete, and only with `source_deleted: delete`.
    let may_delete = ctx.settings.sync.source_deleted == crate::config::SourceDeletedPolicy::Delete
        && (args.full || args.ticket.is_some());
    if may_delete && ctx.interactive && !args.yes && !args.dry_run && !ctx.json() {
        return confirmed(ctx, &env, &req);
    }
    if req.dry_run {
        let report = ctx.block_on(sync::dry_run(&env, &req))?;
        return super::dry_run::print(
            ctx,
            &env,
            &pair_names(&req),
            &report,
            super::dry_run::Heading::DryRun,
        );
    }
    let report = ctx.block_on(sync::run(&env, req.clone()))?;
    print_report(ctx, &report)?;
    Ok(exit_code(&report))
}

fn pair_names(req: &SyncRequest) -> super::dry_run::PairNames<'_> {
    super::dry_run::PairNames {
        zammad: req.zammad.as_deref(),
        kimai: req.kimai.as_deref(),
    }
}

/// Plan, show the plan when it deletes and ask, then apply exactly the plan shown (under
/// the lease, refused when something it depends on moved while the question was open).
fn confirmed(ctx: &Context, env: &SyncEnv, req: &SyncRequest) -> anyhow::Result<ExitCode> {
    let prepared = ctx.block_on(sync::prepare_only(env, req))?;
    let deletes = prepared.plan.counts().deleted;
    if deletes > 0 {
        let preview = sync::engine::dry_report(env, &prepared)?;
        super::dry_run::print(
            ctx,
            env,
            &pair_names(req),
            &preview,
            super::dry_run::Heading::Confirm,
        )?;
        if !super::ask::yes(&format!(
            "This sync will delete {deletes} Kimai timesheet(s). Apply this plan? [y/N] "
        ))? {
            output::write_stdout("nothing changed")?;
            return Ok(ExitCode::Failure);
        }
    }
    let later = sync::engine::Later {
        trigger: Trigger::Manual,
        wait: req.wait,
        origin: (deletes > 0).then_some("confirmed"),
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let report = ctx.block_on(sync::apply_later(env, prepared, later, stop))?;
    print_report(ctx, &report)?;
    Ok(exit_code(&report))
}

pub(super) fn env(ctx: &Context) -> SyncEnv {
    SyncEnv {
        settings: ctx.settings.clone(),
        db_path: ctx.db_path.clone(),
        data_dir: ctx.data_dir.clone(),
        actor: ctx.actor.clone(),
        events: super::progress::events(ctx.interactive && !ctx.json()),
    }
}

pub(super) fn request(args: &SyncArgs, trigger: Trigger) -> anyhow::Result<SyncRequest> {
    let since = args
        .since
        .as_deref()
        .map(|v| super::time_arg::parse("--since", v))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|v| super::time_arg::parse("--until", v))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        return Err(Error::usage("--since must be before --until").into());
    }
    let ticket = match args
        .ticket
        .as_deref()
        .map(|t| t.trim().trim_start_matches('#'))
    {
        Some("") => return Err(Error::usage("--ticket needs a ticket number").into()),
        // Zammad ticket numbers are digits; refuse anything else before a run is recorded.
        Some(t) if !t.chars().all(|c| c.is_ascii_digit()) => {
            return Err(Error::usage(format!(
                "--ticket `{t}` is not a ticket number: give the number Zammad shows, e.g. 31001 or #31001"
            ))
            .into());
        }
        Some(t) => Some(TicketSelector::Number(t.to_string())),
        None => None,
    };
    if args.full && ticket.is_some() {
        return Err(Error::usage("--full and --ticket cannot be combined").into());
    }
    Ok(SyncRequest {
        trigger: Some(trigger),
        full: args.full,
        dry_run: args.dry_run,
        since,
        until,
        ticket,
        ticket_ids: Vec::new(),
        force: args.force,
        wait: args.wait,
        schedule: None,
        zammad: args.pair.zammad.clone(),
        kimai: args.pair.kimai.clone(),
        check: false,
    })
}

pub(super) fn exit_code(report: &RunReport) -> ExitCode {
    match report.status {
        RunStatus::Succeeded | RunStatus::Skipped => ExitCode::Ok,
        RunStatus::Conflicts => ExitCode::ConflictsOpen,
        RunStatus::Failed | RunStatus::Interrupted if report.retryable => ExitCode::Retryable,
        RunStatus::Interrupted => ExitCode::Retryable,
        RunStatus::Failed => ExitCode::Failure,
    }
}

#[derive(tabled::Tabled)]
struct CountRow {
    outcome: &'static str,
    count: u64,
}

#[derive(tabled::Tabled)]
struct PlanRow {
    action: String,
    entry: String,
    ticket: String,
    begin: String,
    end: String,
    minutes: String,
}

pub(super) fn print_report(ctx: &Context, report: &RunReport) -> anyhow::Result<()> {
    if ctx.json() {
        return output::print_json(report);
    }
    let mut out = String::new();
    out.push_str(&format!(
        "Sync finished: run {} ({}, {:.1} s)\n",
        report.run_id,
        report.status.as_str(),
        (report.finished_at - report.started_at).num_milliseconds() as f64 / 1000.0
    ));
    out.push_str(&counts_table(&report.counts));
    for n in report.notices.iter().take(20) {
        out.push_str(&format!("\nnote: {n}"));
    }
    if report.notices.len() > 20 {
        out.push_str(&format!(
            "\nnote: … and {} more (use --output json for all)",
            report.notices.len() - 20
        ));
    }
    for e in report.errors.iter().take(10) {
        out.push_str(&format!("\nerror: {e}"));
    }
    for d in &report.notes.duplicates_removed {
        out.push_str(&format!(
            "\nremoved duplicate timesheet {} of Zammad entry {} (kept {})",
            d.removed, d.entry, d.kept
        ));
    }
    if let Some(u) = &report.notes.unsettled {
        out.push_str(&format!("\n{}.", u.sentence()));
    }
    let open = report.open_conflict_total();
    if open > 0 {
        out.push_str(&format!(
            "\n{open} open conflict{} ({}).\nResolve them with `syncd conflicts resolve` (list: `syncd conflicts list`).",
            if open == 1 { "" } else { "s" },
            by_reason(&report.open_conflicts)
        ));
    }
    output::write_stdout(&out)
}

/// `target-edited: 2, unmapped-user: 1`.
pub(super) fn by_reason(open: &std::collections::BTreeMap<String, u64>) -> String {
    open.iter()
        .map(|(r, n)| format!("{r}: {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The non-zero counts as a table.
pub(super) fn counts_table(c: &crate::sync::Counts) -> String {
    let rows = [
        ("fetched from Zammad", c.fetched),
        ("created", c.created),
        ("updated", c.updated),
        ("deleted", c.deleted),
        ("linked (already in Kimai)", c.linked),
        ("unchanged", c.unchanged),
        ("skipped", c.skipped),
        ("conflicts", c.conflicts),
        ("failed", c.failed),
        ("sent, answer unclear (waits to settle)", c.unsettled),
        ("waiting for a customer, project or activity", c.waiting),
        ("duplicates removed", c.duplicates_removed),
        ("customers created", c.customers_created),
        ("projects created", c.projects_created),
        ("activities created", c.activities_created),
    ];
    output::table(
        rows.into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(o, n)| CountRow {
                outcome: o,
                count: n,
            }),
        "nothing to do",
    )
}

pub(super) fn render_plan(plan: &Plan) -> String {
    const SHOW: usize = 15;
    let mut out = String::new();
    for c in &plan.new_customers {
        out.push_str(&format!("create customer  {}\n", c.name));
    }
    for p in &plan.new_projects {
        out.push_str(&format!("create project   {}\n", p.name));
    }
    for a in &plan.new_activities {
        out.push_str(&format!("create activity  {}\n", a.name));
    }
    let rows = plan.items.iter().take(SHOW).map(|i| {
        let (action, begin, end, minutes) = match &i.op {
            Op::Create { desired } => (
                "create",
                Some(desired.begin),
                Some(desired.end),
                Some(desired),
            ),
            Op::Update { desired, .. } => (
                "update",
                Some(desired.begin),
                Some(desired.end),
                Some(desired),
            ),
            Op::Delete { .. } => ("delete", None, None, None),
            Op::Link { .. } => ("link", None, None, None),
            Op::Skip { .. } => ("skip", None, None, None),
        };
        let fmt = |t: Option<DateTime<Utc>>| {
            t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default()
        };
        PlanRow {
            action: action.into(),
            entry: i.entry.to_string(),
            ticket: i
                .ticket_number
                .clone()
                .map(|n| format!("#{n}"))
                .unwrap_or_default(),
            begin: fmt(begin),
            end: fmt(end),
            minutes: minutes
                .map(|d| (d.end - d.begin).num_minutes().to_string())
                .unwrap_or_default(),
        }
    });
    out.push_str(&output::table(rows, "no timesheet changes"));
    if plan.items.len() > SHOW {
        out.push_str(&format!(
            "\n… and {} more (use --output json for all)",
            plan.items.len() - SHOW
        ));
    }
    if let Some(g) = &plan.guard {
        out.push_str(&format!("\nguard: {g}"));
    }
    out
}
