//! Prometheus text exposition (format 0.0.4), hand-written: a few counters, gauges and one
//! histogram.

use crate::sync::RunReport;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// Values read from the store at scrape time.
#[derive(Debug, Default, Clone)]
pub struct StoreGauges {
    pub open_conflicts: Option<u64>,
    /// Unix seconds of the last run that finished `succeeded` or `conflicts`.
    pub last_success: Option<i64>,
}

#[derive(Default)]
pub struct Metrics {
    runs: Mutex<BTreeMap<(String, String), u64>>,
    created: AtomicU64,
    updated: AtomicU64,
    deleted: AtomicU64,
    webhooks: Mutex<BTreeMap<String, u64>>,
    http: Mutex<BTreeMap<(String, String), Histogram>>,
}

impl Metrics {
    pub fn run_finished(&self, trigger: &str, outcome: &str) {
        *self
            .runs
            .lock()
            .unwrap()
            .entry((trigger.into(), outcome.into()))
            .or_default() += 1;
    }

    pub fn record_report(&self, r: &RunReport) {
        self.run_finished(r.trigger.as_str(), r.status.as_str());
        if !r.dry_run {
            self.created.fetch_add(r.counts.created, Ordering::Relaxed);
            self.updated.fetch_add(r.counts.updated, Ordering::Relaxed);
            self.deleted.fetch_add(r.counts.deleted, Ordering::Relaxed);
        }
    }

    pub fn webhook(&self, outcome: &str) {
        *self
            .webhooks
            .lock()
            .unwrap()
            .entry(outcome.into())
            .or_default() += 1;
    }

    pub fn observe_request(&self, route: &str, method: &str, seconds: f64) {
        let mut map = self.http.lock().unwrap();
        let h = map.entry((route.into(), method.into())).or_default();
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    pub fn render(&self, gauges: &StoreGauges) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str("# HELP syncd_runs_total Sync runs by trigger and outcome.\n# TYPE syncd_runs_total counter\n");
        for ((trigger, outcome), n) in self.runs.lock().unwrap().iter() {
            let _ = writeln!(
                out,
                "syncd_runs_total{{trigger=\"{trigger}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        out.push_str("# HELP syncd_entries_total Kimai timesheets written by this daemon, by action.\n# TYPE syncd_entries_total counter\n");
        for (action, v) in [
            ("created", &self.created),
            ("updated", &self.updated),
            ("deleted", &self.deleted),
        ] {
            let _ = writeln!(
                out,
                "syncd_entries_total{{action=\"{action}\"}} {}",
                v.load(Ordering::Relaxed)
            );
        }
        if let Some(n) = gauges.open_conflicts {
            out.push_str("# HELP syncd_open_conflicts Open conflicts in the store.\n# TYPE syncd_open_conflicts gauge\n");
            let _ = writeln!(out, "syncd_open_conflicts {n}");
        }
        out.push_str("# HELP syncd_last_success_timestamp_seconds End of the last successful run (0: none).\n# TYPE syncd_last_success_timestamp_seconds gauge\n");
        let _ = writeln!(
            out,
            "syncd_last_success_timestamp_seconds {}",
            gauges.last_success.unwrap_or(0)
        );
        out.push_str("# HELP syncd_webhook_deliveries_total Webhook deliveries by outcome.\n# TYPE syncd_webhook_deliveries_total counter\n");
        for (outcome, n) in self.webhooks.lock().unwrap().iter() {
            let _ = writeln!(
                out,
                "syncd_webhook_deliveries_total{{outcome=\"{outcome}\"}} {n}"
            );
        }
        out.push_str("# HELP syncd_http_request_duration_seconds HTTP request durations.\n# TYPE syncd_http_request_duration_seconds histogram\n");
        for ((route, method), h) in self.http.lock().unwrap().iter() {
            let labels = format!("route=\"{route}\",method=\"{method}\"");
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "syncd_http_request_duration_seconds_bucket{{{labels},le=\"{b}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "syncd_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "syncd_http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "syncd_http_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        out
    }
}

/// Read the store-backed gauges.
pub fn store_gauges(store: &crate::store::Store) -> StoreGauges {
    let conn = store.conn();
    let open_conflicts = conn
        .query_row(
            "SELECT count(*) FROM conflicts WHERE status = 'open'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .ok()
        .map(|n| n.max(0) as u64);
    let last_success = conn
        .query_row(
            "SELECT max(finished_at) FROM runs WHERE status IN ('succeeded', 'conflicts') AND dry_run = 0",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .ok()
        .flatten()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.timestamp());
    StoreGauges {
        open_conflicts,
        last_success,
    }
}
