//! Delivery ids seen recently, in memory: Zammad retries a delivery up to 5 times over about
//! two minutes with the same `X-Zammad-Delivery`, and a replay must be recognised without
//! reading the store (which may be locked by a backup). Loaded from the store at start-up;
//! new ids are written behind by the store writer.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Most ids kept; beyond this the oldest are forgotten (only signed deliveries get here).
pub(crate) const MAX_REMEMBERED: usize = 200_000;

#[derive(Default)]
struct Inner {
    ids: HashSet<Arc<str>>,
    order: VecDeque<(Instant, Arc<str>)>,
}

#[derive(Default)]
pub(crate) struct RecentDeliveries {
    inner: Mutex<Inner>,
}

impl RecentDeliveries {
    /// Ids already in the store (received within the retention).
    pub(crate) fn preload(&self, ids: impl IntoIterator<Item = String>) {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap();
        for id in ids {
            let id: Arc<str> = id.into();
            if inner.ids.insert(id.clone()) {
                inner.order.push_back((now, id));
            }
        }
        evict(&mut inner, MAX_REMEMBERED, None);
    }

    /// Remember `id`; false when it was already seen (a replay).
    pub(crate) fn first_time(&self, id: &str) -> bool {
        let mut inner = self.inner.lock().unwrap();
        if inner.ids.contains(id) {
            return false;
        }
        let id: Arc<str> = id.into();
        inner.ids.insert(id.clone());
        inner.order.push_back((Instant::now(), id));
        if inner.order.len() > MAX_REMEMBERED {
            evict(&mut inner, MAX_REMEMBERED, None);
        }
        true
    }

    /// Forget ids older than `keep`.
    pub(crate) fn expire(&self, keep: Duration) {
        let mut inner = self.inner.lock().unwrap();
        evict(&mut inner, MAX_REMEMBERED, Some(keep));
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.inner.lock().unwrap().ids.len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn evict(inner: &mut Inner, max: usize, keep: Option<Duration>) {
    while let Some((at, _)) = inner.order.front() {
        let too_many = inner.order.len() > max;
        let too_old = keep.is_some_and(|k| at.elapsed() > k);
        if !(too_many || too_old) {
            break;
        }
        if let Some((_, id)) = inner.order.pop_front() {
            inner.ids.remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_are_recognised_and_old_ids_forgotten() {
        let r = RecentDeliveries::default();
        r.preload(["a".to_string()]);
        assert!(!r.first_time("a"));
        assert!(r.first_time("b"));
        assert!(!r.first_time("b"));
        r.expire(Duration::ZERO);
        assert!(r.is_empty());
        assert!(r.first_time("a"));
    }
}
