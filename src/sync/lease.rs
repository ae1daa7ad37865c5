//! The store lease a run holds while it syncs: taken once (or waited for), kept alive by a
//! heartbeat, and a fence: its generation is checked by every ledger write of the run, and
//! a lost lease stops the run before its next Kimai write.

use super::Trigger;
use crate::error::Error;
use crate::store::runs::{LEASE_TTL_SECS, LeaseAttempt};
use crate::store::{Fence, Store};
use chrono::Duration;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The run's hold on the store lease. Dropping it stops the heartbeat.
pub(crate) struct Lease {
    pub fence: Fence,
    /// Set when a heartbeat failed or found the lease taken.
    pub lost: Arc<AtomicBool>,
    ttl: Duration,
    heartbeat: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(h) = self.heartbeat.take() {
            h.abort();
        }
    }
}

/// How long the lease lives without a heartbeat. `SYNCD_LEASE_SECS` shortens it for tests
/// that pause a sync past its lease.
fn ttl() -> Duration {
    std::env::var("SYNCD_LEASE_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .map(|s| Duration::milliseconds((s * 1000.0) as i64))
        .unwrap_or(Duration::seconds(LEASE_TTL_SECS))
}

impl Lease {
    /// Take the lease, waiting for it with `wait` (until `stop`), else a retryable error.
    pub(crate) async fn acquire(
        store: &mut Store,
        run_id: &str,
        trigger: Trigger,
        wait: bool,
        stop: &AtomicBool,
    ) -> anyhow::Result<Lease> {
        let holder = format!(
            "syncd {} ({})",
            trigger.as_str(),
            crate::sys::hostname().as_deref().unwrap_or("localhost")
        );
        let ttl = ttl();
        loop {
            match store.try_acquire_lease(&holder, run_id, ttl)? {
                LeaseAttempt::Acquired {
                    took_over_run,
                    fence,
                } => {
                    if let Some(old) = took_over_run {
                        tracing::warn!(
                            "run {old} was left unfinished by a process that stopped or was \
                             paused; marked interrupted, its pending creates wait to settle"
                        );
                    }
                    return Ok(Lease {
                        fence,
                        lost: Arc::new(AtomicBool::new(false)),
                        ttl,
                        heartbeat: None,
                    });
                }
                LeaseAttempt::Held(h) if !wait || stop.load(Ordering::SeqCst) => {
                    return Err(Error::retryable(format!(
                        "another sync is running: {h}; retry later or pass --wait"
                    ))
                    .into());
                }
                LeaseAttempt::Held(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(300)).await
                }
            }
        }
    }

    /// Extend the lease a few times per lifetime from its own store connection. When an
    /// extension fails or finds the lease taken, `lost` is set and the run stops before its
    /// next Kimai write.
    pub(crate) fn keep_alive(&mut self, db: std::path::PathBuf, run_id: String) {
        let (fence, ttl, lost) = (self.fence, self.ttl, self.lost.clone());
        let every = (ttl / 3)
            .to_std()
            .unwrap_or_default()
            .max(std::time::Duration::from_millis(50));
        self.heartbeat = Some(tokio::spawn(async move {
            let store = match Store::open(&db) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!("cannot open the store to keep the sync lease: {e:#}");
                    lost.store(true, Ordering::SeqCst);
                    return;
                }
            };
            loop {
                tokio::time::sleep(every).await;
                match store.heartbeat_lease(&run_id, fence, ttl) {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!("another run took over this sync's lease; stopping");
                        lost.store(true, Ordering::SeqCst);
                        return;
                    }
                    Err(e) => {
                        tracing::warn!("cannot extend the sync lease: {e:#}; stopping");
                        lost.store(true, Ordering::SeqCst);
                        return;
                    }
                }
            }
        }));
    }
}
