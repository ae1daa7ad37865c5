//! Sync runs (one row each) and the single lease every trigger takes before syncing.

use super::StoreError;
use super::{Store, now_text, ts_text};
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
    pub fn insert_run(&self, run: &NewRun<'_>) -> super::Result<()> {
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
    ) -> super::Result<()> {
        self.conn().execute(
            "UPDATE runs SET status = ?2, counts = ?3, error = ?4, finished_at = ?5 WHERE id = ?1",
            params![id, status, counts.to_string(), error, now_text()],
        )?;
        Ok(())
    }

    pub fn list_runs(&self, limit: usize) -> super::Result<Vec<RunRow>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM runs ORDER BY started_at DESC, id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map(params![limit as i64], run_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A run by full id or unique prefix.
    pub fn get_run(&self, id: &str) -> super::Result<Option<RunRow>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM runs WHERE id LIKE ?1 || '%' ORDER BY started_at DESC LIMIT 2"
        ))?;
        let rows: Vec<RunRow> = stmt
            .query_map(params![id], run_from_row)?
            .collect::<Result<_, _>>()?;
        match rows.len() {
            0 => Ok(None),
            1 => Ok(rows.into_iter().next()),
            _ => Err(StoreError::AmbiguousRunId(id.to_string())),
        }
    }

    /// Runs left `running` by a process that died are marked `interrupted`.
    pub fn mark_interrupted(&self, run_id: &str) -> super::Result<()> {
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
    /// Host name and pid namespace of the holder: its pid means something only there.
    pub host: String,
    pub run_id: Option<String>,
    pub acquired_at: String,
    pub expires_at: String,
    pub generation: i64,
}

impl std::fmt::Display for LeaseHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let since = DateTime::parse_from_rfc3339(&self.acquired_at)
            .map(|d| d.with_timezone(&Utc).format("%H:%M:%S UTC").to_string())
            .unwrap_or_else(|_| self.acquired_at.clone());
        write!(f, "{} (pid {}, since {})", self.holder, self.pid, since)
    }
}

const HOLDER_SQL: &str = "SELECT holder, pid, host, run_id, acquired_at, expires_at, generation \
                          FROM run_lock WHERE id = 1";

fn holder_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeaseHolder> {
    Ok(LeaseHolder {
        holder: r.get(0)?,
        pid: r.get(1)?,
        host: r.get(2)?,
        run_id: r.get(3)?,
        acquired_at: r.get(4)?,
        expires_at: r.get(5)?,
        generation: r.get(6)?,
    })
}

/// How long a lease lives without a heartbeat; a crashed holder's lease expires after this.
pub(crate) const LEASE_TTL_SECS: i64 = 60;

/// This host and pid namespace. Containers sharing one store see different pids for the
/// same process, so a holder's pid is only checked where it was recorded.
pub(crate) fn this_host() -> String {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    match std::fs::read_link("/proc/self/ns/pid") {
        Ok(ns) => format!("{name} {}", ns.display()),
        Err(_) => name,
    }
}

/// Proof that a run holds the sync lease: the lease's generation when it was taken. Every
/// ledger write of the run goes through [`Store::fenced`] with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fence {
    pub generation: i64,
}

/// Outcome of trying to take the lease.
#[derive(Debug)]
pub enum LeaseAttempt {
    Acquired {
        /// A run left `running` by a holder whose lease we took over.
        took_over_run: Option<String>,
        fence: Fence,
    },
    Held(LeaseHolder),
}

