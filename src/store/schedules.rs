//! The `schedules` table (cron schedules for the daemon) and skipped-run rows.

use super::StoreError;
use super::{Store, now_text};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub name: String,
    pub cron: String,
    pub timezone: String,
    /// `skip` or `queue`
    pub concurrency: String,
    /// `incremental` or `full`
    pub scope: String,
    /// `sync`, or `check` (a drift check that sets the `syncd_drifted_entries` gauge)
    pub kind: String,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

fn row_to_schedule(row: &rusqlite::Row<'_>) -> rusqlite::Result<Schedule> {
    Ok(Schedule {
        name: row.get(0)?,
        cron: row.get(1)?,
        timezone: row.get(2)?,
        concurrency: row.get(3)?,
        scope: row.get(4)?,
        enabled: row.get::<_, i64>(5)? != 0,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        kind: row.get(8)?,
    })
}

const COLS: &str =
    "name, cron, timezone, concurrency, scope, enabled, created_at, updated_at, kind";

impl Store {
    pub fn list_schedules(&self) -> super::Result<Vec<Schedule>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("SELECT {COLS} FROM schedules ORDER BY name"))?;
        let rows = stmt.query_map([], row_to_schedule)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    pub fn get_schedule(&self, name: &str) -> super::Result<Option<Schedule>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLS} FROM schedules WHERE name = ?1"),
                [name],
                row_to_schedule,
            )
            .optional()?)
    }

    /// Insert or replace a schedule's definition; `created_at` and `enabled` survive an
    /// update. Validation (cron, timezone) is the caller's job.
    pub fn upsert_schedule(
        &self,
        name: &str,
        cron: &str,
        timezone: &str,
        concurrency: &str,
        scope: &str,
        kind: &str,
    ) -> super::Result<Schedule> {
        let now = now_text();
        self.conn()
            .execute(
                "INSERT INTO schedules (name, cron, timezone, concurrency, scope, kind, enabled, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?7, 1, ?6, ?6)
                 ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone,
                   concurrency = excluded.concurrency, scope = excluded.scope, kind = excluded.kind,
                   updated_at = excluded.updated_at",
                params![name, cron, timezone, concurrency, scope, now, kind],
            )
            .map_err(StoreError::doing("cannot save schedule"))?;
        self.get_schedule(name)?
            .ok_or_else(|| StoreError::Missing("schedule vanished after saving".into()))
    }

    /// Returns false when no schedule has that name.
    pub fn set_schedule_enabled(&self, name: &str, enabled: bool) -> super::Result<bool> {
        let n = self.conn().execute(
            "UPDATE schedules SET enabled = ?2, updated_at = ?3 WHERE name = ?1",
            params![name, enabled as i64, now_text()],
        )?;
        Ok(n > 0)
    }

    /// Returns false when no schedule has that name.
    pub fn remove_schedule(&self, name: &str) -> super::Result<bool> {
        Ok(self
            .conn()
            .execute("DELETE FROM schedules WHERE name = ?1", [name])?
            > 0)
    }

    /// Record a run that did not start because another was in progress (policy `skip`).
    pub fn record_skipped_run(
        &self,
        trigger: &str,
        scope: &str,
        schedule: Option<&str>,
        reason: &str,
    ) -> super::Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let now = now_text();
        self.conn().execute(
            "INSERT INTO runs (id, trigger, scope, started_at, finished_at, status, error, schedule)
             VALUES (?1, ?2, ?3, ?4, ?4, 'skipped', ?5, ?6)",
            params![id, trigger, scope, now, reason, schedule],
        )?;
        Ok(id)
    }
}
