//! The `connectors` table: one row per configured Zammad or Kimai instance. The token is
//! age ciphertext; the plaintext never reaches the store.

use super::StoreError;
use super::error::known;
use super::{Store, now_text};
use crate::ids::ConnectorId;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorKind {
    Zammad,
    Kimai,
}

impl ConnectorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectorKind::Zammad => "zammad",
            ConnectorKind::Kimai => "kimai",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "zammad" => Some(ConnectorKind::Zammad),
            "kimai" => Some(ConnectorKind::Kimai),
            _ => None,
        }
    }
}

impl fmt::Display for ConnectorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Per-connector settings, stored as JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorSettings {
    /// Zammad: what one `time_unit` means (minute, hour, quarter, <N>m).
    #[serde(default)]
    pub time_unit: Option<String>,
    /// Zammad: stable slug used in Kimai markers; set once at `connector add`.
    #[serde(default)]
    pub marker_key: Option<String>,
    /// Request timeout in seconds (overrides `sync.timeout_secs`).
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// Kimai: the API user's timezone, cached from `GET /api/users/me`.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Kimai: the server version (`GET /api/version`) and when it was read; it decides
    /// how `modified_after` is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_checked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Kimai: evidence of its rounding rule from its answers to syncd's writes (greatest
    /// common divisor, in seconds, of the begin and end times it stored; see
    /// `sync::rounding::RoundingSeen`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding_begin_gcd_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding_end_gcd_secs: Option<u64>,
    /// Kimai: the timesheet rules (tracking mode, overlapping, future times) as last read
    /// from `GET /api/config/timesheet` by `connector test` or a sync that wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timesheet_rules: Option<crate::kimai::TimesheetConfig>,
    /// Zammad: the unit changed and no entries have confirmed it yet; the next sync runs
    /// the unit guard (`sync::unit_guard`) even though the ledger has rows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unit_check_pending: bool,
}

/// A stored connector. `token_ciphertext` is age ciphertext; decrypt with
/// `secrets::LoadedIdentity::decrypt_connector_token`.
#[derive(Clone, PartialEq)]
pub struct ConnectorRow {
    pub id: ConnectorId,
    pub name: String,
    pub kind: ConnectorKind,
    pub base_url: String,
    pub token_ciphertext: Vec<u8>,
    pub settings: ConnectorSettings,
    pub created_at: String,
    pub updated_at: String,
}

impl fmt::Debug for ConnectorRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectorRow")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field(
                "token_ciphertext",
                &format_args!("<{} bytes>", self.token_ciphertext.len()),
            )
            .field("settings", &self.settings)
            .finish()
    }
}

/// What to insert.
#[derive(Clone)]
pub struct NewConnector {
    pub name: String,
    pub kind: ConnectorKind,
    pub base_url: String,
    pub token_ciphertext: Vec<u8>,
    pub settings: ConnectorSettings,
}

/// How many rows elsewhere refer to a connector (`connector remove` refuses unless --force).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ConnectorUsage {
    pub mappings: u64,
    pub ledger: u64,
    pub conflicts: u64,
}

impl ConnectorUsage {
    pub fn is_empty(&self) -> bool {
        self.mappings == 0 && self.ledger == 0 && self.conflicts == 0
    }
}

