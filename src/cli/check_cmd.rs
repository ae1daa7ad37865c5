//! `syncd check [--full]`: drift between Zammad and Kimai, for monitoring.

use super::Context;
use super::args::CheckArgs;
use crate::error::{Error, ExitCode};
use crate::output::{self, Column};
use crate::sync::check::{self, CheckReport, CheckRequest};

pub(super) fn run(ctx: &Context, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let time = |flag: &str, v: &Option<String>| {
        v.as_deref()
            .map(|v| super::time_arg::parse(flag, v))
            .transpose()
    };
    let (since, until) = (time("--since", &args.since)?, time("--until", &args.until)?);
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        return Err(Error::usage("--since must be before --until").into());
    }
    let req = CheckRequest {
        full: args.full,
        since,
        until,
        zammad: args.pair.zammad,
        kimai: args.pair.kimai,
    };
    let env = super::sync_cmd::env(ctx);
    let report = match ctx.block_on(check::check(&env, &req)) {
        Ok(r) => r,
        // A wrong flag or connector name is the caller's (exit 2); anything else means the
        // comparison could not be made: monitoring retries (exit 75).
        Err(e)
            if e.chain()
                .any(|c| matches!(c.downcast_ref::<Error>(), Some(Error::Usage(_)))) =>
        {
            return Err(e);
        }
        Err(e) => {
            let message = crate::error::render_error(&e);
            if ctx.json() {
                output::print_json(&serde_json::json!({
                    "checked": false,
                    "exit": ExitCode::Retryable.code(),
                    "error": message,
                }))?;
            }
            eprintln!("error: cannot check: {message}");
            return Ok(ExitCode::Retryable);
        }
    };
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        output::write_stdout(&render(&report))?;
    }
    Ok(if report.in_sync {
        ExitCode::Ok
    } else {
        ExitCode::ConflictsOpen
    })
}

fn render(r: &CheckReport) -> String {
    let window = match (r.full, r.since) {
        (true, None) => "every entry".to_string(),
        (_, Some(s)) => format!("entries created since {}", s.format("%Y-%m-%d")),
        (false, None) => "entries changed since the last sync".to_string(),
    };
    let mut out = vec![if r.in_sync {
        format!("In sync: Zammad and Kimai agree ({window}), no open conflicts.")
    } else {
        let open: u64 = r.open_conflicts.values().sum();
        format!(
            "Drift: {} entr{} differ or wait ({window}); {open} open conflict{}.",
            r.drifted_entries,
            if r.drifted_entries == 1 { "y" } else { "ies" },
            if open == 1 { "" } else { "s" }
        )
    }];
    out.push(String::new());
    out.push(
        "Totals per customer and month (minutes; Kimai: the synced entries' timesheets):".into(),
    );
    let rows = r
        .totals
        .iter()
        .map(|t| {
            vec![
                t.customer.clone(),
                t.month.clone(),
                t.entries.to_string(),
                t.zammad_minutes.to_string(),
                t.kimai_minutes.to_string(),
                format!("{:+}", t.difference),
                if t.not_synced > 0 {
                    format!("{} ({} min)", t.not_synced, t.not_synced_minutes)
                } else {
                    "0".into()
                },
            ]
        })
        .collect();
    out.push(output::fit_table(
        &[
            Column::keep("customer").wrap().min(12),
            Column::keep("month"),
            Column::optional("entries", 1),
            Column::keep("Zammad"),
            Column::keep("Kimai"),
            Column::keep("difference"),
            Column::optional("not synced", 2),
        ],
        rows,
        output::stdout_width(),
        "no entries in this window",
    ));
    if !r.drift.is_empty() {
        const SHOW: usize = 50;
        out.push(String::new());
        out.push("Drift:".into());
        let rows = r
            .drift
            .iter()
            .take(SHOW)
            .map(|d| {
                vec![
                    d.kind.to_string(),
                    d.entry.map(|e| e.to_string()).unwrap_or_default(),
                    d.ticket_number
                        .as_ref()
                        .map(|t| format!("#{t}"))
                        .unwrap_or_default(),
                    d.timesheet.map(|t| t.to_string()).unwrap_or_default(),
                    match (&d.reason, d.conflict_id) {
                        (Some(r), Some(id)) => format!("{r} (conflict {id})"),
                        (Some(r), None) => r.clone(),
                        _ => String::new(),
                    },
                    d.detail.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.push(output::fit_table(
            &[
                Column::keep("kind"),
                Column::keep("entry"),
                Column::optional("ticket", 2),
                Column::optional("timesheet", 1),
                Column::keep("reason"),
                Column::keep("detail").wrap().min(20),
            ],
            rows,
            output::stdout_width(),
            "",
        ));
        if r.drift.len() > SHOW {
            out.push(format!(
                "… and {} more (use --output json for all)",
                r.drift.len() - SHOW
            ));
        }
    }
    out.join("\n")
}
