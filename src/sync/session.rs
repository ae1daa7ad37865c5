//! A run that holds the store lease: the connection pair, the lease and its heartbeat, the
//! run row, and how the run ends (status, audit row, lease released). Sync runs, plan
//! files and undo all go through one.

use super::connect::{self, Connected};
use super::lease::Lease;
use super::{Counts, RunNotes, RunReport, RunStatus, SyncEnv, Trigger};
use crate::audit::{AuditEvent, AuditSource};
use crate::store::runs::NewRun;
use crate::store::{Store, StoreHandle};
use chrono::{DateTime, Utc};
use std::sync::atomic::AtomicBool;

/// What applying did, before it becomes a report.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub counts: Counts,
    pub errors: Vec<String>,
    pub notices: Vec<String>,
    pub retryable_failures: u64,
    pub interrupted: bool,
    pub notes: RunNotes,
}

/// A run holding the lease. Dropped without [`Session::finish`] or
/// [`Session::release`], it still gives the lease back.
pub(crate) struct Session {
    pub store: StoreHandle,
    pub connected: Connected,
    pub run_id: String,
    pub trigger: Trigger,
    pub started_at: DateTime<Utc>,
    pub lease: Lease,
    /// The audit row's action (`sync.run`, `sync.undo`) and details added to it.
    pub audit_action: &'static str,
    pub audit_details: serde_json::Value,
    /// The run row exists.
    recorded: bool,
    done: bool,
}

impl Session {
    /// Connect the pair and take the lease (waiting for it with `wait`, until `stop`).
    pub(crate) async fn open(
        env: &SyncEnv,
        trigger: Trigger,
        wait: bool,
        zammad: Option<&str>,
        kimai: Option<&str>,
        stop: &AtomicBool,
    ) -> anyhow::Result<Session> {
        let run_id = uuid::Uuid::now_v7().to_string();
        let mut store = Store::open(&env.db_path)?;
        let connected = connect::connect(&store, env, zammad, kimai)?;
        let mut lease = Lease::acquire(&mut store, &run_id, trigger, wait, stop).await?;
        lease.keep_alive(env.db_path.clone(), run_id.clone());
        Ok(Session {
            store: StoreHandle::new(store),
            connected,
            run_id,
            trigger,
            started_at: Utc::now(),
            lease,
            audit_action: "sync.run",
            audit_details: serde_json::json!({}),
            recorded: false,
            done: false,
        })
    }

    /// Write the run row (`running`).
    pub(crate) fn record(
        &mut self,
        scope: &str,
        window: Option<serde_json::Value>,
        schedule: Option<&str>,
    ) -> anyhow::Result<()> {
        let run = NewRun {
            id: &self.run_id,
            trigger: self.trigger.as_str(),
            scope,
            window,
            dry_run: false,
            schedule,
            status: "running",
        };
        self.store.with(|s| s.insert_run(&run))?;
        self.recorded = true;
        Ok(())
    }

    /// Give the lease back without a run row (nothing was applied).
    pub(crate) fn release(mut self) -> anyhow::Result<()> {
        self.done = true;
        Ok(self.store.with(|s| s.release_lease(&self.run_id))?)
    }

    /// End the run: its row gets the status, counts and errors, the lease is released and
    /// the run is audited. An error ends the run `failed` and is returned as it was.
    pub(crate) fn finish(
        mut self,
        env: &SyncEnv,
        result: anyhow::Result<Outcome>,
    ) -> anyhow::Result<RunReport> {
        self.done = true;
        let handle = self.store.clone();
        handle.with(|store| self.finish_in(store, env, result))
    }

    fn finish_in(
        &self,
        store: &Store,
        env: &SyncEnv,
        result: anyhow::Result<Outcome>,
    ) -> anyhow::Result<RunReport> {
        let finished_at = Utc::now();
        let outcome = match result {
            Ok(o) => o,
            Err(err) => {
                let message = crate::error::render_error(&err);
                if self.recorded {
                    store.finish_run(
                        &self.run_id,
                        "failed",
                        &serde_json::json!({}),
                        Some(&message),
                    )?;
                }
                store.release_lease(&self.run_id)?;
                if self.recorded {
                    self.record_audit(store, env, "failed", Some(&message), &Counts::default());
                }
                return Err(err);
            }
        };
        let open = store.open_conflicts_by_reason(Some(self.connected.pair))?;
        let unsettled = outcome.notes.unsettled.is_some();
        let status = if outcome.interrupted {
            RunStatus::Interrupted
        } else if outcome.retryable_failures > 0 || !outcome.errors.is_empty() || unsettled {
            RunStatus::Failed
        } else if open.values().sum::<u64>() > 0 {
            RunStatus::Conflicts
        } else {
            RunStatus::Succeeded
        };
        let mut problems = outcome.errors.clone();
        if let Some(u) = &outcome.notes.unsettled {
            problems.push(u.sentence());
        }
        let error = (!problems.is_empty()).then(|| problems.join("; "));
        if self.recorded {
            store.finish_run(
                &self.run_id,
                status.as_str(),
                &serde_json::to_value(&outcome.counts)?,
                error.as_deref(),
            )?;
        }
        store.release_lease(&self.run_id)?;
        if self.recorded {
            self.record_audit(store, env, status.as_str(), None, &outcome.counts);
        }
        Ok(RunReport {
            run_id: self.run_id.clone(),
            trigger: self.trigger,
            status,
            dry_run: false,
            counts: outcome.counts,
            open_conflicts: open,
            started_at: self.started_at,
            finished_at,
            errors: outcome.errors,
            notices: outcome.notices,
            retryable: outcome.retryable_failures > 0 || unsettled,
            notes: outcome.notes,
            plan: None,
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.done
            && let Err(e) = self.store.with(|s| s.release_lease(&self.run_id))
        {
            tracing::warn!(
                "cannot release the sync lease of run {}: {e:#}",
                self.run_id
            );
        }
    }
}

impl Session {
    fn record_audit(
        &self,
        store: &Store,
        env: &SyncEnv,
        status: &str,
        error: Option<&str>,
        counts: &Counts,
    ) {
        let (run_id, trigger) = (&self.run_id, self.trigger);
        let mut details = serde_json::json!({ "trigger": trigger, "status": status, "counts": counts, "error": error });
        if let (Some(d), Some(extra)) = (details.as_object_mut(), self.audit_details.as_object()) {
            d.extend(extra.clone());
        }
        let event = AuditEvent {
            actor: env.actor.clone(),
            source: if trigger == Trigger::Manual {
                AuditSource::Cli
            } else {
                AuditSource::Daemon
            },
            category: crate::audit::AuditCategory::Sync,
            action: self.audit_action.into(),
            target: Some(run_id.to_string()),
            details: Some(details),
            ip: None,
            user_agent: None,
            run_id: Some(run_id.to_string()),
        };
        if let Err(e) = store.record_audit(&event) {
            tracing::warn!("cannot write the audit row for run {run_id}: {e:#}");
        }
    }
}
