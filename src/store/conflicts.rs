//! Stored conflicts: detected by sync, resolved by people or scripts.

use super::error::known;
use super::ledger::Pair;
use super::{Store, now_text};
use crate::conflicts::{Reason, Status};
use crate::ids::ZammadEntryId;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::BTreeMap;

pub(crate) use crate::sync::model::NewConflict;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictRow {
    pub id: i64,
    pub reason: Reason,
    pub status: Status,
    pub zammad_entry_id: Option<i64>,
    pub kimai_timesheet_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub customer: Option<String>,
    pub source: Option<serde_json::Value>,
    pub target: Option<serde_json::Value>,
    pub detail: Option<String>,
    pub resolution: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<String>,
    pub run_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip)]
    pub zammad_connector_id: i64,
    #[serde(skip)]
    pub kimai_connector_id: i64,
}

const COLUMNS: &str = "id, reason, status, zammad_entry_id, kimai_timesheet_id, ticket_number, customer, \
    source, target, detail, resolution, resolved_by, resolved_at, run_id, created_at, updated_at, \
    zammad_connector_id, kimai_connector_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConflictRow> {
    let json = |v: Option<String>| v.and_then(|s| serde_json::from_str(&s).ok());
    Ok(ConflictRow {
        id: r.get(0)?,
        reason: known(r, 1, "conflicts", "reason", |s| s.parse().ok())?,
        status: known(r, 2, "conflicts", "status", Status::parse)?,
        zammad_entry_id: r.get(3)?,
        kimai_timesheet_id: r.get(4)?,
        ticket_number: r.get(5)?,
        customer: r.get(6)?,
        source: json(r.get(7)?),
        target: json(r.get(8)?),
        detail: r.get(9)?,
        resolution: r.get(10)?,
        resolved_by: r.get(11)?,
        resolved_at: r.get(12)?,
        run_id: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        zammad_connector_id: r.get(16)?,
        kimai_connector_id: r.get(17)?,
    })
}

/// Filters for `conflicts list`; all combine.
#[derive(Debug, Clone, Default)]
pub struct ConflictFilter {
    pub status: Option<Status>,
    pub reason: Option<Reason>,
    pub ticket_number: Option<String>,
    pub customer: Option<String>,
    pub since: Option<String>,
    pub ids: Vec<i64>,
}

