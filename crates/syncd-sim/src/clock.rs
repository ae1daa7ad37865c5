//! A simulator's clock: the host's, moved by a settable offset, as a server whose NTP is
//! off would run. It stamps every answer's `Date` header (real servers send one: nginx,
//! Apache, Puma, PHP-FPM behind them) and is the "now" of the server's own rules.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Shared by a simulator's state and its HTTP server (clones see the same offset).
#[derive(Debug, Clone, Default)]
pub struct SimClock {
    offset_ms: Arc<AtomicI64>,
}

impl SimClock {
    /// The server's current time.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Run the server's clock `offset` ahead of the host's (negative: behind).
    pub fn set_offset(&self, offset: Duration) {
        self.offset_ms
            .store(offset.num_milliseconds(), Ordering::Relaxed);
    }

    pub fn offset(&self) -> Duration {
        Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// The `Date` header value (RFC 9110 IMF-fixdate, whole seconds).
    pub fn http_date(&self) -> String {
        self.now().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_moves_now_and_the_date_header() {
        let c = SimClock::default();
        let shared = c.clone();
        shared.set_offset(Duration::minutes(10));
        let ahead = c.now() - Utc::now();
        assert!(ahead > Duration::minutes(9) && ahead <= Duration::minutes(10));
        let date = DateTime::parse_from_rfc2822(&c.http_date()).unwrap();
        let diff = date.with_timezone(&Utc) - Utc::now();
        assert!(diff > Duration::minutes(9), "{}", c.http_date());
    }
}