const COLUMNS: &str =
    "id, name, kind, base_url, token_ciphertext, settings, created_at, updated_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConnectorRow> {
    let settings: String = r.get(5)?;
    Ok(ConnectorRow {
        id: ConnectorId(r.get(0)?),
        name: r.get(1)?,
        kind: known(r, 2, "connectors", "kind", ConnectorKind::parse)?,
        base_url: r.get(3)?,
        token_ciphertext: r.get(4)?,
        settings: serde_json::from_str(&settings)
            .map_err(|_| super::error::unknown(5, "connectors", "settings", settings))?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

impl Store {
    pub fn insert_connector(&self, new: &NewConnector) -> super::Result<ConnectorRow> {
        let now = now_text();
        self.conn()
            .execute(
                "INSERT INTO connectors (name, kind, base_url, token_ciphertext, settings, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    new.name,
                    new.kind.as_str(),
                    new.base_url,
                    new.token_ciphertext,
                    serde_json::to_string(&new.settings)?,
                    now
                ],
            )
            .map_err(StoreError::doing(format!("cannot add connector {}", new.name)))?;
        let id = ConnectorId(self.conn().last_insert_rowid());
        self.connector_by_id(id)?.ok_or_else(|| {
            StoreError::Missing(format!("connector {} vanished after insert", new.name))
        })
    }

    pub fn connector_by_name(&self, name: &str) -> super::Result<Option<ConnectorRow>> {
        let sql = format!("SELECT {COLUMNS} FROM connectors WHERE name = ?1");
        Ok(self.conn().query_row(&sql, [name], from_row).optional()?)
    }

    pub fn connector_by_id(&self, id: ConnectorId) -> super::Result<Option<ConnectorRow>> {
        let sql = format!("SELECT {COLUMNS} FROM connectors WHERE id = ?1");
        Ok(self.conn().query_row(&sql, [id.0], from_row).optional()?)
    }

    /// All connectors, by kind then name.
    pub fn list_connectors(&self) -> super::Result<Vec<ConnectorRow>> {
        let sql = format!("SELECT {COLUMNS} FROM connectors ORDER BY kind DESC, name");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn connectors_of_kind(&self, kind: ConnectorKind) -> super::Result<Vec<ConnectorRow>> {
        Ok(self
            .list_connectors()?
            .into_iter()
            .filter(|c| c.kind == kind)
            .collect())
    }

    /// Write name, base_url, token and settings of `row` (by id); bumps `updated_at`.
    pub fn update_connector(&self, row: &ConnectorRow) -> super::Result<ConnectorRow> {
        let n = self
            .conn()
            .execute(
                "UPDATE connectors SET name = ?2, base_url = ?3, token_ciphertext = ?4, settings = ?5,
                 updated_at = ?6 WHERE id = ?1",
                params![
                    row.id.0,
                    row.name,
                    row.base_url,
                    row.token_ciphertext,
                    serde_json::to_string(&row.settings)?,
                    now_text()
                ],
            )
            .map_err(StoreError::doing(format!("cannot update connector {}", row.name)))?;
        if n != 1 {
            return Err(StoreError::Missing(format!(
                "connector {} does not exist",
                row.name
            )));
        }
        self.connector_by_id(row.id)?.ok_or_else(|| {
            StoreError::Missing(format!("connector {} vanished after update", row.name))
        })
    }

    /// Store only new settings (e.g. the Kimai timezone cache).
    pub fn update_connector_settings(
        &self,
        id: ConnectorId,
        settings: &ConnectorSettings,
    ) -> super::Result<()> {
        self.conn().execute(
            "UPDATE connectors SET settings = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, serde_json::to_string(settings)?, now_text()],
        )?;
        Ok(())
    }

    pub fn connector_usage(&self, id: ConnectorId) -> super::Result<ConnectorUsage> {
        let count = |table: &str| -> super::Result<u64> {
            let sql = format!(
                "SELECT COUNT(*) FROM {table} WHERE zammad_connector_id = ?1 OR kimai_connector_id = ?1"
            );
            Ok(self
                .conn()
                .query_row(&sql, [id.0], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(ConnectorUsage {
            mappings: count("mappings")?,
            ledger: count("ledger")?,
            conflicts: count("conflicts")?,
        })
    }

    /// Delete a connector and (by cascade) everything that refers to it: mappings, ledger,
    /// conflicts, cursors, caches. Callers check `connector_usage` first.
    pub fn delete_connector(&mut self, id: ConnectorId) -> super::Result<bool> {
        let tx = self.conn_mut().transaction()?;
        for table in ["mappings", "ledger", "conflicts", "sync_state"] {
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE zammad_connector_id = ?1 OR kimai_connector_id = ?1"
                ),
                [id.0],
            )?;
        }
        tx.execute("DELETE FROM cache WHERE connector_id = ?1", [id.0])?;
        let n = tx.execute("DELETE FROM connectors WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(n == 1)
    }
}
