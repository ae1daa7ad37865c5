//! Request bodies under one memory budget. A body of at most [`SMALL_BODY`] bytes is read
//! at once (a Zammad payload is a few KiB), so it never waits behind large ones; a larger
//! body first reserves its size from the budget shared by every request in flight, and
//! finds 503 when the budget is spent. Stalled senders therefore hold at most the budget,
//! whatever their number, until the request deadline closes them.

use http_body_util::BodyExt;
use hyper::body::{Body, Bytes};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Bodies up to this size bypass the budget.
pub(crate) const SMALL_BODY: usize = 64 * 1024;

/// The budget, counted in KiB.
#[derive(Clone)]
pub(crate) struct BodyBudget {
    sem: Arc<Semaphore>,
    total_kib: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Declared or grown past `daemon.webhook_max_body_bytes`.
    TooLarge,
    /// The shared budget is spent by other requests.
    NoBudget,
    /// The client broke off or sent a malformed body.
    Read,
}

/// A body read into memory, and its share of the budget (released on drop).
pub(crate) struct ReadBody {
    pub bytes: Bytes,
    _held: Option<OwnedSemaphorePermit>,
}

fn kib(bytes: usize) -> u32 {
    bytes.div_ceil(1024).min(u32::MAX as usize) as u32
}

impl BodyBudget {
    pub(crate) fn new(bytes: usize) -> BodyBudget {
        let total_kib = kib(bytes) as usize;
        BodyBudget {
            sem: Arc::new(Semaphore::new(total_kib)),
            total_kib,
        }
    }

    /// Bytes reserved by bodies in flight.
    pub(crate) fn in_use(&self) -> u64 {
        (self.total_kib.saturating_sub(self.sem.available_permits()) as u64) * 1024
    }

    fn reserve(&self, bytes: usize) -> Result<OwnedSemaphorePermit, BodyError> {
        self.sem
            .clone()
            .try_acquire_many_owned(kib(bytes))
            .map_err(|_| BodyError::NoBudget)
    }

    /// Read `body` (whose `Content-Length` is `declared`, if any) up to `max` bytes.
    pub(crate) async fn read<B>(
        &self,
        body: B,
        declared: Option<u64>,
        max: usize,
    ) -> Result<ReadBody, BodyError>
    where
        B: Body<Data = Bytes> + Unpin,
    {
        if declared.is_some_and(|n| n > max as u64) {
            return Err(BodyError::TooLarge);
        }
        let mut held: Option<OwnedSemaphorePermit> = None;
        if let Some(n) = declared.filter(|n| *n as usize > SMALL_BODY) {
            held = Some(self.reserve(n as usize)?);
        }
        // Allocated at the second frame only: most bodies arrive in one.
        let mut buf: Vec<u8> = Vec::new();
        let mut first: Option<Bytes> = None;
        let mut body = body;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| BodyError::Read)?;
            let Ok(data) = frame.into_data() else {
                continue; // trailers
            };
            let have = buf.len() + first.as_ref().map_or(0, Bytes::len);
            let len = have + data.len();
            if len > max {
                return Err(BodyError::TooLarge);
            }
            // A body without Content-Length reserves as it grows past the small size.
            if declared.is_none() && len > SMALL_BODY {
                let have = held.as_ref().map_or(0, |p| p.num_permits());
                let need = kib(len) as usize;
                if need > have {
                    let more = self.reserve((need - have) * 1024)?;
                    match held.as_mut() {
                        Some(p) => p.merge(more),
                        None => held = Some(more),
                    }
                }
            }
            if have == 0 {
                first = Some(data);
                continue;
            }
            if let Some(f) = first.take() {
                buf.reserve(declared.map_or(len, |n| n as usize));
                buf.extend_from_slice(&f);
            }
            buf.extend_from_slice(&data);
        }
        let bytes = match first {
            Some(f) => f,
            None => Bytes::from(buf),
        };
        Ok(ReadBody { bytes, _held: held })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;
    use hyper::body::Frame;

    /// A body without Content-Length, in frames of the given sizes.
    struct Chunked(std::collections::VecDeque<usize>);

    impl Body for Chunked {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            let next = self.0.pop_front();
            std::task::Poll::Ready(next.map(|n| Ok(Frame::data(Bytes::from(vec![b'x'; n])))))
        }
    }

    fn chunked(parts: Vec<usize>) -> Chunked {
        Chunked(parts.into())
    }

    #[tokio::test]
    async fn small_bodies_skip_the_budget_and_large_ones_reserve_it() {
        let budget = BodyBudget::new(200 * 1024);
        let small = Full::new(Bytes::from(vec![b'a'; 1000]));
        let r = budget.read(small, Some(1000), 1 << 20).await.unwrap();
        assert_eq!(r.bytes.len(), 1000);
        assert_eq!(budget.in_use(), 0);
        let big = Full::new(Bytes::from(vec![b'b'; 150 * 1024]));
        let held = budget.read(big, Some(150 * 1024), 1 << 20).await.unwrap();
        assert_eq!(budget.in_use(), 150 * 1024);
        // A second large body finds the budget spent; a small one still passes.
        let big2 = Full::new(Bytes::from(vec![b'c'; 100 * 1024]));
        assert_eq!(
            budget.read(big2, Some(100 * 1024), 1 << 20).await.err(),
            Some(BodyError::NoBudget)
        );
        let small = Full::new(Bytes::from(vec![b'a'; 10]));
        assert!(budget.read(small, Some(10), 1 << 20).await.is_ok());
        drop(held);
        assert_eq!(budget.in_use(), 0);
        let big = Full::new(Bytes::from(vec![b'b'; 150 * 1024]));
        assert_eq!(
            budget.read(big, Some(150 * 1024), 100 * 1024).await.err(),
            Some(BodyError::TooLarge)
        );
    }

    #[tokio::test]
    async fn chunked_bodies_reserve_as_they_grow() {
        let budget = BodyBudget::new(100 * 1024);
        let r = budget
            .read(chunked(vec![40 * 1024, 40 * 1024]), None, 1 << 20)
            .await
            .unwrap();
        assert_eq!(r.bytes.len(), 80 * 1024);
        assert_eq!(budget.in_use(), 80 * 1024);
        drop(r);
        assert_eq!(
            budget
                .read(chunked(vec![60 * 1024, 60 * 1024]), None, 1 << 20)
                .await
                .err(),
            Some(BodyError::NoBudget)
        );
        assert_eq!(budget.in_use(), 0);
        assert_eq!(
            budget
                .read(chunked(vec![60 * 1024, 60 * 1024]), None, 100 * 1024)
                .await
                .err(),
            Some(BodyError::TooLarge)
        );
    }
}
