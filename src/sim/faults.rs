//! Runtime-configurable, seedable fault injection shared by both simulators.

use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What to inject. Rates are probabilities in `0.0..=1.0`, rolled once per authenticated
/// API request in the order: drop, 5xx, 429, slow.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Seed for the fault RNG (re-seeded whenever the config is set).
    pub seed: u64,
    /// Probability of answering 500 with a JSON body.
    pub error_rate: f64,
    /// Probability of answering 429 with `Retry-After`.
    pub rate_limit_rate: f64,
    /// Value of the `Retry-After` header, in whole seconds (0 allowed).
    pub retry_after_secs: u64,
    /// Probability of closing the connection without any response. For writes
    /// (POST/PUT/PATCH/DELETE) a coin flip decides whether the write is applied first.
    pub drop_rate: f64,
    /// Probability of an extra delay of `slow_delay`.
    pub slow_rate: f64,
    pub slow_delay: Duration,
    /// Fixed delay added to every authenticated API request.
    pub latency: Duration,
    /// Faults hit writes (POST/PUT/PATCH/DELETE) only, as when the server's database
    /// refuses writes while reads still work.
    pub writes_only: bool,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            seed: 0,
            error_rate: 0.0,
            rate_limit_rate: 0.0,
            retry_after_secs: 1,
            drop_rate: 0.0,
            slow_rate: 0.0,
            slow_delay: Duration::from_millis(200),
            latency: Duration::ZERO,
            writes_only: false,
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
    pub slow: u64,
}

/// The decision for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    ServerError,
    RateLimited(u64),
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

    /// Roll the dice for one request: returns the fault and the total extra delay.
    pub(crate) fn decide(&self, is_write: bool) -> (Fault, Duration) {
        let mut guard = self.inner.lock().unwrap();
        let inner = &mut *guard;
        let c = &inner.config;
        let mut delay = c.latency;
        let fault = if c.writes_only && !is_write {
            Fault::None
        } else if roll(&mut inner.rng, c.drop_rate) {
            let after_apply = is_write && inner.rng.random_bool(0.5);
            if after_apply {
                inner.stats.dropped_after_apply += 1;
            } else {
                inner.stats.dropped_before_apply += 1;
            }
            Fault::Drop { after_apply }
        } else if roll(&mut inner.rng, c.error_rate) {
            inner.stats.errors += 1;
            Fault::ServerError
        } else if roll(&mut inner.rng, c.rate_limit_rate) {
            inner.stats.rate_limited += 1;
            Fault::RateLimited(c.retry_after_secs)
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
