//! `syncd doctor`: everything that is wrong with this set-up and what to do, in the order
//! an admin would look: config and identity, the store, each connector, mappings,
//! conflicts, runs, schedules, webhook secrets, the daemon. Exit 0 when nothing must be
//! fixed (warnings allowed), 1 otherwise. Read-only, except what `connector test` caches.

mod connectors;
mod daemon;
mod history;
mod local;
mod report;

use super::args::GlobalArgs;
use crate::error::ExitCode;
use crate::output;
use report::{Check, Report};

pub(super) fn run(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let format = match global.output {
        super::args::OutputFormat::Table => output::Format::Table,
        super::args::OutputFormat::Json => output::Format::Json,
    };
    let checks = match super::resolve_context(global) {
        // Without a valid config nothing else can be trusted: say so and stop.
        Err(e) => vec![Check::fail(
            "config",
            "file",
            super::render_error(&e),
            "fix the config file, then `syncd config check`",
        )],
        Ok(ctx) => examine(&ctx)?,
    };
    let report = Report::new(checks);
    output::emit(format, &report, || report.render())?;
    Ok(if report.healthy {
        ExitCode::Ok
    } else {
        ExitCode::Failure
    })
}

fn examine(ctx: &super::Context) -> anyhow::Result<Vec<Check>> {
    let mut checks = vec![local::config(ctx)];
    let (identity, loaded) = local::identity(ctx);
    checks.push(identity);
    let store = local::store(ctx, &mut checks);
    if let Some(store) = &store {
        connectors::all(ctx, store, loaded.as_ref(), &mut checks)?;
        history::missing_mappings(store, &mut checks)?;
        history::conflicts(store, &mut checks)?;
        history::runs(store, &mut checks)?;
        local::schedules(store, &mut checks)?;
        local::webhooks(ctx, store, loaded.as_ref(), &mut checks)?;
    }
    checks.push(daemon::check(ctx, store.as_ref()));
    Ok(checks)
}
