//! The one integration test binary: every test runs the real `syncd` in a temp home.
//! Add a module per command group.

mod pty;
mod scenario;
mod support;

mod audit;
mod config;
mod conflicts;
mod connector;
mod daemon;
mod exactly_once;
mod generate;
mod init;
mod live;
mod mapping;
mod secrets;
mod sync;
