//! `syncd runs list | show ID`.

use super::Context;
use super::args::RunsCommand;
use crate::error::{Error, ExitCode};
use crate::output;
use crate::store::runs::RunRow;

#[derive(tabled::Tabled)]
struct Row {
    id: String,
    trigger: String,
    scope: String,
    status: String,
    started: String,
    seconds: String,
    created: u64,
    updated: u64,
    deleted: u64,
    conflicts: u64,
    failed: u64,
}

fn count(r: &RunRow, key: &str) -> u64 {
    r.counts.get(key).and_then(|v| v.as_u64()).unwrap_or(0)
}

fn row(r: &RunRow) -> Row {
    Row {
        id: r.id.clone(),
        trigger: r.trigger.clone(),
        scope: r.scope.clone(),
        status: r.status.clone(),
        started: r.started_at.clone(),
        seconds: r
            .duration_secs
            .map(|d| format!("{d:.1}"))
            .unwrap_or_default(),
        created: count(r, "created"),
        updated: count(r, "updated"),
        deleted: count(r, "deleted"),
        conflicts: count(r, "conflicts"),
        failed: count(r, "failed"),
    }
}

pub fn run(ctx: &Context, cmd: RunsCommand) -> anyhow::Result<ExitCode> {
    let store = ctx.open_store()?;
    match cmd {
        RunsCommand::List { limit } => {
            let runs = store.list_runs(limit)?;
            if ctx.json() {
                output::print_json(&runs)?;
            } else {
                output::write_stdout(&output::table(runs.iter().map(row), "no runs yet"))?;
            }
        }
        RunsCommand::Show { id } => {
            let run = store.get_run(&id)?.ok_or_else(|| {
                Error::usage(format!("no run with id `{id}` (see `syncd runs list`)"))
            })?;
            if ctx.json() {
                output::print_json(&run)?;
            } else {
                let mut text = output::table([row(&run)], "");
                if let Some(w) = &run.window {
                    text.push_str(&format!("\nwindow: {w}"));
                }
                text.push_str(&format!("\ncounts: {}", run.counts));
                if let Some(e) = &run.error {
                    text.push_str(&format!("\nerror: {e}"));
                }
                output::write_stdout(&text)?;
            }
        }
    }
    Ok(ExitCode::Ok)
}
