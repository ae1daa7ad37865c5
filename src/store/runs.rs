//! Sync runs (one row each) and the single lease every trigger takes before syncing.

use super::{Store, now_text, ts_text};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunRow {
    pub id: String,
    pub trigger: String,
    pub scope: String,
    pub window: Option<serde_json::Value>,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: String,
    pub counts: serde_json::Value,
    pub error: Option<String>,
    pub dry_run: bool,
    pub schedule: Option<String>,
    /// Seconds from start to finish, when finished.
    pub duration_secs: Option<f64>,
}

fn run_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RunRow> {
    let started: String = r.get(4)?;
    let finished: Option<String> = r.get(5)?;
    let duration_secs = finished.as_ref().and_then(|f| {
        let a = DateTime::parse_from_rfc3339(&started).ok()?;
        let b = DateTime::parse_from_rfc3339(f).ok()?;
        Some((b - a).num_milliseconds() as f64 / 1000.0)
    });
    let window: Option<String> = r.get(3)?;
    let counts: String = r.get(7)?;
    Ok(RunRow {
        id: r.get(0)?,
        trigger: r.get(1)?,
        scope: r.get(2)?,
        window: window.and_then(|w| serde_json::from_str(&w).ok()),
        started_at: started,
        finished_at: finished,
        status: r.get(6)?,
        counts: serde_json::from_str(&counts).unwrap_or(serde_json::Value::Null),
        error: r.get(8)?,
        dry_run: r.get::<_, i64>(9)? != 0,
        schedule: r.get(10)?,
        duration_secs,
    })
}

const RUN_COLUMNS: &str =
    "id, trigger, scope, window, started_at, finished_at, status, counts, error, dry_run, schedule";

/// A new run row, before it starts.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    pub id: &'a str,
    pub trigger: &'a str,
    pub scope: &'a str,
    pub window: Option<serde_json::Value>,
    pub dry_run: bool,
    pub schedule: Option<&'a str>,
    pub status: &'a str,
}

impl Store {
    pub fn insert_run(&self, run: &NewRun<'_>) -> anyhow::Result<()> {
        let now = now_text();
        let finished = (run.status != "running").then(|| now.clone());
        self.conn().execute(
            "INSERT INTO runs (id, trigger, scope, window, started_at, finished_at, status, dry_run, schedule) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                run.id,
                run.trigger,
                run.scope,
                run.window.as_ref().map(|w| w.to_string()),
                now,
                finished,
                run.status,
                run.dry_run as i64,
                run.schedule,
            ],
        )?;
        Ok(())
    }

    pub fn finish_run(
        &self,
        id: &str,
        status: &str,
        counts: &serde_json::Value,
        error: Option<&str>,
    ) -> anyhow::Result<()> {
        self.conn().execute(
            "UPDATE runs SET status = ?2, counts = ?3, error = ?4, finished_at = ?5 WHERE id = ?1",
            params![id, status, counts.to_string(), error, now_text()],
        )?;
        Ok(())
    }

    pub fn list_runs(&self, limit: usize) -> anyhow::Result<Vec<RunRow>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM runs ORDER BY started_at DESC, id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map(params![limit as i64], run_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A run by full id or unique prefix.
    pub fn get_run(&self, id: &str) -> anyhow::Result<Option<RunRow>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM runs WHERE id LIKE ?1 || '%' ORDER BY started_at DESC LIMIT 2"
        ))?;
        let rows: Vec<RunRow> = stmt
            .query_map(params![id], run_from_row)?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            0 => Ok(None),
            1 => Ok(rows.into_iter().next()),
            _ => Err(crate::Error::usage(format!(
                "run id prefix `{id}` is ambiguous; give more characters"
            ))
            .into()),
        }
    }

    /// Runs left `running` by a process that died are marked `interrupted`.
    pub fn mark_interrupted(&self, run_id: &str) -> anyhow::Result<()> {
        self.conn().execute(
            "UPDATE runs SET status = 'interrupted', finished_at = ?2, \
             error = COALESCE(error, 'the process running this sync stopped before it finished') \
             WHERE id = ?1 AND status = 'running'",
            params![run_id, now_text()],
        )?;
        Ok(())
    }
}

/// Who holds the lease.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaseHolder {
    pub holder: String,
    pub pid: i64,
    pub run_id: Option<String>,
    pub acquired_at: String,
    pub expires_at: String,
}

impl std::fmt::Display for LeaseHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let since = DateTime::parse_from_rfc3339(&self.acquired_at)
            .map(|d| d.with_timezone(&Utc).format("%H:%M:%S UTC").to_string())
            .unwrap_or_else(|_| self.acquired_at.clone());
        write!(f, "{} (pid {}, since {})", self.holder, self.pid, since)
    }
}

const HOLDER_SQL: &str =
    "SELECT holder, pid, run_id, acquired_at, expires_at FROM run_lock WHERE id = 1";

fn holder_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeaseHolder> {
    Ok(LeaseHolder {
        holder: r.get(0)?,
        pid: r.get(1)?,
        run_id: r.get(2)?,
        acquired_at: r.get(3)?,
        expires_at: r.get(4)?,
    })
}

