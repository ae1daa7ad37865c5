//! `GET /readyz` (free space, a writable store, the last run) and `GET /metrics`. Both use
//! the probe connection with `try_lock`, so probes never pile up behind a locked store.

use super::metrics::{CONTENT_TYPE, ScrapeGauges};
use super::router::{App, Outcome, RequestConfig};
use super::signature::ct_eq;
use crate::store::Store;
use crate::store::disk::free_bytes;
use hyper::StatusCode;
use hyper::header::{self, HeaderMap};
use std::time::Duration;

/// How long `/readyz` waits for another connection's write lock.
const WRITE_PROBE: Duration = Duration::from_millis(500);
/// Bound on any probe's store work.
const PROBE_MAX: Duration = Duration::from_secs(2);

enum Probe<R> {
    Done(R),
    /// Another probe still holds the connection (the store is locked).
    Busy,
    Failed(String),
}

impl App {
    async fn probe<R, F>(&self, f: F) -> Probe<R>
    where
        R: Send + 'static,
        F: FnOnce(&Store) -> crate::store::Result<R> + Send + 'static,
    {
        let db = self.probe.clone();
        let task = tokio::task::spawn_blocking(move || db.try_with(f));
        match tokio::time::timeout(PROBE_MAX, task).await {
            Ok(Ok(Some(Ok(r)))) => Probe::Done(r),
            Ok(Ok(None)) | Err(_) => Probe::Busy,
            Ok(Ok(Some(Err(e)))) if e.is_busy() => Probe::Busy,
            Ok(Ok(Some(Err(e)))) => Probe::Failed(format!("{e:#}")),
            Ok(Err(e)) => Probe::Failed(e.to_string()),
        }
    }

    pub(super) async fn readyz(&self, cfg: &RequestConfig) -> Outcome {
        if self.shutting_down() {
            return Outcome::json(
                StatusCode::SERVICE_UNAVAILABLE,
                serde_json::json!({"ready": false, "problems": ["shutting down"]}),
            );
        }
        let mut problems: Vec<String> = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
        let free = free_bytes(&self.db_path);
        match free {
            Some(f) if f < cfg.min_free_bytes => problems.push(format!(
                "{} MB free on the store's file system, less than daemon.min_free_mb ({} MB)",
                f / (1024 * 1024),
                cfg.min_free_bytes / (1024 * 1024)
            )),
            Some(_) => {}
            None => warnings.push("cannot read the free space of the store's file system".into()),
        }
        let probe = self
            .probe(|s| {
                s.probe_writable(WRITE_PROBE)?;
                Ok(s.list_runs(1)?.into_iter().next())
            })
            .await;
        let (writable, last_run) = match probe {
            Probe::Done(last) => (true, last),
            Probe::Busy => {
                problems.push(
                    "store locked by another connection (a sync, a CLI command or a backup)".into(),
                );
                (false, None)
            }
            Probe::Failed(e) => {
                problems.push(format!("store not writable: {e}"));
                (false, None)
            }
        };
        if let Some(e) = self.writer.recent_error(Duration::from_secs(60)) {
            problems.push(format!("last store write failed: {e}"));
        }
        if self.writer.capped() {
            warnings.push(format!(
                "access audit rows refused: the store holds audit.max_access_rows ({})",
                cfg.max_access_rows
            ));
        }
        let ready = problems.is_empty();
        let last_run = last_run.map(|r| {
            serde_json::json!({"status": r.status, "trigger": r.trigger, "started_at": r.started_at, "finished_at": r.finished_at})
        });
        Outcome::json(
            if ready {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            },
            serde_json::json!({
                "ready": ready,
                "problems": problems,
                "warnings": warnings,
                "store": {
                    "writable": writable,
                    "free_bytes": free,
                    "min_free_bytes": cfg.min_free_bytes,
                },
                "access_audit": {
                    "rows": self.writer.access_rows(),
                    "max_rows": cfg.max_access_rows,
                    "refusing": self.writer.capped(),
                },
                "deliveries_pending": self.writer.deliveries_pending(),
                "last_run": last_run,
                "busy": self.runner.is_busy(),
            }),
        )
    }

    pub(super) async fn metrics_page(&self, cfg: &RequestConfig, headers: &HeaderMap) -> Outcome {
        if let Some(token) = &cfg.metrics_token {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "));
            if !given.is_some_and(|g| ct_eq(g, token.as_bytes())) {
                let mut o = Outcome::json(
                    StatusCode::UNAUTHORIZED,
                    serde_json::json!({"error": "unauthorized", "reason": "metrics need Authorization: Bearer <daemon.metrics_token>"}),
                );
                o.www_authenticate = true;
                return o;
            }
        }
        let store = match self
            .probe(|s| Ok((s.open_conflict_count()?, s.last_success_unix()?)))
            .await
        {
            Probe::Done(v) => Some(v),
            _ => None,
        };
        let gauges = ScrapeGauges {
            open_conflicts: store.map(|s| s.0),
            last_success: store.map(|s| s.1.unwrap_or(0)),
            free_bytes: free_bytes(&self.db_path),
        };
        let mut o = Outcome::text(
            StatusCode::OK,
            self.metrics.render(&gauges, self.budget.in_use()),
        );
        o.content_type = CONTENT_TYPE;
        o
    }
}
