//! Prometheus metrics (`prometheus-client`, text format 0.0.4). Counters are updated as
//! things happen; store-backed gauges are read at scrape time.

use crate::sync::RunReport;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use std::sync::Mutex;

pub(crate) const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RunLabels {
    trigger: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ActionLabels {
    action: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
    method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    route: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn new_histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

/// Values read from the store and the file system at scrape time.
#[derive(Debug, Default, Clone)]
pub struct ScrapeGauges {
    pub open_conflicts: Option<u64>,
    /// Unix seconds of the last run that finished `succeeded` or `conflicts` (0: none;
    /// unset: the store could not be read, keep the last value).
    pub last_success: Option<i64>,
    pub free_bytes: Option<u64>,
}

pub struct Metrics {
    registry: Mutex<Registry>,
    runs: Family<RunLabels, Counter>,
    entries: Family<ActionLabels, Counter>,
    webhooks: Family<OutcomeLabels, Counter>,
    requests: Family<StatusLabels, Counter>,
    durations: HistogramFamily,
    audit_dropped: Family<ReasonLabels, Counter>,
    connections_open: Gauge,
    connections: Counter,
    open_conflicts: Gauge,
    last_success: Gauge,
    free_bytes: Gauge,
    body_budget_in_use: Gauge,
    access_rows: Gauge,
    access_capped: Gauge,
    deliveries_pending: Gauge,
    drifted: Gauge,
    checks: Family<OutcomeLabels, Counter>,
    last_check: Gauge,
    schedules_enabled: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let m = Metrics {
            registry: Mutex::new(Registry::default()),
            runs: Family::default(),
            entries: Family::default(),
            webhooks: Family::default(),
            requests: Family::default(),
            durations: HistogramFamily::new_with_constructor(new_histogram),
            audit_dropped: Family::default(),
            connections_open: Gauge::default(),
            connections: Counter::default(),
            open_conflicts: Gauge::default(),
            last_success: Gauge::default(),
            free_bytes: Gauge::default(),
            body_budget_in_use: Gauge::default(),
            access_rows: Gauge::default(),
            access_capped: Gauge::default(),
            deliveries_pending: Gauge::default(),
            drifted: Gauge::default(),
            checks: Family::default(),
            last_check: Gauge::default(),
            schedules_enabled: Gauge::default(),
        };
        {
            let mut r = m.registry.lock().unwrap();
            r.register(
                "syncd_runs",
                "Sync runs by trigger and outcome",
                m.runs.clone(),
            );
            r.register(
                "syncd_entries",
                "Kimai timesheets written by this daemon, by action",
                m.entries.clone(),
            );
            r.register(
                "syncd_open_conflicts",
                "Open conflicts in the store",
                m.open_conflicts.clone(),
            );
            r.register(
                "syncd_last_success_timestamp_seconds",
                "End of the last successful run (0: none)",
                m.last_success.clone(),
            );
            r.register(
                "syncd_webhook_deliveries",
                "Webhook deliveries by outcome",
                m.webhooks.clone(),
            );
            r.register(
                "syncd_http_requests",
                "HTTP requests by route and status (unknown paths: route other)",
                m.requests.clone(),
            );
            r.register(
                "syncd_http_request_duration_seconds",
                "HTTP request durations",
                m.durations.clone(),
            );
            r.register(
                "syncd_http_connections_open",
                "Client connections open now",
                m.connections_open.clone(),
            );
            r.register(
                "syncd_http_connections",
                "Client connections accepted",
                m.connections.clone(),
            );
            r.register(
                "syncd_body_budget_in_use_bytes",
                "Bytes of the in-flight body budget reserved by large request bodies",
                m.body_budget_in_use.clone(),
            );
            r.register(
                "syncd_audit_rows_dropped",
                "Access audit rows not written: queue_full (writer behind), store_cap (audit.max_access_rows reached), write_failed",
                m.audit_dropped.clone(),
            );
            r.register(
                "syncd_audit_access_rows",
                "Access audit rows in the store (as last counted)",
                m.access_rows.clone(),
            );
            r.register(
                "syncd_audit_access_capped",
                "1 while access rows are refused because the store holds audit.max_access_rows",
                m.access_capped.clone(),
            );
            r.register(
                "syncd_webhook_delivery_ids_pending",
                "Accepted delivery ids not yet written to the store",
                m.deliveries_pending.clone(),
            );
            r.register(
                "syncd_drifted_entries",
                "Entries that differ between Zammad and Kimai or wait in a conflict, as of the last scheduled check (schedule kind check)",
                m.drifted.clone(),
            );
            r.register(
                "syncd_checks",
                "Scheduled drift checks by outcome: in_sync, drift, failed (could not check)",
                m.checks.clone(),
            );
            r.register(
                "syncd_last_check_timestamp_seconds",
                "End of the last scheduled drift check that could be made (0: none)",
                m.last_check.clone(),
            );
            r.register(
                "syncd_schedules_enabled",
                "Enabled schedules the daemon has armed (re-read every daemon.schedule_reload_secs)",
                m.schedules_enabled.clone(),
            );
            r.register(
                "syncd_store_free_bytes",
                "Free space of the store's file system",
                m.free_bytes.clone(),
            );
        }
        m
    }

    pub fn run_finished(&self, trigger: &str, outcome: &str) {
        self.runs
            .get_or_create(&RunLabels {
                trigger: trigger.into(),
                outcome: outcome.into(),
            })
            .inc();
    }

    pub fn record_report(&self, r: &RunReport) {
        self.run_finished(r.trigger.as_str(), r.status.as_str());
        if !r.dry_run {
            for (action, n) in [
                ("created", r.counts.created),
                ("updated", r.counts.updated),
                ("deleted", r.counts.deleted),
            ] {
                self.entries
                    .get_or_create(&ActionLabels { action })
                    .inc_by(n);
            }
        }
    }

    /// A scheduled check finished: the drift gauge takes its count.
    pub fn check_finished(&self, r: &crate::sync::check::CheckReport) {
        self.drifted
            .set(r.drifted_entries.min(i64::MAX as u64) as i64);
        self.last_check.set(r.checked_at.timestamp());
        let outcome = if r.in_sync { "in_sync" } else { "drift" };
        self.checks.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    /// A scheduled check could not be made: the gauge keeps its last value.
    pub fn check_failed(&self) {
        self.checks
            .get_or_create(&OutcomeLabels { outcome: "failed" })
            .inc();
    }

    pub fn webhook(&self, outcome: &'static str) {
        self.webhooks
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
    }

    pub fn request(&self, route: &'static str, method: &'static str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&StatusLabels { route, status })
            .inc();
        self.durations
            .get_or_create(&RouteLabels { route, method })
            .observe(seconds);
    }

    pub fn connection_opened(&self) {
        self.connections.inc();
        self.connections_open.inc();
    }

    pub fn connection_closed(&self) {
        self.connections_open.dec();
    }

    pub fn connections_open(&self) -> i64 {
        self.connections_open.get()
    }

    pub fn audit_dropped(&self, reason: &'static str, n: u64) {
        self.audit_dropped
            .get_or_create(&ReasonLabels { reason })
            .inc_by(n);
    }

    pub fn audit_dropped_total(&self, reason: &'static str) -> u64 {
        self.audit_dropped
            .get_or_create(&ReasonLabels { reason })
            .get()
    }

    pub fn set_access_rows(&self, rows: u64, capped: bool) {
        self.access_rows.set(rows as i64);
        self.access_capped.set(i64::from(capped));
    }

    pub fn set_deliveries_pending(&self, n: usize) {
        self.deliveries_pending.set(n as i64);
    }

    pub fn set_schedules_enabled(&self, n: usize) {
        self.schedules_enabled.set(n as i64);
    }

    /// The text page, with the scrape-time gauges filled in.
    pub fn render(&self, gauges: &ScrapeGauges, body_budget_in_use: u64) -> String {
        if let Some(n) = gauges.open_conflicts {
            self.open_conflicts.set(n as i64);
        }
        if let Some(t) = gauges.last_success {
            self.last_success.set(t);
        }
        if let Some(f) = gauges.free_bytes {
            self.free_bytes.set(f.min(i64::MAX as u64) as i64);
        }
        self.body_budget_in_use.set(body_budget_in_use as i64);
        let mut out = String::with_capacity(8192);
        let registry = self.registry.lock().unwrap();
        if let Err(e) = prometheus_client::encoding::prometheus_text::encode(&mut out, &registry) {
            tracing::warn!(error = %e, "cannot encode metrics");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_labels_and_histograms() {
        let m = Metrics::new();
        m.run_finished("webhook", "succeeded");
        m.webhook("accepted");
        m.request("/webhooks/zammad", "POST", 202, 0.002);
        m.request("other", "GET", 404, 0.0001);
        let page = m.render(&ScrapeGauges::default(), 0);
        for line in [
            "syncd_runs_total{trigger=\"webhook\",outcome=\"succeeded\"} 1",
            "syncd_webhook_deliveries_total{outcome=\"accepted\"} 1",
            "syncd_http_requests_total{route=\"other\",status=\"404\"} 1",
            "syncd_http_request_duration_seconds_count{route=\"/webhooks/zammad\",method=\"POST\"} 1",
        ] {
            assert!(page.contains(line), "{line}\n{page}");
        }
        assert!(page.contains("le=\"0.0025\""), "{page}");
    }
}
