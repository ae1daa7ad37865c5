//! `syncd runs list | show ID`.

use super::Context;
use super::args::RunsCommand;
use crate::error::{Error, ExitCode};
use crate::output::{self, Column};
use crate::store::runs::{RunEntry, RunRow};
use serde::Serialize;

fn count(r: &RunRow, key: &str) -> u64 {
    r.counts.get(key).and_then(|v| v.as_u64()).unwrap_or(0)
}

/// `2026-11-02 10:00:03` from the stored RFC 3339 text.
fn short_time(ts: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(ts)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| ts.to_string())
}

fn seconds(r: &RunRow) -> String {
    r.duration_secs
        .map(|d| format!("{d:.1}"))
        .unwrap_or_default()
}

/// Columns by importance: on a narrow terminal the least important go first, then the id
/// is cut (a prefix is enough for `runs show`).
fn list_columns() -> Vec<Column> {
    vec![
        Column::keep("id").min(14),
        Column::optional("trigger", 3),
        Column::optional("scope", 2),
        Column::keep("status"),
        Column::optional("started (UTC)", 6).min(19),
        Column::optional("seconds", 1),
        Column::keep("created"),
        Column::optional("updated", 5),
        Column::optional("deleted", 4),
        Column::keep("conflicts"),
        Column::keep("failed"),
    ]
}

fn list_row(r: &RunRow) -> Vec<String> {
    vec![
        r.id.clone(),
        r.trigger.clone(),
        r.scope.clone(),
        r.status.clone(),
        short_time(&r.started_at),
        seconds(r),
        count(r, "created").to_string(),
        count(r, "updated").to_string(),
        count(r, "deleted").to_string(),
        count(r, "conflicts").to_string(),
        count(r, "failed").to_string(),
    ]
}

/// A run with what it did per entry, as `runs show --output json` prints it.
#[derive(Serialize)]
struct RunDetail<'a> {
    #[serde(flatten)]
    run: &'a RunRow,
    entries: &'a [RunEntry],
}

pub(super) fn run(ctx: &Context, cmd: RunsCommand) -> anyhow::Result<ExitCode> {
    if let RunsCommand::Undo(args) = cmd {
        return super::undo_cmd::run(ctx, args);
    }
    let store = ctx.open_store()?;
    match cmd {
        RunsCommand::Undo(_) => unreachable!("handled above"),
        RunsCommand::List { limit } => {
            let runs = store.list_runs(limit)?;
            if ctx.json() {
                output::print_json(&runs)?;
            } else {
                output::write_stdout(&output::fit_table(
                    &list_columns(),
                    runs.iter().map(list_row).collect(),
                    output::stdout_width(),
                    "no runs yet",
                ))?;
            }
        }
        RunsCommand::Show { id } => {
            let run = store.get_run(&id)?.ok_or_else(|| {
                Error::usage(format!("no run with id `{id}` (see `syncd runs list`)"))
            })?;
            let entries = store.run_entries(&run.id)?;
            if ctx.json() {
                output::print_json(&RunDetail {
                    run: &run,
                    entries: &entries,
                })?;
            } else {
                output::write_stdout(&render(&run, &entries))?;
            }
        }
    }
    Ok(ExitCode::Ok)
}

fn render(run: &RunRow, entries: &[RunEntry]) -> String {
    const SHOW: usize = 200;
    let width = output::stdout_width();
    let mut out = vec![format!(
        "Run {} · {} · {} · {}",
        run.id, run.trigger, run.scope, run.status
    )];
    let mut when = format!("started {} UTC", short_time(&run.started_at));
    if let Some(f) = &run.finished_at {
        when.push_str(&format!(
            ", finished {} UTC ({} s)",
            short_time(f),
            seconds(run)
        ));
    }
    if let Some(s) = &run.schedule {
        when.push_str(&format!(", schedule {s}"));
    }
    out.push(when);
    if let Some(w) = run.window.as_ref().filter(|w| {
        w.as_object()
            .is_some_and(|o| o.values().any(|v| !v.is_null()))
    }) {
        let part = |k: &str| w.get(k).and_then(|v| v.as_str()).unwrap_or("-").to_string();
        out.push(format!(
            "window: since {} until {}",
            part("since"),
            part("until")
        ));
    }
    if let Some(e) = &run.error {
        out.push(format!("error: {e}"));
    }
    match serde_json::from_value::<crate::sync::Counts>(run.counts.clone()) {
        Ok(c) => out.push(super::sync_cmd::counts_table(&c)),
        Err(_) => out.push(format!("counts: {}", run.counts)),
    }
    if entries.is_empty() {
        out.push("no entries recorded for this run".into());
    } else {
        out.push(format!("Entries ({}):", entries.len()));
        let rows = entries
            .iter()
            .take(SHOW)
            .map(|e| {
                let detail = match (&e.reason, &e.error) {
                    (Some(r), Some(d)) => format!("{r}: {d}"),
                    (Some(r), None) => r.clone(),
                    (None, Some(d)) => d.clone(),
                    (None, None) => String::new(),
                };
                vec![
                    e.entry.map(|e| e.to_string()).unwrap_or_default(),
                    e.ticket_number
                        .as_ref()
                        .map(|t| format!("#{t}"))
                        .unwrap_or_default(),
                    e.outcome.clone(),
                    e.timesheet.map(|t| t.to_string()).unwrap_or_default(),
                    detail,
                ]
            })
            .collect();
        out.push(output::fit_table(
            &[
                Column::keep("entry"),
                Column::optional("ticket", 1),
                Column::keep("outcome"),
                Column::keep("timesheet"),
                Column::keep("detail").wrap().min(20),
            ],
            rows,
            width,
            "",
        ));
        if entries.len() > SHOW {
            out.push(format!(
                "… and {} more (use --output json for all)",
                entries.len() - SHOW
            ));
        }
    }
    out.join("\n")
}