impl Store {
    /// Store a conflict; an open one for the same entry and reason is refreshed instead of
    /// duplicated. Returns the conflict id.
    pub fn upsert_conflict(
        &self,
        pair: Pair,
        c: &NewConflict,
        run_id: Option<&str>,
    ) -> super::Result<i64> {
        let now = now_text();
        let js = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
        let existing: Option<i64> = match c.entry {
            Some(entry) => self
                .conn()
                .query_row(
                    "SELECT id FROM conflicts WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 \
                     AND zammad_entry_id = ?3 AND reason = ?4 AND status = 'open'",
                    params![pair.zammad.0, pair.kimai.0, entry.0, c.reason.as_str()],
                    |r| r.get(0),
                )
                .optional()?,
            None => None,
        };
        if let Some(id) = existing {
            self.conn().execute(
                "UPDATE conflicts SET kimai_timesheet_id = ?2, ticket_number = ?3, customer = ?4, \
                 source = ?5, target = ?6, detail = ?7, run_id = ?8, updated_at = ?9 WHERE id = ?1",
                params![
                    id,
                    c.timesheet.map(|t| t.0),
                    c.ticket_number,
                    c.customer,
                    js(&c.source),
                    js(&c.target),
                    c.detail,
                    run_id,
                    now
                ],
            )?;
            return Ok(id);
        }
        self.conn().execute(
            "INSERT INTO conflicts (zammad_connector_id, kimai_connector_id, reason, zammad_entry_id, \
               kimai_timesheet_id, ticket_number, customer, source, target, detail, status, run_id, \
               created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open', ?11, ?12, ?12)",
            params![
                pair.zammad.0,
                pair.kimai.0,
                c.reason.as_str(),
                c.entry.map(|e| e.0),
                c.timesheet.map(|t| t.0),
                c.ticket_number,
                c.customer,
                js(&c.source),
                js(&c.target),
                c.detail,
                run_id,
                now
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn list_conflicts(&self, f: &ConflictFilter) -> super::Result<Vec<ConflictRow>> {
        let mut sql = format!("SELECT {COLUMNS} FROM conflicts WHERE 1=1");
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        if let Some(s) = f.status {
            sql.push_str(" AND status = ?");
            args.push(Box::new(s.as_str()));
        }
        if let Some(r) = f.reason {
            sql.push_str(" AND reason = ?");
            args.push(Box::new(r.as_str()));
        }
        if let Some(t) = &f.ticket_number {
            sql.push_str(" AND ticket_number = ?");
            args.push(Box::new(t.trim_start_matches('#').to_string()));
        }
        if let Some(c) = &f.customer {
            sql.push_str(" AND customer = ? COLLATE NOCASE");
            args.push(Box::new(c.clone()));
        }
        if let Some(s) = &f.since {
            sql.push_str(" AND created_at >= ?");
            args.push(Box::new(s.clone()));
        }
        if !f.ids.is_empty() {
            let marks = vec!["?"; f.ids.len()].join(",");
            sql.push_str(&format!(" AND id IN ({marks})"));
            for id in &f.ids {
                args.push(Box::new(*id));
            }
        }
        sql.push_str(" ORDER BY id");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(
            rusqlite::params_from_iter(args.iter().map(|a| a.as_ref())),
            from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn get_conflict(&self, id: i64) -> super::Result<Option<ConflictRow>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM conflicts WHERE id = ?1"),
                params![id],
                from_row,
            )
            .optional()?)
    }

    pub fn set_conflict_status(
        &self,
        id: i64,
        status: Status,
        resolution: Option<&str>,
        actor: Option<&str>,
    ) -> super::Result<()> {
        let now = now_text();
        let resolved_at = (status != Status::Open).then(|| now.clone());
        self.conn().execute(
            "UPDATE conflicts SET status = ?2, resolution = ?3, resolved_by = ?4, resolved_at = ?5, \
             updated_at = ?6 WHERE id = ?1",
            params![id, status.as_str(), resolution, actor, resolved_at, now],
        )?;
        Ok(())
    }

    /// Close every open conflict of an entry (it synced cleanly now), except `keep`.
    pub fn resolve_entry_conflicts(
        &self,
        pair: Pair,
        entry: ZammadEntryId,
        resolution: &str,
    ) -> super::Result<usize> {
        let now = now_text();
        Ok(self.conn().execute(
            "UPDATE conflicts SET status = 'resolved', resolution = ?4, resolved_by = 'syncd', \
             resolved_at = ?5, updated_at = ?5 \
             WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 AND zammad_entry_id = ?3 \
             AND status = 'open'",
            params![pair.zammad.0, pair.kimai.0, entry.0, resolution, now],
        )?)
    }

    /// Close an entry's open conflicts because it is in sync again, except a
    /// `target-rejected` about a stored timesheet (Kimai holds other values than syncd
    /// sent): that stays until a person resolves it.
    pub fn settle_entry_conflicts(&self, pair: Pair, entry: ZammadEntryId) -> super::Result<usize> {
        let now = now_text();
        Ok(self.conn().execute(
            "UPDATE conflicts SET status = 'resolved', resolution = 'in sync', resolved_by = 'syncd', \
             resolved_at = ?4, updated_at = ?4 \
             WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 AND zammad_entry_id = ?3 \
             AND status = 'open' AND NOT (reason = 'target-rejected' AND kimai_timesheet_id IS NOT NULL)",
            params![pair.zammad.0, pair.kimai.0, entry.0, now],
        )?)
    }

    /// Open conflicts by reason code (all pairs when `pair` is None).
    pub fn open_conflicts_by_reason(
        &self,
        pair: Option<Pair>,
    ) -> super::Result<BTreeMap<String, u64>> {
        let mut stmt = self.conn().prepare(
            "SELECT reason, COUNT(*) FROM conflicts WHERE status = 'open' \
             AND (?1 IS NULL OR (zammad_connector_id = ?1 AND kimai_connector_id = ?2)) GROUP BY reason",
        )?;
        let rows = stmt.query_map(
            params![pair.map(|p| p.zammad.0), pair.map(|p| p.kimai.0)],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Open conflicts of one entry, by reason.
    pub fn open_conflict_reasons(
        &self,
        pair: Pair,
        entry: ZammadEntryId,
    ) -> super::Result<Vec<Reason>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT reason FROM conflicts WHERE zammad_connector_id = ?1 AND kimai_connector_id = ?2 \
             AND zammad_entry_id = ?3 AND status = 'open'",
        )?;
        let rows = stmt.query_map(params![pair.zammad.0, pair.kimai.0, entry.0], |r| {
            known(r, 0, "conflicts", "reason", |s| s.parse().ok())
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Store {
    /// The reason and detail of the entry's most recently touched open conflict.
    pub fn latest_open_conflict(
        &self,
        pair: Pair,
        entry: crate::ids::ZammadEntryId,
    ) -> super::Result<Option<(String, Option<String>)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT reason, detail FROM conflicts WHERE zammad_connector_id = ?1 \
                 AND kimai_connector_id = ?2 AND zammad_entry_id = ?3 AND status = 'open' \
                 ORDER BY updated_at DESC, id DESC LIMIT 1",
                params![pair.zammad.0, pair.kimai.0, entry.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}
