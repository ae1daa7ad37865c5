//! The `mappings` table: Zammad types, organizations, tickets and agents → Kimai ids, per
//! connector pair.

use super::{Store, now_text};
use crate::ids::ConnectorId;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum MappingKind {
    /// Zammad time accounting type id → Kimai activity.
    Activity,
    /// Zammad organization id (or `none`) → Kimai customer.
    Customer,
    /// `ticket:<id>` or `org:<id>` → Kimai project.
    Project,
    /// Zammad user id → Kimai user.
    User,
}

impl MappingKind {
    pub const ALL: [MappingKind; 4] = [
        MappingKind::Activity,
        MappingKind::Customer,
        MappingKind::Project,
        MappingKind::User,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MappingKind::Activity => "activity",
            MappingKind::Customer => "customer",
            MappingKind::Project => "project",
            MappingKind::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for MappingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingRow {
    pub id: i64,
    pub zammad_connector_id: ConnectorId,
    pub kimai_connector_id: ConnectorId,
    pub kind: MappingKind,
    pub source_key: String,
    pub source_name: Option<String>,
    pub target_id: i64,
    pub target_name: Option<String>,
    pub auto_created: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// What to upsert (keyed by pair, kind and source key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMapping {
    pub zammad_connector_id: ConnectorId,
    pub kimai_connector_id: ConnectorId,
    pub kind: MappingKind,
    pub source_key: String,
    pub source_name: Option<String>,
    pub target_id: i64,
    pub target_name: Option<String>,
    pub auto_created: bool,
}

/// Which mappings to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct MappingFilter {
    pub zammad_connector_id: Option<ConnectorId>,
    pub kimai_connector_id: Option<ConnectorId>,
    pub kind: Option<MappingKind>,
}

const COLUMNS: &str = "id, zammad_connector_id, kimai_connector_id, kind, source_key, source_name, \
                       target_id, target_name, auto_created, created_at, updated_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MappingRow> {
    Ok(MappingRow {
        id: r.get(0)?,
        zammad_connector_id: ConnectorId(r.get(1)?),
        kimai_connector_id: ConnectorId(r.get(2)?),
        kind: super::error::known(r, 3, "mappings", "kind", MappingKind::parse)?,
        source_key: r.get(4)?,
        source_name: r.get(5)?,
        target_id: r.get(6)?,
        target_name: r.get(7)?,
        auto_created: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

fn upsert(conn: &rusqlite::Connection, m: &NewMapping) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO mappings (zammad_connector_id, kimai_connector_id, kind, source_key, source_name,
                               target_id, target_name, auto_created, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (zammad_connector_id, kimai_connector_id, kind, source_key) DO UPDATE SET
           source_name = COALESCE(excluded.source_name, source_name),
           target_id = excluded.target_id, target_name = excluded.target_name,
           auto_created = excluded.auto_created, updated_at = excluded.updated_at",
        params![
            m.zammad_connector_id.0,
            m.kimai_connector_id.0,
            m.kind.as_str(),
            m.source_key,
            m.source_name,
            m.target_id,
            m.target_name,
            m.auto_created,
            now_text()
        ],
    )?;
    Ok(())
}

impl Store {
    /// Insert or replace the mapping for (pair, kind, source key); returns the stored row.
    pub fn upsert_mapping(&self, m: &NewMapping) -> super::Result<MappingRow> {
        upsert(self.conn(), m)?;
        self.mapping(
            m.zammad_connector_id,
            m.kimai_connector_id,
            m.kind,
            &m.source_key,
        )?
        .ok_or_else(|| super::StoreError::Missing("mapping vanished after upsert".into()))
    }

    /// Upsert many in one transaction: all or nothing.
    pub fn upsert_mappings(&mut self, items: &[NewMapping]) -> super::Result<usize> {
        let tx = self.conn_mut().transaction()?;
        for m in items {
            upsert(&tx, m)?;
        }
        tx.commit()?;
        Ok(items.len())
    }

    pub fn mapping(
        &self,
        zammad: ConnectorId,
        kimai: ConnectorId,
        kind: MappingKind,
        source_key: &str,
    ) -> super::Result<Option<MappingRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM mappings WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2
             AND kind = ?3 AND source_key = ?4"
        );
        Ok(self
            .conn()
            .query_row(
                &sql,
                params![zammad.0, kimai.0, kind.as_str(), source_key],
                from_row,
            )
            .optional()?)
    }

    /// Mappings matching the filter, by kind then source key.
    pub fn list_mappings(&self, f: &MappingFilter) -> super::Result<Vec<MappingRow>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM mappings
             WHERE (?1 IS NULL OR zammad_connector_id = ?1) AND (?2 IS NULL OR kimai_connector_id = ?2)
               AND (?3 IS NULL OR kind = ?3)
             ORDER BY zammad_connector_id, kimai_connector_id, kind, length(source_key), source_key"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(
            params![
                f.zammad_connector_id.map(|c| c.0),
                f.kimai_connector_id.map(|c| c.0),
                f.kind.map(MappingKind::as_str)
            ],
            from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Remove one mapping; false when there was none.
    pub fn delete_mapping(
        &self,
        zammad: ConnectorId,
        kimai: ConnectorId,
        kind: MappingKind,
        source_key: &str,
    ) -> super::Result<bool> {
        let n = self.conn().execute(
            "DELETE FROM mappings WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2
             AND kind = ?3 AND source_key = ?4",
            params![zammad.0, kimai.0, kind.as_str(), source_key],
        )?;
        Ok(n > 0)
    }
}

impl Store {
    /// Record names found later for a mapping made by id (`mapping list` shows them).
    pub fn set_mapping_names(
        &self,
        id: i64,
        source_name: Option<&str>,
        target_name: Option<&str>,
    ) -> super::Result<()> {
        self.conn().execute(
            "UPDATE mappings SET source_name = COALESCE(?2, source_name), \
             target_name = COALESCE(?3, target_name) WHERE id = ?1",
            rusqlite::params![id, source_name, target_name],
        )?;
        Ok(())
    }
}
