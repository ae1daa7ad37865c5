//! Cron schedules evaluated in each schedule's own IANA timezone (chrono-tz), so
//! "0 3 * * *" in Europe/Berlin means 03:00 local time on both sides of a DST change. The
//! loop re-reads the `schedules` table every `daemon.schedule_reload_secs`, so CLI changes
//! apply without a restart; the rows come typed from the store (crate::schedule).

use super::metrics::Metrics;
use super::runner::Runner;
use super::{Db, SharedSettings};
use crate::store::schedules::Schedule;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::time::Duration;

struct Armed {
    def: Schedule,
    next: Option<DateTime<Utc>>,
}

impl Armed {
    /// The next fire strictly after `after`.
    fn next_after(def: &Schedule, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        def.cron
            .next_runs(def.timezone, after, 1)
            .first()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// Run until `shutdown` flips to true.
pub(crate) async fn run(
    db: Db,
    runner: Runner,
    settings: SharedSettings,
    metrics: std::sync::Arc<Metrics>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let mut armed: HashMap<String, Armed> = HashMap::new();
    let mut warned_empty = false;
    let mut loaded = false;
    let mut reload_at = tokio::time::Instant::now();
    loop {
        if *shutdown.borrow() {
            return;
        }
        let now_i = tokio::time::Instant::now();
        if now_i >= reload_at {
            let reload =
                Duration::from_secs(settings.read().unwrap().daemon.schedule_reload_secs.max(1));
            reload_at = now_i + reload;
            match db.call(|s| s.list_schedules()).await {
                Ok(list) => {
                    if list.is_empty() && !warned_empty {
                        tracing::info!(
                            "no schedules; only webhooks trigger runs (try: syncd schedule set nightly --cron \"0 3 * * *\" --scope full)"
                        );
                        warned_empty = true;
                    }
                    let first = !loaded;
                    loaded = true;
                    let changed = reconcile(&mut armed, list);
                    metrics.set_schedules_enabled(armed.len());
                    if (first || changed) && !armed.is_empty() {
                        let mut names: Vec<&str> = armed.keys().map(String::as_str).collect();
                        names.sort_unstable();
                        tracing::info!(
                            enabled = armed.len(),
                            "schedules loaded: {}",
                            names.join(", ")
                        );
                    } else if changed {
                        tracing::info!("no schedules enabled; only webhooks trigger runs");
                    }
                }
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot read schedules"),
            }
        }
        // Fire what is due.
        let now = Utc::now();
        for a in armed.values_mut() {
            if let Some(next) = a.next
                && next <= now
            {
                let outcome = runner
                    .submit_schedule(&a.def.name, a.def.scope, a.def.concurrency, a.def.kind)
                    .await;
                tracing::debug!(schedule = %a.def.name, outcome = outcome.as_str(), "schedule fired");
                // The next occurrence after now: no catch-up bursts after a stall.
                a.next = Armed::next_after(&a.def, now.max(next));
            }
        }
        let next_fire = armed.values().filter_map(|a| a.next).min();
        let mut wake = reload_at;
        if let Some(t) = next_fire {
            let until = (t - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            wake = wake.min(tokio::time::Instant::now() + until);
        }
        tokio::select! {
            _ = tokio::time::sleep_until(wake) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// A person reads this: the schedule's own timezone, to the second.
fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// Arm new and changed schedules, drop removed ones; true when anything changed.
fn reconcile(armed: &mut HashMap<String, Armed>, list: Vec<Schedule>) -> bool {
    let names: std::collections::HashSet<String> = list
        .iter()
        .filter(|s| s.enabled)
        .map(|s| s.name.clone())
        .collect();
    let before = armed.len();
    armed.retain(|name, _| {
        let keep = names.contains(name);
        if !keep {
            tracing::info!(schedule = %name, "schedule removed or disabled");
        }
        keep
    });
    let mut changed = armed.len() != before;
    for s in list.into_iter().filter(|s| s.enabled) {
        let same = armed.get(&s.name).is_some_and(|a| {
            a.def.cron == s.cron
                && a.def.timezone == s.timezone
                && a.def.concurrency == s.concurrency
                && a.def.scope == s.scope
                && a.def.kind == s.kind
        });
        if same {
            continue;
        }
        let next = Armed::next_after(&s, Utc::now());
        changed = true;
        let next_run = next.map(|t| local(t, s.timezone));
        tracing::info!(
            schedule = %s.name,
            cron = %s.cron,
            timezone = %s.timezone,
            kind = %s.kind,
            scope = %s.scope,
            concurrency = %s.concurrency,
            next = next_run.as_deref(),
            "schedule armed"
        );
        armed.insert(s.name.clone(), Armed { def: s, next });
    }
    changed
}
