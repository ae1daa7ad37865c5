//! The `schedules` table (cron schedules for the daemon) and skipped-run rows.

use super::StoreError;
use super::error::known;
use super::{Store, now_text};
use crate::schedule::{Concurrency, CronExpr, ScheduleKind, ScheduleScope, parse_timezone};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A schedule as stored, parsed: what `schedule set` validated is read back typed, and a
/// value this syncd cannot read (hand edit, newer syncd) is refused, not guessed at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub name: String,
    pub cron: CronExpr,
    pub timezone: Tz,
    pub concurrency: Concurrency,
    pub scope: ScheduleScope,
    pub kind: ScheduleKind,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// What `schedule set` saves: everything but the name's state (enabled, timestamps).
#[derive(Debug, Clone)]
pub struct ScheduleDef {
    pub cron: CronExpr,
    pub timezone: Tz,
    pub concurrency: Concurrency,
    pub scope: ScheduleScope,
    pub kind: ScheduleKind,
}

fn row_to_schedule(row: &rusqlite::Row<'_>) -> rusqlite::Result<Schedule> {
    const T: &str = "schedules";
    Ok(Schedule {
        name: row.get(0)?,
        cron: known(row, 1, T, "cron", |s| CronExpr::parse(s).ok())?,
        timezone: known(row, 2, T, "timezone", |s| parse_timezone(s).ok())?,
        concurrency: known(row, 3, T, "concurrency", Concurrency::parse)?,
        scope: known(row, 4, T, "scope", ScheduleScope::parse)?,
        enabled: row.get::<_, i64>(5)? != 0,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        kind: known(row, 8, T, "kind", ScheduleKind::parse)?,
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
    /// update.
    pub fn upsert_schedule(&self, name: &str, def: &ScheduleDef) -> super::Result<Schedule> {
        let now = now_text();
        self.conn()
            .execute(
                "INSERT INTO schedules (name, cron, timezone, concurrency, scope, kind, enabled, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?7, 1, ?6, ?6)
                 ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone,
                   concurrency = excluded.concurrency, scope = excluded.scope, kind = excluded.kind,
                   updated_at = excluded.updated_at",
                params![
                    name,
                    def.cron.as_str(),
                    def.timezone.name(),
                    def.concurrency.as_str(),
                    def.scope.as_str(),
                    now,
                    def.kind.as_str()
                ],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> ScheduleDef {
        ScheduleDef {
            cron: CronExpr::parse("0 3 * * *").unwrap(),
            timezone: chrono_tz::Europe::Berlin,
            concurrency: Concurrency::Queue,
            scope: ScheduleScope::Full,
            kind: ScheduleKind::Check,
        }
    }

    #[test]
    fn saved_schedule_reads_back_typed() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("db")).unwrap();
        let saved = store.upsert_schedule("nightly", &def()).unwrap();
        let text: (String, String, String, String, String) = store
            .raw()
            .query_row(
                "SELECT cron, timezone, concurrency, scope, kind FROM schedules",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            text,
            (
                "0 3 * * *".into(),
                "Europe/Berlin".into(),
                "queue".into(),
                "full".into(),
                "check".into()
            )
        );
        assert_eq!(store.get_schedule("nightly").unwrap(), Some(saved));
    }

    #[test]
    fn a_value_this_syncd_cannot_read_is_refused_by_name() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(&tmp.path().join("db")).unwrap();
        store.upsert_schedule("nightly", &def()).unwrap();
        // The schema's CHECKs guard three columns; a newer syncd's schema may not.
        store
            .raw()
            .execute_batch("PRAGMA ignore_check_constraints = ON")
            .unwrap();
        for (column, value) in [
            ("concurrency", "burst"),
            ("scope", "weekly"),
            ("kind", "report"),
            ("timezone", "Mars/Base"),
            ("cron", "61 * * * *"),
        ] {
            let good: String = store
                .raw()
                .query_row(&format!("SELECT {column} FROM schedules"), [], |r| r.get(0))
                .unwrap();
            let set = format!("UPDATE schedules SET {column} = ?1");
            store.raw().execute(&set, [value]).unwrap();
            let e = store.list_schedules().unwrap_err().to_string();
            assert_eq!(
                e,
                format!(
                    "the store's schedules.{column} holds `{value}`, which this version of \
                     syncd does not know"
                )
            );
            store.raw().execute(&set, [good]).unwrap();
        }
        assert_eq!(store.list_schedules().unwrap().len(), 1);
    }
}
