//! Stateful Zammad and Kimai simulators on loopback, for integration tests, `syncd demo`
//! and benchmarks. Each sim runs its own hyper server on a dedicated thread with its own
//! tokio runtime, so both blocking and async test code can talk to it. The crate does not
//! depend on syncd: it is the server, not a mirror of syncd's code.
//!
//! ```text
//! let zammad = ZammadSim::start("ztoken")?;               // Token token=ztoken (or Bearer)
//! let kimai = KimaiSim::start("ktoken", "Europe/Berlin")?; // Bearer ktoken, API user tz
//! Dataset::generate(42, DatasetSize::default()).load_into(&zammad, &kimai);
//! // ... run syncd against zammad.base_url() / kimai.base_url() ...
//! assert_eq!(kimai.request_count("POST /api/timesheets"), zammad.entries().len() as u64);
//! kimai.set_faults(FaultConfig { drop_rate: 0.1, error_rate: 0.1, ..Default::default() });
//! ```
//!
//! Per request: record (log + counter by kind) → authenticate → inject faults → handle.
//! Faults never hit unauthenticated requests or the test-side accessor methods.
//!
//! Besides the two stateful servers: `fake_api` answers canned bodies by path (for commands
//! that only read), `scripted` lets a closure answer each request (for syncd's HTTP client
//! tests), `harness` runs the syncd binary between the two sims.

pub mod clock;
pub mod datagen;
pub mod fake_api;
pub mod faults;
pub mod harness;
pub mod http;
pub mod kimai;
mod kimai_api;
mod kimai_catalog;
mod kimai_forms;
mod kimai_json;
mod kimai_model;
pub mod kimai_roles;
mod kimai_rules;
pub mod kimai_time;
mod kimai_timesheets;
pub mod marker;
pub mod openapi;
pub mod scripted;
pub mod webhook;
pub mod zammad;
mod zammad_api;
pub mod zammad_automation;
mod zammad_model;
mod zammad_write;

pub use datagen::{Dataset, DatasetSize};
pub use faults::{FaultConfig, FaultStats, Faults};
pub use http::RecordedRequest;
pub use kimai::KimaiSim;
pub use zammad::ZammadSim;

#[cfg(test)]
mod tests_kimai;
#[cfg(test)]
mod tests_kimai_rules;
#[cfg(test)]
mod tests_zammad;
#[cfg(test)]
mod tests_zammad_access;
#[cfg(test)]
mod tests_zammad_automation;
