//! Command-line front end: parse, set up logging, resolve settings once, dispatch to one
//! handler per command group. Handlers turn clap types into plain structs for the core.

pub(crate) mod args;
mod ask;
mod audit_cmd;
mod audit_export;
mod check_cmd;
pub(crate) mod clients;
mod clock_skew;
pub(crate) mod complete;
mod config_cmd;
mod conflict_facts;
pub(crate) mod conflict_view;
mod conflicts_cmd;
mod connector;
mod connector_check;
mod connector_test;
pub(crate) mod context;
mod cron_check;
#[cfg(feature = "demo")]
mod demo;
mod doctor;
mod dry_run;
mod generate;
mod init;
mod interrupt;
mod logging;
mod man_sections;
mod mapping;
mod mapping_file;
mod mapping_list_names;
mod mapping_names;
mod mapping_suggest;
pub(crate) mod names;
mod plan_cmd;
mod progress;
mod runs;
pub(crate) mod schedule;
pub(crate) mod serve;
mod sync_cmd;
pub(crate) mod time_arg;
mod timezone_check;
mod undo_cmd;
mod unit_check;
pub(crate) mod webhook;
mod webhook_install;

use crate::error::{ExitCode, exit_code_for, render_error};
use crate::output::Format;
use clap::Parser;

pub use context::Context;

/// Parse arguments, run the command, and return the process exit code.
pub fn main() -> u8 {
    // Once, before any thread starts: files syncd creates are private, and the identity
    // key text leaves the environment (children never see it).
    crate::sys::private_files();
    crate::secrets::take_identity_from_env();
    // `COMPLETE=bash syncd` prints a completion script; the shell then asks here.
    clap_complete::CompleteEnv::with_factory(<args::Cli as clap::CommandFactory>::command)
        .complete();
    let cli = args::Cli::parse();
    logging::init(&cli.global, matches!(cli.command, args::Command::Serve(_)));
    match run(cli) {
        Ok(code) => code.code(),
        Err(err) => {
            let code = exit_code_for(&err);
            eprintln!("error: {}", render_error(&err));
            code.code()
        }
    }
}

/// Resolve flags, environment and config file into a `Context`, once. Nothing past this
/// point sees clap.
pub fn resolve_context(global: &args::GlobalArgs) -> anyhow::Result<Context> {
    let loaded = crate::config::load(global.config.as_deref(), &context::env_var)?;
    let output = match global.output {
        args::OutputFormat::Table => Format::Table,
        args::OutputFormat::Json => Format::Json,
    };
    Ok(Context::from_loaded(loaded, global.db.clone(), output))
}

fn run(cli: args::Cli) -> anyhow::Result<ExitCode> {
    use args::Command as C;
    let global = &cli.global;
    match cli.command {
        C::Generate(cmd) => generate::run(cmd),
        C::Init(a) => init::run(global, a),
        C::Config(cmd) => config_cmd::run(&resolve_context(global)?, cmd),
        C::Connector(cmd) => connector::run(&resolve_context(global)?, cmd),
        C::Mapping(cmd) => mapping::run(&resolve_context(global)?, cmd),
        C::Audit(cmd) => audit_cmd::run(&resolve_context(global)?, cmd),
        C::Sync(a) => sync_cmd::run(&resolve_context(global)?, a),
        C::Apply(a) => plan_cmd::apply(&resolve_context(global)?, a),
        C::Check(a) => check_cmd::run(&resolve_context(global)?, a),
        C::Plan(cmd) => plan_cmd::run(&resolve_context(global)?, cmd),
        C::Runs(cmd) => runs::run(&resolve_context(global)?, cmd),
        C::Conflicts(cmd) => conflicts_cmd::run(&resolve_context(global)?, cmd),
        C::Serve(a) => serve::run(&resolve_context(global)?, &a),
        C::Schedule(cmd) => schedule::run(&resolve_context(global)?, cmd),
        C::Webhook(cmd) => webhook::run(&resolve_context(global)?, cmd),
        C::Doctor => doctor::run(global),
        #[cfg(feature = "demo")]
        C::Demo(a) => demo::run(a),
    }
}
