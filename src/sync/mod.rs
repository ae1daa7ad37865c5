//! The sync engine: fetch → normalize → plan (pure) → apply (effects) → record.
//! Called the same way by `syncd sync`, the daemon's schedules and webhooks, and the demo.

use crate::config::Settings;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::PathBuf;

/// Who started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    Manual,
    Schedule,
    Webhook,
    /// The daemon came back for creates whose answer was unclear, once they can settle.
    Retry,
}

impl Trigger {
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Manual => "manual",
            Trigger::Schedule => "schedule",
            Trigger::Webhook => "webhook",
            Trigger::Retry => "retry",
        }
    }
}

/// A ticket chosen by its Zammad id (webhooks) or its number (people).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketSelector {
    Id(i64),
    Number(String),
}

/// Everything a run needs besides the store: plain data, no clap.
#[derive(Debug, Clone)]
pub struct SyncEnv {
    pub settings: Settings,
    pub db_path: PathBuf,
    pub data_dir: PathBuf,
    /// Recorded as the actor of audit rows.
    pub actor: String,
    /// Where the run reports its progress (the CLI draws it on a terminal).
    pub events: events::Events,
}

/// What to sync. `Default` is an incremental manual run over the only connector pair.
#[derive(Debug, Clone, Default)]
pub struct SyncRequest {
    pub trigger: Option<Trigger>,
    pub full: bool,
    pub dry_run: bool,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub ticket: Option<TicketSelector>,
    /// Several tickets by Zammad id (conflict resolution re-syncs what it touched).
    pub ticket_ids: Vec<i64>,
    pub force: bool,
    /// Wait for the lease instead of failing with a retryable error.
    pub wait: bool,
    /// Name of the schedule that fired, if any.
    pub schedule: Option<String>,
    /// Connector names; default: the only connector of each kind.
    pub zammad: Option<String>,
    pub kimai: Option<String>,
    /// A drift check (`syncd check`): read every timesheet syncd made in Kimai, not only
    /// those modified since the last run, and keep what was read with the plan.
    pub check: bool,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Succeeded,
    /// Finished; open conflicts remain (exit 3).
    Conflicts,
    Failed,
    /// The lease was held and the trigger's policy was to skip.
    Skipped,
    Interrupted,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Succeeded => "succeeded",
            RunStatus::Conflicts => "conflicts",
            RunStatus::Failed => "failed",
            RunStatus::Skipped => "skipped",
            RunStatus::Interrupted => "interrupted",
        }
    }
}

/// Counts by outcome, as stored in `runs.counts` and printed in summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Counts {
    pub fetched: u64,
    pub created: u64,
    pub updated: u64,
    pub deleted: u64,
    pub linked: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub conflicts: u64,
    pub failed: u64,
    /// Creates sent this run whose answer was unclear: they wait to settle.
    pub unsettled: u64,
    /// Timesheets not written because a customer, project or activity waits to settle.
    pub waiting: u64,
    /// Extra copies deleted (`sync.duplicates: delete-extra`).
    pub duplicates_removed: u64,
    pub customers_created: u64,
    pub projects_created: u64,
    pub activities_created: u64,
    pub tags_created: u64,
}

/// The result of one run.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub run_id: String,
    pub trigger: Trigger,
    pub status: RunStatus,
    pub dry_run: bool,
    pub counts: Counts,
    /// Open conflicts in the store after the run, by reason code.
    pub open_conflicts: std::collections::BTreeMap<String, u64>,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub errors: Vec<String>,
    /// What an admin should know about this run, worth saying but not worth failing it for
    /// (a match refused, an interval moved, the sync tag missing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// Some items failed with errors worth retrying, or creates wait to settle (exit 75).
    pub retryable: bool,
    /// Unsettled creates and removed duplicates (top-level keys in JSON).
    #[serde(flatten)]
    pub notes: RunNotes,
    /// The plan, for dry runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<plan::Plan>,
}

/// What a run has to say besides its counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunNotes {
    /// Creates whose outcome is not known yet (the run exits 75).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unsettled: Option<settle::Unsettled>,
    /// Extra copies syncd deleted, each one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates_removed: Vec<apply::RemovedDuplicate>,
}

impl RunReport {
    pub fn open_conflict_total(&self) -> u64 {
        self.open_conflicts.values().sum()
    }
}

pub(crate) mod apply;
pub(crate) mod check;
pub(crate) mod connect;
mod dry;
pub(crate) mod engine;
pub(crate) mod events;
pub(crate) mod execute;
pub(crate) mod fetch;
pub(crate) mod inputs;
pub(crate) mod layout;
pub(crate) mod lease;
pub(crate) mod mapping_key;
pub(crate) mod mapping_source;
pub mod marker;
pub(crate) mod matching;
pub(crate) mod model;
pub(crate) mod normalize;
pub(crate) mod plan;
pub(crate) mod planfile;
pub(crate) mod prepare;
pub(crate) mod record;
pub(crate) mod references;
pub(crate) mod resolve;
pub(crate) mod rounding;
pub(crate) mod rules;
pub(crate) mod server;
pub(crate) mod session;
pub(crate) mod settle;
pub(crate) mod undo;
mod undo_steps;

pub use engine::{apply_later, dry_run, prepare_only, run, run_with_stop};
pub(crate) mod unit_guard;
pub(crate) mod units;
pub(crate) mod waiting;
pub(crate) mod wallclock;
pub(crate) mod zones;
