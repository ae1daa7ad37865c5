//! syncd: Zammad time accounting → Kimai timesheets, exactly once.
//!
//! Data flow: `zammad`/`kimai` clients fetch → `sync::normalize` → `sync::plan` (pure)
//! → `sync::apply` (effects) → `store` records. The CLI (`cli`) and the daemon (`daemon`)
//! call the same functions; nothing below `cli` sees clap.

pub mod audit;
pub mod cli;
pub mod config;
pub(crate) mod conflicts;
pub mod daemon;
pub(crate) mod error;
pub mod http;
pub(crate) mod ids;
pub(crate) mod kimai;
pub(crate) mod output;
pub(crate) mod schedule;
pub mod secrets;
pub mod store;
pub mod sync;
pub(crate) mod sys;
pub(crate) mod zammad;

pub use error::{Error, ExitCode, Result};
