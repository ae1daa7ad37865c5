//! Notifications when a run fails or open conflicts exceed `notify.conflicts_threshold`:
//! POST JSON to `notify.url` and/or run `notify.command` via `sh -c` in a clean environment
//! (an allow-list plus the `SYNCD_*` details). Fire and forget: failures are logged, never fatal.

use super::SharedSettings;
use crate::sync::RunReport;
use std::time::Duration;

/// Variables the notify command inherits; everything else is dropped.
pub(crate) const ENV_ALLOWED: [&str; 9] = [
    "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "USER", "LOGNAME", "TMPDIR",
];

#[derive(Clone)]
pub struct Notifier {
    settings: SharedSettings,
    client: reqwest::Client,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    /// `run_failed` or `conflicts_threshold`
    pub event: String,
    pub run_id: Option<String>,
    pub status: String,
    pub open_conflicts: Option<u64>,
    pub error: Option<String>,
    pub host: Option<String>,
    pub at: String,
}

impl Notifier {
    pub fn new(settings: SharedSettings) -> Notifier {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("syncd/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Notifier { settings, client }
    }

    pub fn run_failed(
        &self,
        run_id: Option<&str>,
        status: &str,
        open_conflicts: Option<u64>,
        error: &str,
    ) {
        self.send(Event {
            event: "run_failed".into(),
            run_id: run_id.map(str::to_string),
            status: status.into(),
            open_conflicts,
            error: Some(error.to_string()),
            host: crate::sys::hostname(),
            at: crate::store::now_text(),
        });
    }

    pub fn check_conflicts(&self, report: &RunReport) {
        let threshold = self.settings.read().unwrap().notify.conflicts_threshold;
        let open = report.open_conflict_total();
        if let Some(t) = threshold
            && open > t
        {
            self.send(Event {
                event: "conflicts_threshold".into(),
                run_id: Some(report.run_id.clone()),
                status: report.status.as_str().into(),
                open_conflicts: Some(open),
                error: None,
                host: crate::sys::hostname(),
                at: crate::store::now_text(),
            });
        }
    }

    /// Deliver in the background.
    pub fn send(&self, event: Event) {
        let notify = self.settings.read().unwrap().notify.clone();
        if notify.url.is_none() && notify.command.is_none() {
            return;
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            if let Some(url) = &notify.url {
                match client.post(url.clone()).json(&event).send().await {
                    Ok(resp) if resp.status().is_success() => {
                        tracing::info!(event = %event.event, "notification posted")
                    }
                    Ok(resp) => {
                        tracing::warn!(status = %resp.status(), "notification URL answered with an error")
                    }
                    // The URL often carries a token: never log it.
                    Err(e) => tracing::warn!(error = %e.without_url(), "cannot post notification"),
                }
            }
            if let Some(cmd) = &notify.command {
                let mut c = tokio::process::Command::new("sh");
                c.arg("-c")
                    .arg(cmd)
                    .stdin(std::process::Stdio::null())
                    .kill_on_drop(true);
                // A clean environment: nothing the daemon holds (credentials, tokens) leaks.
                c.env_clear();
                for key in ENV_ALLOWED {
                    if let Some(v) = std::env::var_os(key) {
                        c.env(key, v);
                    }
                }
                if std::env::var_os("PATH").is_none() {
                    c.env("PATH", "/usr/local/bin:/usr/bin:/bin");
                }
                c.env("SYNCD_EVENT", &event.event)
                    .env("SYNCD_RUN_ID", event.run_id.as_deref().unwrap_or(""))
                    .env("SYNCD_STATUS", &event.status)
                    .env(
                        "SYNCD_OPEN_CONFLICTS",
                        event
                            .open_conflicts
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                    )
                    .env("SYNCD_ERROR", event.error.as_deref().unwrap_or(""));
                match tokio::time::timeout(Duration::from_secs(60), c.status()).await {
                    Ok(Ok(st)) if st.success() => {
                        tracing::info!(event = %event.event, "notification command ran")
                    }
                    Ok(Ok(st)) => tracing::warn!(status = %st, "notification command failed"),
                    Ok(Err(e)) => tracing::warn!(error = %e, "cannot run notification command"),
                    Err(_) => tracing::warn!("notification command timed out after 60 s"),
                }
            }
        });
    }
}
