//! `syncd runs undo RUN [--dry-run] [--resync]`.

use super::Context;
use super::args::UndoArgs;
use crate::error::ExitCode;
use crate::output::{self, Column};
use crate::sync::undo::{self, UndoReport, UndoRequest};

pub(super) fn run(ctx: &Context, args: UndoArgs) -> anyhow::Result<ExitCode> {
    let env = super::sync_cmd::env(ctx);
    let req = UndoRequest {
        run: args.id,
        dry_run: args.dry_run,
        resync: args.resync,
        wait: args.wait,
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let report = ctx.block_on(undo::undo(&env, &req, stop))?;
    if ctx.json() {
        output::print_json(&report)?;
    } else {
        output::write_stdout(&render(&report))?;
    }
    Ok(match report.exit {
        0 => ExitCode::Ok,
        3 => ExitCode::ConflictsOpen,
        75 => ExitCode::Retryable,
        _ => ExitCode::Failure,
    })
}

fn render(r: &UndoReport) -> String {
    if let Some(why) = &r.nothing {
        return why.clone();
    }
    let mut out = vec![match (&r.undo_run, r.dry_run) {
        (_, true) => format!(
            "Dry run: nothing was changed and no conflict recorded. Undoing run {} would:",
            r.run
        ),
        (Some(u), false) => format!("Undo of run {} (run {u}):", r.run),
        (None, false) => format!("Undo of run {}:", r.run),
    }];
    let rows = r
        .changes
        .iter()
        .map(|c| {
            vec![
                c.entry.to_string(),
                c.action.as_str().to_string(),
                c.timesheet.to_string(),
                serde_json::to_value(c.outcome)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                c.detail.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.push(output::fit_table(
        &[
            Column::keep("entry"),
            Column::keep("run did"),
            Column::keep("timesheet"),
            Column::keep("undo"),
            Column::keep("detail").wrap().min(20),
        ],
        rows,
        output::stdout_width(),
        "",
    ));
    let c = &r.counts;
    let parts: Vec<String> = [
        ("deleted", c.deleted),
        ("restored", c.restored),
        ("recreated", c.recreated),
        ("released for the next sync", c.released),
        ("conflicts", c.conflicts),
        ("skipped", c.skipped),
        ("failed", c.failed),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(w, n)| format!("{w}: {n}"))
    .collect();
    out.push(parts.join(", "));
    if c.conflicts > 0 && !r.dry_run {
        out.push(
            "Records changed in Kimai since the run are left as they are, as conflicts \
             (`syncd conflicts list`)."
                .into(),
        );
    }
    if !r.dry_run && (c.deleted + c.restored + c.recreated) > 0 {
        out.push(if r.resync {
            "The next sync books the undone entries again.".into()
        } else {
            "The undone entries are held: syncs leave them alone (release them with \
             `syncd runs undo RUN --resync`)."
                .into()
        });
    }
    out.join("\n")
}
