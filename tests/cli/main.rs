//! The one integration test binary: every test runs the real `syncd` in a temp home.
//! Add a module per command group.

mod pty;
mod scenario;
mod support;

mod admin;
mod audit;
mod audit_chain;
mod canned_answers;
mod config;
mod conflicts;
mod connector;
mod daemon;
mod daemon_limits;
mod daemon_ops;
mod edits;
mod exactly_once;
mod generate;
mod init;
mod mapping;
mod real_servers;
mod secrets;
mod sync;
mod webhook_install;
