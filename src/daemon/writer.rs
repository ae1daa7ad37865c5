//! The daemon's one store writer: a thread of its own with its own connection, so a request
//! never waits for the store's write lock. Two kinds of rows, in separate transactions:
//!
//! - accepted delivery ids: kept in memory until written, retried while the store is busy,
//!   never dropped (only signed deliveries get here, so they are few);
//! - access audit rows: a bounded queue; when it is full, or the store holds
//!   `audit.max_access_rows`, rows are counted as dropped instead of waited for.

use super::metrics::Metrics;
use crate::audit::AccessRow;
use crate::store::webhooks::DeliveryRow;
use crate::store::{Store, StoreError};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Access rows waiting for the writer; more are dropped (and counted).
pub(crate) const QUEUE: usize = 32_768;
const BATCH: usize = 2_000;
/// The writer's wait for another connection's write lock, per attempt.
const BUSY_WAIT: Duration = Duration::from_millis(500);
/// Recount access rows (after a prune) at most this often while at the cap.
const RECOUNT_EVERY: Duration = Duration::from_secs(30);

enum Msg {
    Row(AccessRow),
    Wake,
    /// Acknowledged once everything sent before it has been tried.
    Flush(tokio::sync::oneshot::Sender<()>),
}

#[derive(Default)]
struct Shared {
    deliveries: Mutex<Vec<DeliveryRow>>,
    access_rows: AtomicU64,
    capped: AtomicBool,
    /// The last failed write and when, for `/readyz`.
    last_error: Mutex<Option<(Instant, String)>>,
}

#[derive(Clone)]
pub(crate) struct StoreWriter {
    tx: SyncSender<Msg>,
    shared: Arc<Shared>,
    metrics: Arc<Metrics>,
}

impl StoreWriter {
    /// Open a connection of its own and start the thread. `cap` reads
    /// `audit.max_access_rows` (it may change on reload).
    pub(crate) fn start(
        db_path: &Path,
        metrics: Arc<Metrics>,
        cap: Arc<dyn Fn() -> u64 + Send + Sync>,
    ) -> anyhow::Result<StoreWriter> {
        let store = Store::open(db_path)?;
        store.set_busy_timeout(BUSY_WAIT)?;
        let shared = Arc::new(Shared::default());
        let rows = store.count_access_rows()?;
        shared.access_rows.store(rows, Ordering::Relaxed);
        metrics.set_access_rows(rows, false);
        let (tx, rx) = std::sync::mpsc::sync_channel(QUEUE);
        let worker = Worker {
            store,
            rx,
            shared: shared.clone(),
            metrics: metrics.clone(),
            cap,
            last_recount: Instant::now(),
        };
        std::thread::Builder::new()
            .name("syncd-writer".into())
            .spawn(move || worker.run())?;
        Ok(StoreWriter {
            tx,
            shared,
            metrics,
        })
    }

    /// Queue an access row, or count it as dropped when the queue is full.
    pub(crate) fn access(&self, row: AccessRow) {
        match self.tx.try_send(Msg::Row(row)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => self.metrics.audit_dropped("queue_full", 1),
            Err(TrySendError::Disconnected(_)) => self.metrics.audit_dropped("write_failed", 1),
        }
    }

    /// Remember an accepted delivery id; written behind, retried until it is stored.
    pub(crate) fn delivery(&self, row: DeliveryRow) {
        let n = {
            let mut d = self.shared.deliveries.lock().unwrap();
            d.push(row);
            d.len()
        };
        self.metrics.set_deliveries_pending(n);
        // A full queue means the writer is busy and takes the deliveries on its next turn.
        let _ = self.tx.try_send(Msg::Wake);
    }

    /// Wait until everything queued so far has been tried (bounded by `max`).
    pub(crate) async fn flush(&self, max: Duration) {
        let (ack, done) = tokio::sync::oneshot::channel();
        // Through the queue, so it comes after every row sent before; waits for room.
        let tx = self.tx.clone();
        let queued = tokio::task::spawn_blocking(move || tx.send(Msg::Flush(ack)).is_ok());
        let _ = tokio::time::timeout(max, async {
            if matches!(queued.await, Ok(true)) {
                let _ = done.await;
            }
        })
        .await;
    }

    /// True while access rows are refused because the store holds `audit.max_access_rows`.
    pub(crate) fn capped(&self) -> bool {
        self.shared.capped.load(Ordering::Relaxed)
    }

    pub(crate) fn access_rows(&self) -> u64 {
        self.shared.access_rows.load(Ordering::Relaxed)
    }

    /// The last write error, if it happened within `within`.
    pub(crate) fn recent_error(&self, within: Duration) -> Option<String> {
        let e = self.shared.last_error.lock().unwrap();
        e.as_ref()
            .filter(|(at, _)| at.elapsed() < within)
            .map(|(_, msg)| msg.clone())
    }

    pub(crate) fn deliveries_pending(&self) -> usize {
        self.shared.deliveries.lock().unwrap().len()
    }
}

