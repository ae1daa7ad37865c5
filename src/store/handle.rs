//! One store connection shared by async tasks: a sync's concurrent writes and the
//! daemon's handlers. SQLite calls are short (WAL, `synchronous = NORMAL`): a sync makes
//! them in place ([`StoreHandle::with`]) on a runtime of its own (in the daemon too, see
//! `cli::serve`), so they never hold up the workers that answer webhooks; the daemon's
//! handlers make theirs on the blocking pool ([`StoreHandle::call`]).
//!
//! (`block_in_place` around every call was measured and dropped: at 100,000 entries it
//! doubled a first sync's CPU time, 48 s → 89 s, most of it thread hand-offs.)

use super::Store;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

#[derive(Clone)]
pub struct StoreHandle(Arc<Mutex<Store>>);

impl StoreHandle {
    pub fn new(store: Store) -> StoreHandle {
        StoreHandle(Arc::new(Mutex::new(store)))
    }

    /// Use the store now (no guard escapes: the lock is held for `f` only). A panic while
    /// it was held leaves the connection usable (SQLite rolls back an unfinished
    /// transaction), so a poisoned lock is taken over.
    pub fn with<R>(&self, f: impl FnOnce(&Store) -> R) -> R {
        f(&self.guard())
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
    async fn with_and_call_share_one_connection() {
        let dir = tempfile::tempdir().unwrap();
        let h = StoreHandle::new(Store::open(&dir.path().join("s.db")).unwrap());
        let pair = crate::store::Pair {
            zammad: crate::ids::ConnectorId(1),
            kimai: crate::ids::ConnectorId(2),
        };
        assert!(!h.with(|s| s.ledger_has_rows(pair)).unwrap());
        let has: bool = h.call(move |s| s.ledger_has_rows(pair)).await.unwrap();
        assert!(!has);
        // Held by `with`, the connection is busy for `try_with`; free again after.
        h.with(|_| assert!(h.try_with(|_| Ok(())).is_none()));
        assert!(h.try_with(|_| Ok(())).is_some());
    }
}
