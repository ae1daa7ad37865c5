//! Logs go to stderr only: human lines by default, JSON with `--log-format json`.

use super::args::{GlobalArgs, LogFormat};
use tracing_subscriber::EnvFilter;

pub fn init(global: &GlobalArgs) {
    let default = if global.quiet {
        "error"
    } else {
        match global.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    // SYNCD_LOG (or RUST_LOG) wins over -v/-q for fine-grained filters.
    let filter = std::env::var("SYNCD_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| {
            EnvFilter::new(format!("{default},hyper=warn,reqwest=warn,rustls=warn"))
        });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match global.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Human => builder.with_target(false).try_init(),
    };
}
