//! Audit events: who did what, from where. Recorded by the CLI, the daemon and sync runs;
//! stored by `store::audit`. Details never hold secrets.

pub mod chain;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which part of syncd recorded the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditSource {
    Cli,
    Http,
    Daemon,
}

/// `access` rows are pruned after the retention; `config` and `sync` rows are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditCategory {
    Access,
    Config,
    Sync,
}

impl AuditSource {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditSource::Cli => "cli",
            AuditSource::Http => "http",
            AuditSource::Daemon => "daemon",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cli" => Some(AuditSource::Cli),
            "http" => Some(AuditSource::Http),
            "daemon" => Some(AuditSource::Daemon),
            _ => None,
        }
    }
}

impl AuditCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditCategory::Access => "access",
            AuditCategory::Config => "config",
            AuditCategory::Sync => "sync",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "access" => Some(AuditCategory::Access),
            "config" => Some(AuditCategory::Config),
            "sync" => Some(AuditCategory::Sync),
            _ => None,
        }
    }
}

impl fmt::Display for AuditSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for AuditCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing that happened. `action` is a dotted verb like `connector.add`,
/// `mapping.remove`, `webhook.receive`, `sync.run`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub actor: String,
    pub source: AuditSource,
    pub category: AuditCategory,
    pub action: String,
    pub target: Option<String>,
    /// Free-form JSON; for config changes `{"before": …, "after": …}`. Never secrets.
    pub details: Option<serde_json::Value>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub run_id: Option<String>,
}

impl AuditEvent {
    /// A config change made from the command line by `actor`.
    pub fn cli_config(actor: &str, action: &str, target: Option<&str>) -> Self {
        AuditEvent {
            actor: actor.to_string(),
            source: AuditSource::Cli,
            category: AuditCategory::Config,
            action: action.to_string(),
            target: target.map(str::to_string),
            details: None,
            ip: None,
            user_agent: None,
            run_id: None,
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }
}

/// A stored audit row, as `syncd audit list --output json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    /// RFC 3339 UTC.
    pub ts: String,
    pub actor: String,
    pub source: String,
    pub category: String,
    pub action: String,
    pub target: Option<String>,
    pub details: Option<serde_json::Value>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub run_id: Option<String>,
}

/// Filters for `Store::query_audit`; all set filters must match (AND). Newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub category: Option<AuditCategory>,
    pub action: Option<String>,
    pub actor: Option<String>,
    pub ip: Option<String>,
    /// Inclusive lower bound.
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Exclusive upper bound.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    pub run_id: Option<String>,
    pub limit: Option<usize>,
}

/// An `access` row written by the daemon (source `http`): one authenticated or
/// refused-signature webhook delivery, or one client's refused requests in one minute.
/// Built on the request path, so it holds cheap values; text is made by the store writer.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessRow {
    pub ts: chrono::DateTime<chrono::Utc>,
    pub actor: &'static str,
    pub action: std::borrow::Cow<'static, str>,
    pub target: std::borrow::Cow<'static, str>,
    /// JSON object text.
    pub details: String,
    pub ip: Option<std::net::IpAddr>,
    pub user_agent: Option<String>,
}
