//! Cron schedules (croner, 5 or 6 fields with seconds first) evaluated in each schedule's
//! own IANA timezone (chrono-tz), so "0 3 * * *" in Europe/Berlin means 03:00 local time
//! on both sides of a DST change. The loop re-reads the `schedules` table every
//! `daemon.schedule_reload_secs`, so CLI changes apply without a restart.

use super::metrics::Metrics;
use super::runner::{Concurrency, Runner};
use super::{Db, SharedSettings};
use crate::error::Error;
use crate::store::schedules::Schedule;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};
use std::collections::HashMap;
use std::time::Duration;

/// Parse a 5-field (minute first) or 6-field (second first) cron expression.
pub fn parse_cron(expr: &str) -> Result<Cron, Error> {
    let fields = expr.split_whitespace().count();
    if fields != 5 && fields != 6 {
        return Err(Error::config(format!(
            "invalid cron expression `{expr}`: expected 5 fields (minute hour day month weekday) or 6 (second first), got {fields}"
        )));
    }
    CronParser::builder()
        .seconds(Seconds::Optional)
        .year(Year::Disallowed)
        .build()
        .parse(expr)
        .map_err(|e| Error::config(format!("invalid cron expression `{expr}`: {e}")))
}

pub fn parse_timezone(name: &str) -> Result<Tz, Error> {
    name.parse::<Tz>()
        .map_err(|_| Error::config(format!("unknown timezone `{name}`")))
}

/// The next `n` fire times strictly after `after`, in the schedule's timezone.
pub fn next_runs(cron: &Cron, tz: Tz, after: DateTime<Utc>, n: usize) -> Vec<DateTime<Tz>> {
    let mut out = Vec::with_capacity(n);
    let mut t = after.with_timezone(&tz);
    while out.len() < n {
        match cron.find_next_occurrence(&t, false) {
            Ok(next) => {
                t = next;
                out.push(next);
            }
            Err(_) => break,
        }
    }
    out
}

/// Validate a schedule as stored; returns its parsed cron and timezone.
pub fn compile(s: &Schedule) -> Result<(Cron, Tz), Error> {
    Ok((parse_cron(&s.cron)?, parse_timezone(&s.timezone)?))
}

struct Armed {
    def: Schedule,
    cron: Cron,
    tz: Tz,
    next: Option<DateTime<Utc>>,
}

/// Run until `shutdown` flips to true.
pub async fn run(
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
                let full = a.def.scope == "full";
                let outcome = runner
                    .submit_schedule(
                        &a.def.name,
                        full,
                        Concurrency::parse(&a.def.concurrency),
                        a.def.kind == "check",
                    )
                    .await;
                tracing::debug!(schedule = %a.def.name, outcome = outcome.as_str(), "schedule fired");
                // The next occurrence after now: no catch-up bursts after a stall.
                a.next = next_runs(&a.cron, a.tz, now.max(next), 1)
                    .first()
                    .map(|t| t.with_timezone(&Utc));
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
        match compile(&s) {
            Ok((cron, tz)) => {
                let next = next_runs(&cron, tz, Utc::now(), 1)
                    .first()
                    .map(|t| t.with_timezone(&Utc));
                changed = true;
                let next_run = next.map(|t| local(t, tz));
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
                armed.insert(
                    s.name.clone(),
                    Armed {
                        def: s,
                        cron,
                        tz,
                        next,
                    },
                );
            }
            Err(e) => {
                tracing::warn!(schedule = %s.name, error = %e, "schedule ignored");
                changed |= armed.remove(&s.name).is_some();
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn validates_expressions_and_zones() {
        assert!(parse_cron("0 3 * * *").is_ok());
        assert!(parse_cron("* * * * * *").is_ok());
        let e = parse_cron("x").unwrap_err().to_string();
        assert!(e.starts_with("invalid cron expression `x`: "), "{e}");
        let e = parse_cron("61 * * * *").unwrap_err().to_string();
        assert!(
            e.starts_with("invalid cron expression `61 * * * *`: "),
            "{e}"
        );
        assert!(parse_cron("0 0 0 1 1 * 2030").is_err());
        assert_eq!(
            parse_timezone("Mars/Base").unwrap_err().to_string(),
            "unknown timezone `Mars/Base`"
        );
        assert!(parse_timezone("Europe/Berlin").is_ok());
    }

    #[test]
    fn berlin_dst_spring_forward() {
        // 2026-03-29: 02:00 CET -> 03:00 CEST.
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let cron = parse_cron("0 3 * * *").unwrap();
        let after = Utc.with_ymd_and_hms(2026, 3, 27, 12, 0, 0).unwrap();
        let runs: Vec<String> = next_runs(&cron, tz, after, 3)
            .iter()
            .map(|t| t.with_timezone(&Utc).to_rfc3339())
            .collect();
        assert_eq!(
            runs,
            [
                "2026-03-28T02:00:00+00:00",
                "2026-03-29T01:00:00+00:00",
                "2026-03-30T01:00:00+00:00"
            ]
        );
        // Local wall time stays 03:00.
        for t in next_runs(&cron, tz, after, 3) {
            assert_eq!(t.format("%H:%M").to_string(), "03:00");
        }
        // 02:30 does not exist on 2026-03-29; the run must not be lost or doubled.
        let cron = parse_cron("30 2 * * *").unwrap();
        let runs = next_runs(&cron, tz, after, 3);
        assert_eq!(runs.len(), 3);
        let utc: Vec<_> = runs.iter().map(|t| t.with_timezone(&Utc)).collect();
        assert_eq!(utc[0], Utc.with_ymd_and_hms(2026, 3, 28, 1, 30, 0).unwrap());
        // ... it runs once, at 03:00 CEST, right after the jump.
        assert_eq!(utc[1], Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap());
        assert_eq!(utc[2], Utc.with_ymd_and_hms(2026, 3, 30, 0, 30, 0).unwrap());
    }

    #[test]
    fn berlin_dst_fall_back() {
        // 2026-10-25: 03:00 CEST -> 02:00 CET; 02:30 happens twice, run once.
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let cron = parse_cron("30 2 * * *").unwrap();
        let after = Utc.with_ymd_and_hms(2026, 10, 24, 12, 0, 0).unwrap();
        let utc: Vec<_> = next_runs(&cron, tz, after, 2)
            .iter()
            .map(|t| t.with_timezone(&Utc))
            .collect();
        // The first 02:30 (CEST) only.
        assert_eq!(
            utc[0],
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
        );
        assert_eq!(
            utc[1],
            Utc.with_ymd_and_hms(2026, 10, 26, 1, 30, 0).unwrap()
        );
        let cron = parse_cron("0 12 * * *").unwrap();
        let utc: Vec<_> = next_runs(&cron, tz, after, 2)
            .iter()
            .map(|t| t.with_timezone(&Utc))
            .collect();
        assert_eq!(
            utc,
            [
                Utc.with_ymd_and_hms(2026, 10, 25, 11, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2026, 10, 26, 11, 0, 0).unwrap()
            ]
        );
    }
}
