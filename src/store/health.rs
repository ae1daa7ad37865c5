//! What the daemon's `/readyz` and `/metrics`, and `syncd doctor`, read from the store.

use super::Store;
use std::time::Duration;

impl Store {
    /// True when a write transaction can start within `wait` (another connection may hold
    /// the write lock: a sync, a CLI command, a backup).
    pub fn probe_writable(&self, wait: Duration) -> super::Result<()> {
        let conn = self.conn();
        conn.busy_timeout(wait)?;
        let result = conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;");
        conn.busy_timeout(super::BUSY_TIMEOUT)?;
        Ok(result?)
    }

    pub fn open_conflict_count(&self) -> super::Result<u64> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM conflicts WHERE status = 'open'",
            [],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    /// Unix seconds of the end of the last real run that succeeded or left conflicts.
    pub fn last_success_unix(&self) -> super::Result<Option<i64>> {
        let t: Option<String> = self.conn().query_row(
            "SELECT max(finished_at) FROM runs WHERE status IN ('succeeded', 'conflicts') AND dry_run = 0",
            [],
            |r| r.get(0),
        )?;
        Ok(
            t.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.timestamp()),
        )
    }

    /// `PRAGMA integrity_check`: empty when the file is sound, else SQLite's findings
    /// (at most 10).
    pub fn integrity_problems(&self) -> super::Result<Vec<String>> {
        let mut stmt = self.conn().prepare("PRAGMA integrity_check(10)")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let found: Vec<String> = rows.collect::<Result<_, _>>()?;
        Ok(found.into_iter().filter(|r| r != "ok").collect())
    }
}
