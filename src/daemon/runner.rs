//! One runner task executes syncs one at a time. Schedules submit with a concurrency
//! policy (`skip`: record a skipped run when busy; `queue`: at most 5 pending, identical
//! requests collapse); webhooks submit a ticket id, and a burst for one ticket within
//! `daemon.webhook_coalesce_secs` becomes one run.

use super::metrics::Metrics;
use super::notify::Notifier;
use super::{CheckFn, Db, SharedSettings, SyncFn};
use crate::schedule::{Concurrency, ScheduleKind, ScheduleScope};
use crate::sync::{RunStatus, SyncRequest, TicketSelector, Trigger};
use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Most schedule-triggered runs waiting behind the one in flight (policy `queue`).
pub(crate) const MAX_QUEUED: usize = 5;
/// Most distinct tickets waiting for a webhook-triggered run.
pub(crate) const MAX_WEBHOOK_PENDING: usize = 1000;

/// What happened to a submitted job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Queued,
    Coalesced,
    Skipped,
    Dropped,
}

impl Submitted {
    pub fn as_str(self) -> &'static str {
        match self {
            Submitted::Queued => "queued",
            Submitted::Coalesced => "coalesced",
            Submitted::Skipped => "skipped",
            Submitted::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone)]
struct Job {
    request: SyncRequest,
    concurrency: Concurrency,
    key: String,
    /// A drift check, not a sync.
    check: bool,
}

fn key_of(r: &SyncRequest) -> String {
    format!(
        "{:?}|{}|{:?}|{:?}|{}",
        r.trigger, r.full, r.ticket, r.schedule, r.check
    )
}

#[derive(Default)]
struct State {
    running: bool,
    pending: VecDeque<Job>,
    webhook_waiting: HashSet<i64>,
    /// A follow-up run for unsettled creates is waiting for its time.
    retry_waiting: bool,
    closed: bool,
}

struct Inner {
    state: Mutex<State>,
    wake: tokio::sync::Notify,
    sync_fn: SyncFn,
    check_fn: Option<CheckFn>,
    db: Db,
    metrics: Arc<Metrics>,
    notifier: Notifier,
    settings: SharedSettings,
}

#[derive(Clone)]
pub struct Runner {
    inner: Arc<Inner>,
}

impl Runner {
    /// Create the runner and spawn its worker task; the handle ends after `close()` once
    /// the run in flight (if any) has finished.
    pub fn start(
        sync_fn: SyncFn,
        check_fn: Option<CheckFn>,
        db: Db,
        metrics: Arc<Metrics>,
        notifier: Notifier,
        settings: SharedSettings,
    ) -> (Runner, tokio::task::JoinHandle<()>) {
        let runner = Runner {
            inner: Arc::new(Inner {
                state: Mutex::new(State::default()),
                wake: tokio::sync::Notify::new(),
                sync_fn,
                check_fn,
                db,
                metrics,
                notifier,
                settings,
            }),
        };
        let worker = runner.clone();
        let handle = tokio::spawn(async move { worker.work().await });
        (runner, handle)
    }

    pub fn is_busy(&self) -> bool {
        let st = self.inner.state.lock().unwrap();
        st.running || !st.pending.is_empty()
    }

    /// Nothing in flight, queued, or waiting out a webhook's coalescing delay: until
    /// something is submitted, no run will start.
    pub fn is_idle(&self) -> bool {
        let st = self.inner.state.lock().unwrap();
        !st.running && st.pending.is_empty() && st.webhook_waiting.is_empty()
    }

    /// Pending jobs (not counting the one in flight).
    pub fn pending(&self) -> usize {
        self.inner.state.lock().unwrap().pending.len()
    }

    /// Submit a schedule's run.
    pub async fn submit_schedule(
        &self,
        name: &str,
        scope: ScheduleScope,
        concurrency: Concurrency,
        kind: ScheduleKind,
    ) -> Submitted {
        let check = kind == ScheduleKind::Check;
        let request = SyncRequest {
            trigger: Some(Trigger::Schedule),
            full: scope == ScheduleScope::Full,
            // queue: wait for the store lease (a CLI run may hold it); skip: give up.
            wait: concurrency == Concurrency::Queue,
            schedule: Some(name.to_string()),
            check,
            ..SyncRequest::default()
        };
        let scope = scope.as_str();
        let outcome = {
            let mut st = self.inner.state.lock().unwrap();
            if st.closed {
                Submitted::Dropped
            } else {
                let key = key_of(&request);
                match concurrency {
                    Concurrency::Skip if st.running || !st.pending.is_empty() => Submitted::Skipped,
                    Concurrency::Queue if st.pending.iter().any(|j| j.key == key) => {
                        Submitted::Coalesced
                    }
                    Concurrency::Queue
                        if st
                            .pending
                            .iter()
                            .filter(|j| j.request.trigger == Some(Trigger::Schedule))
                            .count()
                            >= MAX_QUEUED =>
                    {
                        Submitted::Skipped
                    }
                    _ => {
                        st.pending.push_back(Job {
                            request,
                            concurrency,
                            key,
                            check,
                        });
                        Submitted::Queued
                    }
                }
            }
        };
        match outcome {
            Submitted::Queued => self.inner.wake.notify_one(),
            // A check is not a run: skipped, it leaves no run row.
            Submitted::Skipped if check => {
                tracing::info!(schedule = name, "check skipped: a run is in progress")
            }
            Submitted::Skipped => {
                tracing::info!(schedule = name, "schedule skipped: a run is in progress");
                self.record_skipped(scope, Some(name), "another run was in progress")
                    .await;
            }
            Submitted::Coalesced => {
                tracing::debug!(
                    schedule = name,
                    "schedule coalesced: an identical run is queued"
                )
            }
            Submitted::Dropped => {}
        }
        outcome
    }

