//! Command-line front end: parse, set up logging, resolve settings once, dispatch to one
//! handler per command group. Handlers turn clap types into plain structs for the core.

pub mod args;
pub mod context;
mod logging;
pub mod schedule;
pub mod serve;
pub mod webhook;

use crate::error::{ExitCode, exit_code_for};
use clap::Parser;

pub use context::Context;

/// Parse arguments, run the command, and return the process exit code.
pub fn main() -> u8 {
    let cli = args::Cli::parse();
    logging::init(&cli.global);
    match run(cli) {
        Ok(code) => code.code(),
        Err(err) => {
            let code = exit_code_for(&err);
            eprintln!("error: {}", render_error(&err));
            code.code()
        }
    }
}

/// `a: b: c` for an error and its causes, without repeating identical messages.
pub fn render_error(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

fn run(cli: args::Cli) -> anyhow::Result<ExitCode> {
    let _ = cli;
    Ok(ExitCode::Ok)
}
