//! The one integration test binary: every test runs the real `syncd` in a temp home.
//! Add a module per command group.
// Tests play the terminal and the service manager: ptys, signals, the passwd entry.
#![allow(unsafe_code)]

mod plans;
mod pty;
mod scenario;
mod support;

mod admin;
mod audit;
mod audit_chain;
mod canned_answers;
mod check;
mod config;
mod conflicts;
mod connector;
mod daemon;
mod daemon_limits;
mod daemon_ops;
mod daemon_settle;
mod doctor;
mod edits;
mod exactly_once;
mod generate;
mod guards;
mod init;
mod mapping;
mod real_servers;
mod secrets;
mod sync;
mod undo;
mod webhook_install;
