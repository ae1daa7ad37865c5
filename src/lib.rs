//! syncd: Zammad time accounting → Kimai timesheets, exactly once.
//!
//! Data flow: `zammad`/`kimai` clients fetch → `sync::normalize` → `sync::plan` (pure)
//! → `sync::apply` (effects) → `store` records. The CLI (`cli`) and the daemon (`daemon`)
//! call the same functions; nothing below `cli` sees clap.

pub mod audit;
pub mod cli;
pub mod config;
pub mod conflicts;
pub mod daemon;
pub mod error;
pub mod http;
pub mod ids;
pub mod kimai;
pub mod output;
pub mod schedule;
pub mod secrets;
pub mod store;
pub mod sync;
pub mod sys;
pub mod zammad;

pub use error::{Error, ExitCode, Result};
