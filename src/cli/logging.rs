//! Logs go to stderr only: human lines by default, JSON with `--log-format json`. Colour
//! only on a terminal and without `NO_COLOR`. `serve` logs at info by default, so the
//! journal says what the daemon does; other commands at warn.

use super::args::{GlobalArgs, LogFormat};
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Libraries that talk too much at info (refinery announces every migration).
const QUIET: &str = "hyper=warn,reqwest=warn,rustls=warn,refinery=warn,refinery_core=warn";

pub(super) fn init(global: &GlobalArgs, daemon: bool) {
    let default = if global.quiet {
        "error"
    } else {
        match (global.verbose, daemon) {
            (0, false) => "warn",
            (0, true) | (1, _) => "info",
            (2, _) => "debug",
            _ => "trace",
        }
    };
    // SYNCD_LOG (or RUST_LOG) wins over -v/-q for fine-grained filters.
    let filter = std::env::var("SYNCD_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(format!("{default},{QUIET}")));
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    let _ = match global.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Human => builder.with_target(false).try_init(),
    };
}
