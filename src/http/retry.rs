//! The one retry policy: one backoff, one Retry-After rule, and the rule that a create
//! whose answer is ambiguous is never sent again.

use super::error::{ApiError, Outcome};
use reqwest::header::HeaderMap;
use std::future::Future;
use std::time::Duration;

/// How requests are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first one (1 = no retries).
    pub attempts: u32,
    /// Delay before the first retry; doubled on each further retry (with jitter).
    pub base_delay: Duration,
    /// Upper bound for one backoff delay. A Retry-After longer than this ends the retries.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

/// Whether a request may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// GET, PATCH, PUT, DELETE: sending twice leaves the same state (a DELETE answered 404
    /// the second time is done), so every retryable failure is retried.
    Idempotent,
    /// POST: only re-sent when the answer proves nothing was stored (no connection, a 429).
    /// An `Unknown` answer goes back to the caller, who keeps the create pending until it
    /// can be settled by a search.
    Create,
}

impl Replay {
    fn allows(self, err: &ApiError) -> bool {
        err.is_retryable()
            && match self {
                Replay::Idempotent => true,
                Replay::Create => err.outcome() == Outcome::NotApplied,
            }
    }
}

/// An error a retried step may end with: only API errors are ever retried; anything else
/// (a store write that found the lease gone) ends the retries at once.
pub trait Attempted {
    fn api_error(&self) -> Option<&ApiError>;
}

impl Attempted for ApiError {
    fn api_error(&self) -> Option<&ApiError> {
        Some(self)
    }
}

impl Attempted for anyhow::Error {
    fn api_error(&self) -> Option<&ApiError> {
        self.downcast_ref::<ApiError>()
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            attempts: 1,
            ..Self::default()
        }
    }

    /// Delay before retry number `retry` (1-based) after `err`, or `None` when the error
    /// should not be retried (not retryable, or a Retry-After beyond `max_delay`).
    pub fn delay_for(&self, retry: u32, err: &ApiError) -> Option<Duration> {
        if !err.is_retryable() {
            return None;
        }
        if let Some(ra) = err.retry_after() {
            return if ra <= self.max_delay { Some(ra) } else { None };
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << (retry.saturating_sub(1)).min(20));
        let capped = exp.min(self.max_delay);
        // Jitter: 50 %..100 % of the capped delay.
        let unit = getrandom::u32().unwrap_or(u32::MAX / 2) as f64 / f64::from(u32::MAX);
        let factor = 0.5 + unit * 0.5;
        Some(capped.mul_f64(factor))
    }

    /// Send with retries. `send` gets the attempt number (1-based): a create passes a
    /// closure that searches for what it creates before sending it again (attempt > 1), so
    /// even a refusal we misread cannot turn into a second copy.
    pub async fn run<T, E, F, Fut>(&self, replay: Replay, mut send: F) -> Result<T, E>
    where
        E: Attempted,
        F: FnMut(u32) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let attempts = self.attempts.max(1);
        let mut attempt = 1;
        loop {
            let failed = match send(attempt).await {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let Some(err) = failed.api_error() else {
                return Err(failed);
            };
            if attempt >= attempts || !replay.allows(err) {
                return Err(failed);
            }
            let Some(delay) = self.delay_for(attempt, err) else {
                return Err(failed);
            };
            tracing::debug!(
                service = %err.service,
                method = %err.method,
                path = %err.path,
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %err.message,
                "retrying request"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}

/// `Retry-After` in seconds or as an HTTP date.
pub(crate) fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}