struct Worker {
    store: Store,
    rx: Receiver<Msg>,
    shared: Arc<Shared>,
    metrics: Arc<Metrics>,
    cap: Arc<dyn Fn() -> u64 + Send + Sync>,
    last_recount: Instant,
}

impl Worker {
    fn run(mut self) {
        let mut batch: Vec<AccessRow> = Vec::new();
        let mut failures = 0u32;
        let mut logged_at: Option<Instant> = None;
        loop {
            let wait = if batch.is_empty() && failures == 0 {
                Duration::from_millis(250)
            } else {
                Duration::from_millis(50)
            };
            let mut closed = false;
            let mut acks = Vec::new();
            match self.rx.recv_timeout(wait) {
                Ok(Msg::Row(r)) => batch.push(r),
                Ok(Msg::Flush(ack)) => acks.push(ack),
                Ok(Msg::Wake) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => closed = true,
            }
            // A flush ends the batch: it is answered once what came before is tried.
            while batch.len() < BATCH && acks.is_empty() {
                match self.rx.try_recv() {
                    Ok(Msg::Row(r)) => batch.push(r),
                    Ok(Msg::Flush(ack)) => acks.push(ack),
                    Ok(Msg::Wake) => {}
                    Err(_) => break,
                }
            }
            let mut failed = false;
            if let Err(e) = self.write_deliveries() {
                failed = true;
                self.note_error(
                    &e,
                    "cannot write webhook delivery ids; keeping them to retry",
                    &mut logged_at,
                );
            }
            if !batch.is_empty() {
                match self.write_access(&batch) {
                    Ok(()) => {
                        batch.clear();
                        failures = 0;
                    }
                    Err(e) => {
                        failed = true;
                        failures += 1;
                        // A lock held elsewhere passes; anything else (disk full) is given
                        // up after a few tries so the queue keeps moving.
                        if !e.is_busy() && failures >= 3 {
                            self.metrics
                                .audit_dropped("write_failed", batch.len() as u64);
                            batch.clear();
                            failures = 0;
                        }
                        self.note_error(&e, "cannot write access audit rows", &mut logged_at);
                    }
                }
            }
            for ack in acks {
                let _ = ack.send(());
            }
            if closed {
                return;
            }
            if failed {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }

    fn note_error(&self, e: &StoreError, what: &str, logged_at: &mut Option<Instant>) {
        let msg = format!("{e:#}");
        // A lock held elsewhere passes by itself; `/readyz` reports it from its own probe.
        if !e.is_busy() {
            *self.shared.last_error.lock().unwrap() = Some((Instant::now(), msg.clone()));
        }
        // Once a minute is enough while the store stays locked or full.
        if logged_at.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
            *logged_at = Some(Instant::now());
            tracing::warn!(error = %msg, "{what}");
        }
    }

    fn write_deliveries(&mut self) -> Result<(), StoreError> {
        let pending = std::mem::take(&mut *self.shared.deliveries.lock().unwrap());
        if pending.is_empty() {
            return Ok(());
        }
        match self.store.insert_deliveries(&pending) {
            Ok(()) => {
                let left = self.shared.deliveries.lock().unwrap().len();
                self.metrics.set_deliveries_pending(left);
                Ok(())
            }
            Err(e) => {
                // Put them back in front of what arrived meanwhile.
                let mut d = self.shared.deliveries.lock().unwrap();
                let newer = std::mem::replace(&mut *d, pending);
                d.extend(newer);
                self.metrics.set_deliveries_pending(d.len());
                Err(e)
            }
        }
    }

    fn write_access(&mut self, batch: &[AccessRow]) -> Result<(), StoreError> {
        let cap = (self.cap)();
        let mut rows = self.shared.access_rows.load(Ordering::Relaxed);
        if rows + batch.len() as u64 > cap && self.last_recount.elapsed() >= RECOUNT_EVERY {
            // Pruning (daily, or `syncd audit prune`) may have made room.
            self.last_recount = Instant::now();
            rows = self.store.count_access_rows()?;
            self.shared.access_rows.store(rows, Ordering::Relaxed);
        }
        if rows + batch.len() as u64 > cap {
            if !self.shared.capped.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    rows,
                    max = cap,
                    "access audit rows refused: the store holds audit.max_access_rows; they are counted in syncd_audit_rows_dropped_total{{reason=\"store_cap\"}} (prune with `syncd audit prune`)"
                );
            }
            self.metrics.audit_dropped("store_cap", batch.len() as u64);
            self.metrics.set_access_rows(rows, true);
            return Ok(());
        }
        self.store.insert_access_rows(batch)?;
        rows += batch.len() as u64;
        self.shared.access_rows.store(rows, Ordering::Relaxed);
        if self.shared.capped.swap(false, Ordering::Relaxed) {
            tracing::info!(rows, max = cap, "access audit rows are written again");
        }
        self.metrics.set_access_rows(rows, false);
        Ok(())
    }
}
