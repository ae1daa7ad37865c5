//! One store connection shared by async tasks: a sync's concurrent writes and the
//! daemon's handlers. SQLite calls block; from a worker of the multi-thread runtime they
//! run in `block_in_place` (the worker hands its other tasks to another thread, so a
//! sync's ledger writes never stall the daemon's webhooks), or on the blocking pool with
//! [`StoreHandle::call`].

use super::Store;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use tokio::runtime::{Handle, RuntimeFlavor};

#[derive(Clone)]
pub struct StoreHandle(Arc<Mutex<Store>>);

impl StoreHandle {
    pub fn new(store: Store) -> StoreHandle {
        StoreHandle(Arc::new(Mutex::new(store)))
    }

    /// Use the store now. A panic while it was held leaves the connection usable
    /// (SQLite rolls back an unfinished transaction), so a poisoned lock is taken over.
    pub fn with<R>(&self, f: impl FnOnce(&Store) -> R) -> R {
        let run = || f(&self.guard());
        match Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(run),
            _ => run(),
        }
    }

    /// Use the store on the blocking pool (for closures that own what they use).
    pub async fn call<R, E, F>(&self, f: F) -> Result<R, E>
    where
        R: Send + 'static,
        E: From<super::StoreError> + Send + 'static,
        F: FnOnce(&Store) -> Result<R, E> + Send + 'static,
    {
        let inner = self.clone();
        tokio::task::spawn_blocking(move || f(&inner.guard()))
            .await
            .map_err(|_| super::StoreError::TaskPanicked)?
    }

    /// Run `f` now if no one else is using the connection (blocking; call from a blocking
    /// thread). `None` when it is in use.
    pub fn try_with<R>(
        &self,
        f: impl FnOnce(&Store) -> super::Result<R>,
    ) -> Option<super::Result<R>> {
        let guard = match self.0.try_lock() {
            Ok(g) => g,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            Err(TryLockError::WouldBlock) => return None,
        };
        Some(f(&guard))
    }

    fn guard(&self) -> MutexGuard<'_, Store> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn with_works_from_a_runtime_worker_and_call_from_the_blocking_pool() {
        let dir = tempfile::tempdir().unwrap();
        let h = StoreHandle::new(Store::open(&dir.path().join("s.db")).unwrap());
        let pair = crate::store::Pair {
            zammad: crate::ids::ConnectorId(1),
            kimai: crate::ids::ConnectorId(2),
        };
        assert!(!h.with(|s| s.ledger_has_rows(pair)).unwrap());
        let has: bool = h.call(move |s| s.ledger_has_rows(pair)).await.unwrap();
        assert!(!has);
        // Outside any runtime `with` just runs.
        let h2 = h.clone();
        let outside = std::thread::spawn(move || h2.with(|_| 7)).join().unwrap();
        assert_eq!(outside, 7);
    }

    #[tokio::test]
    async fn with_runs_in_place_on_a_current_thread_runtime() {
        // block_in_place would panic here: `with` must not use it on this runtime.
        let dir = tempfile::tempdir().unwrap();
        let h = StoreHandle::new(Store::open(&dir.path().join("s.db")).unwrap());
        assert_eq!(h.with(|_| 3), 3);
    }
}
