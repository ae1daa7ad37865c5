//! Plan files: `syncd sync --plan-out FILE`, `syncd plan show FILE`, `syncd apply FILE`.

use super::Context;
use super::args::{ApplyArgs, PlanCommand};
use super::dry_run::{self, Heading, PairNames};
use crate::error::{Error, ExitCode};
use crate::sync::engine::{self, Later};
use crate::sync::planfile::{self, PlanFile};
use crate::sync::{self, SyncEnv, SyncRequest, Trigger};
use std::path::Path;

/// `sync --plan-out FILE`: plan, write the file, print the plan as the dry run does and
/// exit as it would. A plan the guards refuse is not written.
pub(super) fn write(
    ctx: &Context,
    env: &SyncEnv,
    req: &SyncRequest,
    file: &Path,
) -> anyhow::Result<ExitCode> {
    let prepared = ctx.block_on(sync::prepare_only(env, req))?;
    let report = engine::dry_report(env, &prepared)?;
    if let Some(guard) = &prepared.plan.guard {
        return Err(anyhow::anyhow!(
            "{guard}; the plan was not written to {}",
            file.display()
        ));
    }
    let code = dry_run::would_exit(&report);
    let plan_file = PlanFile::new(prepared, &ctx.actor, code.code());
    planfile::write(file, &plan_file)?;
    let names = PairNames {
        zammad: Some(&plan_file.prepared.connectors.zammad.name),
        kimai: Some(&plan_file.prepared.connectors.kimai.name),
    };
    dry_run::print(ctx, env, &names, &report, Heading::Written(file))
}

pub(super) fn run(ctx: &Context, cmd: PlanCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PlanCommand::Show { file } => show(ctx, &file),
    }
}

/// `plan show FILE`: the plan as the dry run prints it, with what it would leave open now.
fn show(ctx: &Context, file: &Path) -> anyhow::Result<ExitCode> {
    let plan_file = planfile::read(file)?;
    let env = super::sync_cmd::env(ctx);
    let report = engine::dry_report(&env, &plan_file.prepared)?;
    let names = PairNames {
        zammad: Some(&plan_file.prepared.connectors.zammad.name),
        kimai: Some(&plan_file.prepared.connectors.kimai.name),
    };
    dry_run::print(ctx, &env, &names, &report, Heading::File(file, &plan_file))
}

/// `apply FILE`: exactly the plan, under the lease, or nothing (exit 2) when what it
/// depends on moved since.
pub(super) fn apply(ctx: &Context, args: ApplyArgs) -> anyhow::Result<ExitCode> {
    let plan_file = planfile::read(&args.file)?;
    let env = super::sync_cmd::env(ctx);
    let later = Later {
        trigger: Trigger::Manual,
        wait: args.wait,
        origin: Some("plan"),
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let result = ctx.block_on(sync::apply_later(&env, plan_file.prepared, later, stop));
    let report = result.map_err(|e| match e.downcast::<Error>() {
        Ok(Error::Usage(msg)) => Error::usage(format!("{}: {msg}", args.file.display())).into(),
        Ok(other) => other.into(),
        Err(e) => e,
    })?;
    super::sync_cmd::print_report(ctx, &report)?;
    Ok(super::sync_cmd::exit_code(&report))
}