/// How long a lease lives without a heartbeat; a crashed holder's lease expires after this.
pub const LEASE_TTL_SECS: i64 = 60;

fn pid_alive(pid: i64) -> bool {
    if pid <= 0 || pid > i32::MAX as i64 {
        return false;
    }
    // Signal 0 checks existence; EPERM means it exists but belongs to someone else.
    let rc = unsafe { libc::kill(pid as libc::pid_t, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Outcome of trying to take the lease.
#[derive(Debug)]
pub enum LeaseAttempt {
    Acquired {
        /// A run left `running` by a dead holder whose lease we took over.
        took_over_run: Option<String>,
    },
    Held(LeaseHolder),
}

impl Store {
    /// Take the lease unless a live holder has it. A holder whose process is gone (same
    /// host) or whose lease expired is replaced.
    pub fn try_acquire_lease(
        &mut self,
        holder: &str,
        run_id: &str,
    ) -> anyhow::Result<LeaseAttempt> {
        let pid = std::process::id() as i64;
        let now = Utc::now();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("cannot lock the store to take the sync lease")?;
        let current = tx.query_row(HOLDER_SQL, [], holder_from_row).optional()?;
        let mut took_over = None;
        if let Some(cur) = current {
            let expired = DateTime::parse_from_rfc3339(&cur.expires_at)
                .map(|e| e.with_timezone(&Utc) < now)
                .unwrap_or(true);
            if !expired && pid_alive(cur.pid) && cur.pid != pid {
                return Ok(LeaseAttempt::Held(cur));
            }
            if cur.pid == pid && cur.run_id.as_deref() != Some(run_id) && !expired {
                return Ok(LeaseAttempt::Held(cur));
            }
            took_over = cur.run_id.clone();
        }
        let expires = now + Duration::seconds(LEASE_TTL_SECS);
        tx.execute(
            "INSERT INTO run_lock (id, holder, pid, run_id, acquired_at, heartbeat, expires_at) \
             VALUES (1, ?1, ?2, ?3, ?4, ?4, ?5) \
             ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, \
               run_id = excluded.run_id, acquired_at = excluded.acquired_at, \
               heartbeat = excluded.heartbeat, expires_at = excluded.expires_at",
            params![holder, pid, run_id, ts_text(now), ts_text(expires)],
        )?;
        if let Some(old) = &took_over {
            tx.execute(
                "UPDATE runs SET status = 'interrupted', finished_at = ?2, \
                 error = COALESCE(error, 'the process running this sync stopped before it finished') \
                 WHERE id = ?1 AND status = 'running'",
                params![old, ts_text(now)],
            )?;
        }
        tx.commit()?;
        Ok(LeaseAttempt::Acquired {
            took_over_run: took_over,
        })
    }

    /// Extend our lease; false when it is no longer ours.
    pub fn heartbeat_lease(&self, run_id: &str) -> anyhow::Result<bool> {
        let now = Utc::now();
        let n = self.conn().execute(
            "UPDATE run_lock SET heartbeat = ?2, expires_at = ?3 WHERE id = 1 AND run_id = ?1",
            params![
                run_id,
                ts_text(now),
                ts_text(now + Duration::seconds(LEASE_TTL_SECS))
            ],
        )?;
        Ok(n == 1)
    }

    pub fn release_lease(&self, run_id: &str) -> anyhow::Result<()> {
        self.conn().execute(
            "DELETE FROM run_lock WHERE id = 1 AND run_id = ?1",
            params![run_id],
        )?;
        Ok(())
    }

    pub fn lease_holder(&self) -> anyhow::Result<Option<LeaseHolder>> {
        Ok(self
            .conn()
            .query_row(HOLDER_SQL, [], holder_from_row)
            .optional()?)
    }
}

/// What a run did with one Zammad entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunEntry {
    pub entry: Option<i64>,
    pub ticket_number: Option<String>,
    pub timesheet: Option<i64>,
    /// created, updated, deleted, linked, skipped, conflict or failed.
    pub outcome: String,
    /// The conflict's reason code.
    pub reason: Option<String>,
    /// Why it failed (or the conflict's detail).
    pub error: Option<String>,
}

impl Store {
    pub fn record_run_entry(&self, run_id: &str, e: &RunEntry) -> anyhow::Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO run_entries (run_id, zammad_entry_id, ticket_number, kimai_timesheet_id, \
                 outcome, reason, error, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                run_id,
                e.entry,
                e.ticket_number,
                e.timesheet,
                e.outcome,
                e.reason,
                e.error,
                now_text()
            ])?;
        Ok(())
    }

    /// The entries of one run, in the order they were recorded.
    pub fn run_entries(&self, run_id: &str) -> anyhow::Result<Vec<RunEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT zammad_entry_id, ticket_number, kimai_timesheet_id, outcome, reason, error \
             FROM run_entries WHERE run_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![run_id], |r| {
            Ok(RunEntry {
                entry: r.get(0)?,
                ticket_number: r.get(1)?,
                timesheet: r.get(2)?,
                outcome: r.get(3)?,
                reason: r.get(4)?,
                error: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