    /// Submit a webhook for a ticket: after the coalescing delay, one run for the ticket.
    pub fn submit_ticket(&self, ticket_id: i64) -> Submitted {
        {
            let mut st = self.inner.state.lock().unwrap();
            if st.closed {
                return Submitted::Dropped;
            }
            if !st.webhook_waiting.insert(ticket_id) {
                return Submitted::Coalesced;
            }
        }
        let delay = Duration::from_secs(
            self.inner
                .settings
                .read()
                .unwrap()
                .daemon
                .webhook_coalesce_secs,
        );
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let request = SyncRequest {
                trigger: Some(Trigger::Webhook),
                ticket: Some(TicketSelector::Id(ticket_id)),
                wait: true,
                ..SyncRequest::default()
            };
            let key = key_of(&request);
            let mut st = this.inner.state.lock().unwrap();
            st.webhook_waiting.remove(&ticket_id);
            if st.closed || st.pending.iter().any(|j| j.key == key) {
                return;
            }
            let webhook_jobs = st
                .pending
                .iter()
                .filter(|j| j.request.trigger == Some(Trigger::Webhook))
                .count();
            if webhook_jobs >= MAX_WEBHOOK_PENDING {
                tracing::warn!(
                    ticket_id,
                    "too many webhook runs pending; the next scheduled sync will pick it up"
                );
                return;
            }
            st.pending.push_back(Job {
                request,
                concurrency: Concurrency::Queue,
                key,
                check: false,
            });
            drop(st);
            this.inner.wake.notify_one();
        });
        Submitted::Queued
    }

    /// Come back at `at` for creates whose answer was unclear (one follow-up at a time): an
    /// incremental run then settles them, so no schedule or webhook has to happen by.
    fn retry_at(&self, at: chrono::DateTime<chrono::Utc>) {
        {
            let mut st = self.inner.state.lock().unwrap();
            if st.closed || st.retry_waiting {
                return;
            }
            st.retry_waiting = true;
        }
        // One second past the window: the settle rule compares with the time each was sent.
        let delay = (at - chrono::Utc::now()).to_std().unwrap_or_default() + Duration::from_secs(1);
        tracing::info!(
            at = %at.format("%Y-%m-%d %H:%M:%S UTC"),
            "creates wait to settle; a follow-up run is planned"
        );
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let request = SyncRequest {
                trigger: Some(Trigger::Retry),
                wait: true,
                ..SyncRequest::default()
            };
            let key = key_of(&request);
            let mut st = this.inner.state.lock().unwrap();
            st.retry_waiting = false;
            if st.closed || st.pending.iter().any(|j| j.key == key) {
                return;
            }
            st.pending.push_back(Job {
                request,
                concurrency: Concurrency::Queue,
                key,
                check: false,
            });
            drop(st);
            this.inner.wake.notify_one();
        });
    }

    /// Stop taking jobs; drop what is pending. The run in flight finishes.
    pub fn close(&self) {
        let mut st = self.inner.state.lock().unwrap();
        st.closed = true;
        if !st.pending.is_empty() {
            tracing::info!(
                dropped = st.pending.len(),
                "shutting down; pending runs dropped"
            );
        }
        st.pending.clear();
        drop(st);
        self.inner.wake.notify_one();
    }

    async fn record_skipped(&self, scope: &str, schedule: Option<&str>, reason: &str) {
        self.inner.metrics.run_finished("schedule", "skipped");
        let (scope, schedule, reason) = (
            scope.to_string(),
            schedule.map(str::to_string),
            reason.to_string(),
        );
        let res = self
            .inner
            .db
            .call(move |s| s.record_skipped_run("schedule", &scope, schedule.as_deref(), &reason))
            .await;
        if let Err(e) = res {
            tracing::warn!(error = %format!("{e:#}"), "cannot record skipped run");
        }
    }

    async fn work(self) {
        loop {
            let job = {
                let mut st = self.inner.state.lock().unwrap();
                if st.closed {
                    return;
                }
                let job = st.pending.pop_front();
                st.running = job.is_some();
                job
            };
            let Some(job) = job else {
                self.inner.wake.notified().await;
                continue;
            };
            self.execute(job).await;
            self.inner.state.lock().unwrap().running = false;
        }
    }

    /// A scheduled drift check: sets the drift gauge, never a run row.
    async fn execute_check(&self, job: Job) {
        let schedule = job.request.schedule.clone();
        let Some(check) = self.inner.check_fn.clone() else {
            tracing::warn!(
                schedule = schedule.as_deref(),
                "this daemon cannot run checks; check schedule skipped"
            );
            return;
        };
        let full = job.request.full;
        tracing::info!(schedule = schedule.as_deref(), full, "check started");
        let settings = self.inner.settings.read().unwrap().clone();
        let result = match tokio::spawn(check(full, settings)).await {
            Ok(r) => r,
            Err(e) => Err(anyhow::anyhow!("check task failed: {e}")),
        };
        match result {
            Ok(report) => {
                self.inner.metrics.check_finished(&report);
                let open: u64 = report.open_conflicts.values().sum();
                tracing::info!(
                    schedule = schedule.as_deref(),
                    in_sync = report.in_sync,
                    drifted_entries = report.drifted_entries,
                    open_conflicts = open,
                    exit = report.exit,
                    "check finished"
                );
            }
            Err(e) => {
                self.inner.metrics.check_failed();
                tracing::warn!(schedule = schedule.as_deref(), error = %format!("{e:#}"), exit = 75, "check could not be made");
            }
        }
    }

    async fn execute(&self, job: Job) {
        if job.check {
            return self.execute_check(job).await;
        }
        let trigger = job.request.trigger.unwrap_or(Trigger::Manual).as_str();
        let schedule = job.request.schedule.clone();
        let full = job.request.full;
        let ticket = match &job.request.ticket {
            Some(TicketSelector::Id(id)) => Some(*id),
            _ => None,
        };
        let scope = if full { "full" } else { "incremental" };
        tracing::info!(
            trigger,
            schedule = schedule.as_deref(),
            ticket,
            scope,
            "run started"
        );
        // Settings as they are now: a refused reload never reaches a run.
        let settings = self.inner.settings.read().unwrap().clone();
        let started = std::time::Instant::now();
        // A panicking sync must not take the runner down.
        let result = match tokio::spawn((self.inner.sync_fn)(job.request, settings)).await {
            Ok(r) => r,
            Err(e) => Err(anyhow::anyhow!("sync task failed: {e}")),
        };
        let secs = (started.elapsed().as_secs_f64() * 10.0).round() / 10.0;
        match result {
            Ok(report) => {
                let status = report.status;
                let c = &report.counts;
                let exit = exit_code(&report);
                let open_conflicts = report.open_conflict_total();
                macro_rules! finished {
                    ($level:ident) => {
                        tracing::$level!(
                            run_id = %report.run_id,
                            trigger,
                            schedule = schedule.as_deref(),
                            ticket,
                            status = status.as_str(),
                            exit,
                            fetched = c.fetched,
                            created = c.created,
                            updated = c.updated,
                            deleted = c.deleted,
                            linked = c.linked,
                            conflicts = c.conflicts,
                            failed = c.failed,
                            open_conflicts,
                            secs,
                            "run finished"
                        )
                    };
                }
                if status == RunStatus::Failed {
                    finished!(warn);
                } else {
                    finished!(info);
                }
                for e in report.errors.iter().take(5) {
                    tracing::warn!(run_id = %report.run_id, error = %e, "run error");
                }
                self.inner.metrics.record_report(&report);
                let unsettled = report.notes.unsettled.as_ref();
                if let Some(at) = unsettled.and_then(|u| u.last_settle_at) {
                    self.retry_at(at);
                }
                // Creates waiting to settle are followed up, not a failure to report.
                let only_settling =
                    unsettled.is_some() && report.errors.is_empty() && report.counts.failed == 0;
                if status == RunStatus::Failed && !only_settling {
                    let err = report.errors.join("; ");
                    self.inner.notifier.run_failed(
                        Some(&report.run_id),
                        status.as_str(),
                        Some(report.open_conflict_total()),
                        &err,
                    );
                } else {
                    self.inner.notifier.check_conflicts(&report);
                }
            }
            Err(e) => {
                let retryable = e.chain().any(|c| {
                    matches!(
                        c.downcast_ref::<crate::error::Error>(),
                        Some(crate::error::Error::Retryable(_))
                    )
                });
                let msg = format!("{e:#}");
                if retryable && job.concurrency == Concurrency::Skip {
                    tracing::info!(trigger, schedule = schedule.as_deref(), error = %msg, exit = 75, "run skipped: the store lease is held elsewhere");
                    self.record_skipped(scope, schedule.as_deref(), &msg).await;
                } else {
                    let exit = if retryable { 75 } else { 1 };
                    tracing::error!(trigger, schedule = schedule.as_deref(), ticket, error = %msg, exit, secs, "run failed");
                    self.inner.metrics.run_finished(trigger, "failed");
                    self.inner.notifier.run_failed(None, "failed", None, &msg);
                }
            }
        }
    }
}

/// The exit code `syncd sync` would have given for this report.
pub(crate) fn exit_code(report: &crate::sync::RunReport) -> u8 {
    match report.status {
        RunStatus::Succeeded | RunStatus::Skipped => 0,
        RunStatus::Conflicts => 3,
        RunStatus::Interrupted => 75,
        RunStatus::Failed if report.retryable => 75,
        RunStatus::Failed => 1,
    }
}
