//! YAML config → resolved `Settings` (flags > env > file > defaults).
//!
//! Every key is documented in `config.example.yaml`, which a test parses.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

mod load;
mod values;
pub use load::{LoadedConfig, closest, default_config_path, load, load_from_env};
pub use values::TrustedProxies;

/// The whole config file. Unknown keys are rejected at every level.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Directory for the store and the identity file.
    pub data_dir: Option<PathBuf>,
    /// SQLite file (default: <data_dir>/syncd.db).
    pub database: Option<PathBuf>,
    /// age identity file (default: <data_dir>/identity.txt).
    pub identity_file: Option<PathBuf>,
    #[serde(deserialize_with = "null_as_default")]
    pub sync: SyncSettings,
    #[serde(deserialize_with = "null_as_default")]
    pub daemon: DaemonSettings,
    #[serde(deserialize_with = "null_as_default")]
    pub audit: AuditSettings,
    #[serde(deserialize_with = "null_as_default")]
    pub notify: NotifySettings,
}

/// `notify:` with every key commented out is null in YAML; read it as the defaults.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ProjectPolicy {
    /// One Kimai project per Zammad ticket: `#<number> <title>`.
    PerTicket,
    /// One Kimai project per customer (organization).
    PerCustomer,
    /// Everything into `sync.fixed_project`.
    Fixed,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnmappedUserPolicy {
    /// Book the entry as the Kimai API user.
    ApiUser,
    /// Raise an `unmapped-user` conflict.
    Conflict,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SourceDeletedPolicy {
    /// Delete the Kimai timesheet.
    Delete,
    /// Raise a `source-deleted` conflict.
    Conflict,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NegativeCorrectionPolicy {
    /// Shorten the latest synced timesheet of the same ticket, agent and activity.
    Net,
    /// Raise a `negative-correction` conflict.
    Conflict,
    /// Ignore negative entries.
    Skip,
}

/// Which instant Zammad's `created_at` stands for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TimeAnchor {
    /// created_at is the end; begin = end − duration (the agent logs time when done).
    End,
    /// created_at is the begin; end = begin + duration.
    Begin,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SyncSettings {
    /// Re-read entries updated this many minutes before the cursor.
    pub lookback_minutes: u32,
    /// Parallel Kimai writes.
    pub concurrency: usize,
    /// Attempts per request for retryable failures (5xx, 429, timeouts, resets).
    pub retries: u32,
    /// Request timeout, written in seconds with fractions allowed (connector setting wins).
    #[serde(rename = "timeout_secs", with = "values::timeout_secs")]
    pub timeout: Duration,
    pub time_anchor: TimeAnchor,
    pub project_policy: ProjectPolicy,
    /// Kimai project id or name for `project_policy: fixed`.
    pub fixed_project: Option<String>,
    /// Kimai activity id or name for entries whose type is not mapped; none = conflict.
    pub default_activity: Option<String>,
    /// Create Kimai activities named after unmapped Zammad types.
    pub auto_create_activities: bool,
    pub unmapped_user: UnmappedUserPolicy,
    pub source_deleted: SourceDeletedPolicy,
    pub negative_correction: NegativeCorrectionPolicy,
    /// Tag put on every synced timesheet (created in Kimai first).
    pub tag: String,
    /// Customer for tickets without an organization.
    pub no_organization_customer: String,
    /// Refuse (unless --force) when a run would change or delete more than this share of
    /// synced timesheets.
    pub max_change_share: f64,
    /// The share guard only applies when the ledger holds at least this many entries.
    pub guard_min_entries: usize,
    /// A create whose answer was ambiguous (timeout, reset, 5xx, a page that is not JSON)
    /// is settled by a search only this many seconds after it was sent: longer than any
    /// server or proxy timeout, so a write Kimai is still working on has landed.
    pub settle_secs: u64,
    /// What a complete read does with extra timesheets carrying one entry's marker.
    pub duplicates: DuplicatesPolicy,
}

/// Extra Kimai timesheets with the same marker (a double POST, a copy made by hand).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicatesPolicy {
    /// Raise a `duplicate-marker` conflict naming every copy.
    Conflict,
    /// Delete the extra copies, keep the one the ledger links (or the oldest), and report
    /// each removal in the run.
    DeleteExtra,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            lookback_minutes: 15,
            concurrency: 4,
            retries: 6,
            timeout: Duration::from_secs(30),
            time_anchor: TimeAnchor::End,
            project_policy: ProjectPolicy::PerTicket,
            fixed_project: None,
            default_activity: None,
            auto_create_activities: false,
            unmapped_user: UnmappedUserPolicy::Conflict,
            source_deleted: SourceDeletedPolicy::Conflict,
            negative_correction: NegativeCorrectionPolicy::Conflict,
            tag: "zammad".into(),
            no_organization_customer: "Zammad (no organization)".into(),
            max_change_share: 0.5,
            guard_min_entries: 20,
            settle_secs: 120,
            duplicates: DuplicatesPolicy::Conflict,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DaemonSettings {
    #[serde(with = "values::listen")]
    pub listen: SocketAddr,
    /// Peers whose X-Forwarded-For is believed.
    pub trusted_proxies: TrustedProxies,
    /// Largest webhook body accepted, in bytes (413 beyond).
    pub webhook_max_body_bytes: usize,
    /// Optional HTTP Basic user for webhooks (password from the webhook secret store).
    pub webhook_basic_user: Option<String>,
    /// Require `Authorization: Bearer <one of the webhook secrets>` as well as the signature.
    pub webhook_require_bearer: bool,
    /// Seconds to wait for more webhooks on the same ticket before syncing it.
    pub webhook_coalesce_secs: u64,
    /// Keep delivery ids this long for de-duplication.
    pub delivery_retention_hours: u32,
    /// Seconds between scheduler checks for changed schedules.
    pub schedule_reload_secs: u64,
    /// Most open client connections; more wait in the kernel's queue until one closes.
    pub max_connections: usize,
    /// Deadline for a whole request, headers and body (408 after), and for an idle
    /// keep-alive connection to send its next request.
    pub request_timeout_secs: u64,
    /// Bytes that all request bodies larger than 64 KiB may hold in memory together; a large
    /// body that finds the budget spent gets 503. Small bodies never wait for it.
    pub body_budget_bytes: usize,
    /// `/readyz` answers 503 when the store's filesystem has less free space than this.
    pub min_free_mb: u64,
    /// When set, `/metrics` needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// A second, loopback-only address for `/metrics` and `/readyz`; when set, the main
    /// address no longer serves them.
    #[serde(with = "values::admin_listen")]
    pub admin_listen: Option<SocketAddr>,
}

impl Default for DaemonSettings {
    fn default() -> Self {
        DaemonSettings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            trusted_proxies: TrustedProxies::default(),
            webhook_max_body_bytes: 1024 * 1024,
            webhook_basic_user: None,
            webhook_require_bearer: false,
            webhook_coalesce_secs: 2,
            delivery_retention_hours: 48,
            schedule_reload_secs: 2,
            max_connections: 256,
            request_timeout_secs: 15,
            body_budget_bytes: 16 * 1024 * 1024,
            min_free_mb: 100,
            metrics_token: None,
            admin_listen: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AuditSettings {
    /// Access rows older than this are pruned (sync and config rows are kept).
    pub retention_days: u32,
    /// Store size guard: no new access rows while the store holds this many (they are
    /// counted in metrics instead, and `/readyz` says so).
    pub max_access_rows: u64,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings {
            retention_days: 90,
            max_access_rows: 1_000_000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct NotifySettings {
    /// POST a JSON body here when a run fails or conflicts pile up.
    #[serde(with = "values::notify_url")]
    pub url: Option<url::Url>,
    /// Run this command (via sh -c) with details in SYNCD_* env vars.
    pub command: Option<String>,
    /// Notify when open conflicts exceed this number.
    pub conflicts_threshold: Option<u64>,
}
