//! Stateful Zammad and Kimai simulators on loopback, for integration tests, `syncd demo`
//! and benchmarks. Each sim runs its own hyper server on a dedicated thread with its own
//! tokio runtime, so both blocking and async test code can talk to it.

pub mod datagen;
pub mod faults;
pub mod http;
pub mod kimai;
mod kimai_api;
mod kimai_catalog;
mod kimai_forms;
mod kimai_json;
mod kimai_model;
pub mod kimai_time;
mod kimai_timesheets;
pub mod openapi;
pub mod webhook;
pub mod zammad;
mod zammad_api;
mod zammad_model;
mod zammad_write;

pub use faults::{FaultConfig, FaultStats, Faults};
pub use http::RecordedRequest;
pub use kimai::KimaiSim;
pub use zammad::ZammadSim;

#[cfg(test)]
mod tests_kimai;
#[cfg(test)]
mod tests_zammad;
