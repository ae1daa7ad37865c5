//! Runtime-configurable, seedable fault injection shared by both simulators.

use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// What to inject. Rates are probabilities in `0.0..=1.0`, rolled once per authenticated
/// API request in the order: drop, 5xx, 429, held write, gateway error, HTML 200, slow.
/// Every rate defaults to 0: a real server does none of this on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Seed for the fault RNG (re-seeded whenever the config is set).
    pub seed: u64,
    /// Only requests of these kinds get faults; empty = all. A kind is a method and a path
    /// (`POST /api/activities`) or a method alone (`PATCH`: every PATCH); [`Self::writes`]
    /// is every write, as when the server's database refuses writes while reads still work.
    pub only: Vec<String>,
    /// Probability of answering `error_status` with the service's JSON error body, without
    /// applying the request.
    pub error_rate: f64,
    /// Status of those errors (500 unless set; 503 is what an overloaded PHP-FPM gives).
    pub error_status: u16,
    /// Probability of answering 429 with `Retry-After`.
    pub rate_limit_rate: f64,
    /// Value of the `Retry-After` header, in whole seconds (0 allowed).
    pub retry_after_secs: u64,
    /// Probability of closing the connection without any response. For writes
    /// (POST/PUT/PATCH/DELETE) a coin flip decides whether the write is applied first.
    pub drop_rate: f64,
    /// Probability that a write is held for `hold` and then applied and answered: PHP keeps
    /// working on a request the client (or a proxy) gave up on, and it still commits.
    pub hold_rate: f64,
    pub hold: Duration,
    /// Probability that a write is applied and then answered 502 or 504 with a proxy's HTML
    /// page (the upstream was slow or went away after committing).
    pub gateway_error_rate: f64,
    /// Probability that a write is applied and then answered 200 with an HTML page (a WAF or
    /// login page in front of the API).
    pub html_ok_rate: f64,
    /// Probability of an extra delay of `slow_delay`.
    pub slow_rate: f64,
    pub slow_delay: Duration,
    /// Fixed delay added to every authenticated API request.
    pub latency: Duration,
}

impl FaultConfig {
    /// For `only`: every write (POST, PUT, PATCH, DELETE).
    pub fn writes() -> Vec<String> {
        ["POST", "PUT", "PATCH", "DELETE"]
            .map(String::from)
            .to_vec()
    }
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            seed: 0,
            only: Vec::new(),
            error_rate: 0.0,
            error_status: 500,
            rate_limit_rate: 0.0,
            retry_after_secs: 1,
            drop_rate: 0.0,
            hold_rate: 0.0,
            hold: Duration::from_secs(3),
            gateway_error_rate: 0.0,
            html_ok_rate: 0.0,
            slow_rate: 0.0,
            slow_delay: Duration::from_millis(200),
            latency: Duration::ZERO,
        }
    }
}

/// How many faults were injected so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultStats {
    pub errors: u64,
    pub rate_limited: u64,
    pub dropped_before_apply: u64,
    pub dropped_after_apply: u64,
    /// Writes held past `hold` (applied late).
    pub held: u64,
    /// Writes applied, then answered 502/504 HTML.
    pub gateway_errors: u64,
    /// Writes applied, then answered 200 with HTML.
    pub html_ok: u64,
    pub slow: u64,
}

/// The decision for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    ServerError(u16),
    RateLimited(u64),
    /// Wait this long, then apply and answer (the client may be gone by then).
    Hold(Duration),
    /// Apply, then answer this status (502 or 504) with an HTML page.
    GatewayAfterApply(u16),
    /// Apply, then answer 200 with an HTML page.
    HtmlAfterApply,
    /// Drop the connection; `true` = apply the request first.
    Drop {
        after_apply: bool,
    },
}

#[derive(Debug)]
struct Inner {
    config: FaultConfig,
    rng: StdRng,
    stats: FaultStats,
}

/// Fault injector of one simulator.
#[derive(Debug)]
pub struct Faults {
    inner: Mutex<Inner>,
    /// Held writes not applied yet.
    held_in_flight: std::sync::atomic::AtomicU64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults::new(FaultConfig::default())
    }
}

impl Faults {
    pub fn new(config: FaultConfig) -> Self {
        let rng = StdRng::seed_from_u64(config.seed);
        Faults {
            inner: Mutex::new(Inner {
                config,
                rng,
                stats: FaultStats::default(),
            }),
            held_in_flight: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Replace the configuration and re-seed the RNG.
    pub fn set(&self, config: FaultConfig) {
        let mut inner = self.inner.lock().unwrap();
        inner.rng = StdRng::seed_from_u64(config.seed);
        inner.config = config;
    }

    /// Turn every fault off (latency included).
    pub fn clear(&self) {
        self.set(FaultConfig::default());
    }

    pub fn config(&self) -> FaultConfig {
        self.inner.lock().unwrap().config.clone()
    }

    pub fn stats(&self) -> FaultStats {
        self.inner.lock().unwrap().stats
    }

    pub fn reset_stats(&self) {
        self.inner.lock().unwrap().stats = FaultStats::default();
    }

    /// Held writes that have not been applied yet.
    pub fn held_in_flight(&self) -> u64 {
        self.held_in_flight
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Wait until every held write has been applied (at most `limit`); true when none is left.
    pub fn wait_for_held_writes(&self, limit: Duration) -> bool {
        let start = std::time::Instant::now();
        while self.held_in_flight() > 0 {
            if start.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    pub(crate) fn hold_started(&self) {
        self.held_in_flight
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    pub(crate) fn hold_finished(&self) {
        self.held_in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Roll the dice for one request of `kind`: returns the fault and the total extra delay.
    pub(crate) fn decide(&self, kind: &str, is_write: bool) -> (Fault, Duration) {
        let mut guard = self.inner.lock().unwrap();
        let inner = &mut *guard;
        let c = &inner.config;
        let mut delay = c.latency;
        let method = kind.split_once(' ').map_or(kind, |(m, _)| m);
        if !c.only.is_empty() && !c.only.iter().any(|k| k == kind || k == method) {
            return (Fault::None, delay);
        }
        let fault = if roll(&mut inner.rng, c.drop_rate) {
            let after_apply = is_write && inner.rng.random_bool(0.5);
            if after_apply {
                inner.stats.dropped_after_apply += 1;
            } else {
                inner.stats.dropped_before_apply += 1;
            }
            Fault::Drop { after_apply }
        } else if roll(&mut inner.rng, c.error_rate) {
            inner.stats.errors += 1;
            Fault::ServerError(c.error_status)
        } else if roll(&mut inner.rng, c.rate_limit_rate) {
            inner.stats.rate_limited += 1;
            Fault::RateLimited(c.retry_after_secs)
        } else if is_write && roll(&mut inner.rng, c.hold_rate) {
            inner.stats.held += 1;
            Fault::Hold(c.hold)
        } else if is_write && roll(&mut inner.rng, c.gateway_error_rate) {
            inner.stats.gateway_errors += 1;
            Fault::GatewayAfterApply(if inner.rng.random_bool(0.5) { 502 } else { 504 })
        } else if is_write && roll(&mut inner.rng, c.html_ok_rate) {
            inner.stats.html_ok += 1;
            Fault::HtmlAfterApply
        } else {
            Fault::None
        };
        if roll(&mut inner.rng, c.slow_rate) {
            inner.stats.slow += 1;
            delay += c.slow_delay;
        }
        (fault, delay)
    }
}

fn roll(rng: &mut StdRng, p: f64) -> bool {
    p > 0.0 && rng.random_bool(p.min(1.0))
}