impl Store {
    /// Take the lease unless a live holder has it. A holder whose lease expired, or whose
    /// process is gone from this host, is replaced. Taking over from a holder that may
    /// still be alive (expired, or on another host) restarts the settle window of its
    /// pending creates: whatever it still had in flight waits to settle.
    pub fn try_acquire_lease(
        &mut self,
        holder: &str,
        run_id: &str,
        ttl: Duration,
    ) -> super::Result<LeaseAttempt> {
        let pid = std::process::id() as i64;
        let host = this_host();
        let now = Utc::now();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::lock("to take the sync lease"))?;
        let current = tx.query_row(HOLDER_SQL, [], holder_from_row).optional()?;
        let mut took_over = None;
        let mut maybe_alive = false;
        if let Some(cur) = current {
            let expired = DateTime::parse_from_rfc3339(&cur.expires_at)
                .map(|e| e.with_timezone(&Utc) < now)
                .unwrap_or(true);
            let here = cur.host == host;
            let dead = here && !crate::sys::pid_alive(cur.pid);
            let ours = here && cur.pid == pid;
            if !expired && !dead && !ours {
                return Ok(LeaseAttempt::Held(cur));
            }
            if ours && cur.run_id.as_deref() != Some(run_id) && !expired {
                return Ok(LeaseAttempt::Held(cur));
            }
            maybe_alive = !dead && !ours;
            took_over = cur.run_id.clone();
        }
        let generation: i64 = tx.query_row(
            "INSERT INTO lease_generation (id, generation) VALUES (1, 1) \
             ON CONFLICT (id) DO UPDATE SET generation = generation + 1 RETURNING generation",
            [],
            |r| r.get(0),
        )?;
        let expires = now + ttl;
        tx.execute(
            "INSERT INTO run_lock (id, holder, pid, host, run_id, acquired_at, heartbeat, \
               expires_at, generation) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7) \
             ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, \
               host = excluded.host, run_id = excluded.run_id, \
               acquired_at = excluded.acquired_at, heartbeat = excluded.heartbeat, \
               expires_at = excluded.expires_at, generation = excluded.generation",
            params![
                holder,
                pid,
                host,
                run_id,
                ts_text(now),
                ts_text(expires),
                generation
            ],
        )?;
        if let Some(old) = &took_over {
            tx.execute(
                "UPDATE runs SET status = 'interrupted', finished_at = ?2, \
                 error = COALESCE(error, 'the process running this sync stopped before it finished') \
                 WHERE id = ?1 AND status = 'running'",
                params![old, ts_text(now)],
            )?;
            if maybe_alive {
                tx.execute(
                    "UPDATE ledger SET sent_at = ?2 WHERE state = 'pending' AND run_id = ?1",
                    params![old, ts_text(now)],
                )?;
                tx.execute(
                    "UPDATE pending_creates SET sent_at = ?2 WHERE run_id = ?1",
                    params![old, ts_text(now)],
                )?;
            }
        }
        tx.commit()?;
        Ok(LeaseAttempt::Acquired {
            took_over_run: took_over,
            fence: Fence { generation },
        })
    }

    /// Extend our lease; false when it is no longer ours.
    pub fn heartbeat_lease(
        &self,
        run_id: &str,
        fence: Fence,
        ttl: Duration,
    ) -> super::Result<bool> {
        let now = Utc::now();
        let n = self.conn().execute(
            "UPDATE run_lock SET heartbeat = ?2, expires_at = ?3 \
             WHERE id = 1 AND run_id = ?1 AND generation = ?4",
            params![run_id, ts_text(now), ts_text(now + ttl), fence.generation],
        )?;
        Ok(n == 1)
    }

    pub fn release_lease(&self, run_id: &str) -> super::Result<()> {
        self.conn().execute(
            "DELETE FROM run_lock WHERE id = 1 AND run_id = ?1",
            params![run_id],
        )?;
        Ok(())
    }

    pub fn lease_holder(&self) -> super::Result<Option<LeaseHolder>> {
        Ok(self
            .conn()
            .query_row(HOLDER_SQL, [], holder_from_row)
            .optional()?)
    }

    /// Run `write` in one immediate transaction that first checks that `fence` still holds
    /// the lease: a run paused past its lease (and replaced) cannot write any more, and
    /// learns so before its next Kimai write.
    pub fn fenced<T, E: From<StoreError>>(
        &self,
        fence: Fence,
        write: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)
            .map_err(StoreError::lock("for a ledger write"))?;
        let holds: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM run_lock WHERE id = 1 AND generation = ?1)",
                params![fence.generation],
                |r| r.get(0),
            )
            .map_err(StoreError::from)?;
        if !holds {
            let now = tx
                .query_row(HOLDER_SQL, [], holder_from_row)
                .optional()
                .map_err(StoreError::from)?;
            let by = now
                .map(|h| format!(" (now held by {h})"))
                .unwrap_or_default();
            return Err(StoreError::LeaseLost { by }.into());
        }
        let value = write(self)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &tempfile::TempDir) -> Store {
        Store::open(&dir.path().join("s.db")).unwrap()
    }

    fn acquire(s: &mut Store, run: &str, ttl: Duration) -> Option<Fence> {
        match s.try_acquire_lease("test", run, ttl).unwrap() {
            LeaseAttempt::Acquired { fence, .. } => Some(fence),
            LeaseAttempt::Held(_) => None,
        }
    }

    #[test]
    fn a_lease_taken_over_fences_the_old_holder_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir);
        let a = acquire(&mut s, "run-a", Duration::milliseconds(-1)).unwrap();
        assert!(s.fenced(a, |_| Ok::<_, StoreError>(())).is_ok());
        // Expired: another run takes it; generations only grow.
        let b = acquire(&mut s, "run-b", Duration::seconds(60)).unwrap();
        assert!(b.generation > a.generation);
        let err = s.fenced(a, |_| Ok::<_, StoreError>(())).unwrap_err();
        assert!(format!("{err}").contains("lost its lease"), "{err}");
        assert_eq!(err.exit_code(), Some(crate::error::ExitCode::Retryable));
        assert!(
            !s.heartbeat_lease("run-a", a, Duration::seconds(60))
                .unwrap()
        );
        assert!(
            s.heartbeat_lease("run-b", b, Duration::seconds(60))
                .unwrap()
        );
        // A write that fails the fence leaves nothing behind.
        let n: i64 = s
            .fenced(b, |st| {
                st.conn()
                    .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
                    .map_err(StoreError::from)
            })
            .unwrap();
        assert_eq!(n, 0);
        // Released and taken again: a new generation, the old one still fenced out.
        s.release_lease("run-b").unwrap();
        let c = acquire(&mut s, "run-c", Duration::seconds(60)).unwrap();
        assert!(c.generation > b.generation);
        assert!(s.fenced(b, |_| Ok::<_, StoreError>(())).is_err());
    }

    #[test]
    fn a_pid_means_nothing_on_another_host() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir);
        acquire(&mut s, "run-a", Duration::seconds(60)).unwrap();
        // A holder in another container: its pid does not exist here, yet its lease holds.
        s.conn()
            .execute(
                "UPDATE run_lock SET pid = 999999999, host = 'other-container pid:[1]'",
                [],
            )
            .unwrap();
        assert!(acquire(&mut s, "run-b", Duration::seconds(60)).is_none());
        // The same dead pid on this host is gone: taken over at once.
        s.conn()
            .execute("UPDATE run_lock SET host = ?1", [this_host()])
            .unwrap();
        assert!(acquire(&mut s, "run-b", Duration::seconds(60)).is_some());
    }

    #[test]
    fn taking_over_from_a_paused_holder_restarts_its_settle_windows() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(&dir);
        s.conn()
            .execute_batch(
                "INSERT INTO connectors (id, name, kind, base_url, token_ciphertext, created_at, updated_at) \
                 VALUES (1, 'z', 'zammad', 'http://z', x'00', 't', 't'), (2, 'k', 'kimai', 'http://k', x'00', 't', 't');",
            )
            .unwrap();
        let pair = super::super::Pair {
            zammad: crate::ids::ConnectorId(1),
            kimai: crate::ids::ConnectorId(2),
        };
        let a = acquire(&mut s, "run-a", Duration::milliseconds(-1)).unwrap();
        let mut row = super::super::LedgerRow::new(
            crate::ids::ZammadEntryId(7),
            super::super::LedgerState::Pending,
        );
        let sent = Utc::now() - Duration::hours(1);
        row.sent_at = Some(sent);
        s.fenced(a, |st| st.ledger_put(pair, &row, Some("run-a")))
            .unwrap();
        // run-a's process is alive (it is us, under another run id) but its lease expired.
        s.conn()
            .execute("UPDATE run_lock SET pid = 1, host = 'elsewhere'", [])
            .unwrap();
        acquire(&mut s, "run-b", Duration::seconds(60)).unwrap();
        let after = s
            .ledger_row(pair, crate::ids::ZammadEntryId(7))
            .unwrap()
            .unwrap()
            .sent_at
            .unwrap();
        assert!(after > sent + Duration::minutes(59), "{after} vs {sent}");
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
    pub fn record_run_entry(&self, run_id: &str, e: &RunEntry) -> super::Result<()> {
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
    pub fn run_entries(&self, run_id: &str) -> super::Result<Vec<RunEntry>> {
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
