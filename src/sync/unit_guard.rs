//! The unit sanity guard. Zammad's `time_unit` is a bare number and the connector says what
//! it means; a wrong unit books every entry 60 times too long or too short. Before the
//! first sync of a Zammad connector (no ledger rows yet) and after its unit changed, the
//! entries being synced are checked (and again on later syncs while too few entries were
//! seen to judge): when the configured unit makes the typical entry
//! implausible and another unit makes it plausible, the run is refused (exit 2, nothing
//! written) with the likely unit named, unless `--force`.
//!
//! Thresholds (the same for every unit, `quarter` and `<N>m` included): the typical entry
//! is the median of the positive entries, converted with the unit; it is plausible from
//! 10 minutes to 8 hours. So `minute` refuses a median of 0.25–8 (15 seconds to 8
//! minutes), `hour` a median of 30 (30 hours), `quarter` a median below 0.67 or above 32,
//! `10m` a median below 1 or above 48. At least 3 positive entries are needed to judge.
//! The likely unit is the one of minute, quarter and hour that makes the median plausible
//! and books the most entries as whole minutes (hours come as 0.25, 1.5 …; quarters and
//! minutes as whole numbers), then the one whose typical entry is closest to 45 minutes.

use super::units::TimeUnit;
use crate::error::Error;
use crate::ids::ConnectorId;
use crate::store::Store;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Fewer positive entries than this say nothing about the unit.
pub(crate) const MIN_ENTRIES: usize = 3;
/// The plausible typical entry, in minutes: 10 minutes to 8 hours.
const PLAUSIBLE_MINUTES: (i64, i64) = (10, 8 * 60);

/// What the entries say about a unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    /// Too few positive entries to judge.
    TooFew(usize),
    Plausible,
    Implausible(Implausible),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Implausible {
    pub unit: TimeUnit,
    /// Positive entries judged.
    pub entries: usize,
    /// The median `time_unit`, as Zammad sends it.
    pub median: Decimal,
    /// The median in minutes under `unit`.
    pub minutes: Decimal,
    /// The unit that makes the entries plausible, with the typical entry in minutes.
    pub likely: Option<(TimeUnit, Decimal)>,
}

fn plausible(minutes: Decimal) -> bool {
    minutes >= Decimal::from(PLAUSIBLE_MINUTES.0) && minutes <= Decimal::from(PLAUSIBLE_MINUTES.1)
}

fn median(sorted: &[Decimal]) -> Decimal {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO
    }
}

fn minutes_of(unit: TimeUnit, value: Decimal) -> Decimal {
    unit.minutes(&value.to_string()).unwrap_or_default()
}

/// Judge `unit` by the entries' `time_unit` values (unparsable, zero and negative ones are
/// left out: corrections say nothing about the typical entry).
pub(crate) fn judge<'a>(values: impl IntoIterator<Item = &'a str>, unit: TimeUnit) -> Verdict {
    let mut positive: Vec<Decimal> = values
        .into_iter()
        .filter_map(|v| v.trim().parse::<Decimal>().ok())
        .filter(|d| *d > Decimal::ZERO)
        .collect();
    if positive.len() < MIN_ENTRIES {
        return Verdict::TooFew(positive.len());
    }
    positive.sort();
    let mid = median(&positive);
    let minutes = minutes_of(unit, mid);
    if plausible(minutes) {
        return Verdict::Plausible;
    }
    let same =
        |a: TimeUnit, b: TimeUnit| minutes_of(a, Decimal::ONE) == minutes_of(b, Decimal::ONE);
    let whole_share = |u: TimeUnit| {
        positive
            .iter()
            .filter(|v| minutes_of(u, **v).fract().is_zero())
            .count()
    };
    let distance = |m: Decimal| (m.to_f64().unwrap_or(0.0) / 45.0).ln().abs();
    let likely = [TimeUnit::Minute, TimeUnit::Quarter, TimeUnit::Hour]
        .into_iter()
        .filter(|u| !same(*u, unit))
        .map(|u| (u, minutes_of(u, mid)))
        .filter(|(_, m)| plausible(*m))
        .max_by(|(a, am), (b, bm)| {
            whole_share(*a)
                .cmp(&whole_share(*b))
                .then_with(|| distance(*bm).total_cmp(&distance(*am)))
        });
    Verdict::Implausible(Implausible {
        unit,
        entries: positive.len(),
        median: mid.normalize(),
        minutes: minutes.normalize(),
        likely,
    })
}

/// `45 seconds`, `8 minutes`, `1 h 30 min`, `30 hours`.
fn duration_words(minutes: Decimal) -> String {
    let secs = (minutes * Decimal::from(60)).round().to_i64().unwrap_or(0);
    match secs {
        s if s < 60 => format!("{s} seconds"),
        s if s < 3600 => {
            let m = (minutes * Decimal::from(100)).round() / Decimal::from(100);
            format!("{} minutes", m.normalize())
        }
        s if s < 24 * 3600 => match (s / 60) % 60 {
            0 => format!("{} h", s / 3600),
            m => format!("{} h {m} min", s / 3600),
        },
        s => format!("{} hours", s / 3600),
    }
}

fn plural(unit: TimeUnit) -> String {
    match unit {
        TimeUnit::Minute => "minutes".into(),
        TimeUnit::Hour => "hours".into(),
        TimeUnit::Quarter => "quarter hours".into(),
        TimeUnit::Minutes(n) => format!("units of {n} minutes"),
    }
}

/// The refusal in words: what is implausible, the likely unit, the two ways on.
pub(crate) fn refusal(connector: &str, i: &Implausible) -> String {
    let mut text = format!(
        "Zammad connector `{connector}` counts time in `{}`, but its entries do not look like {}: \
         the typical entry (median of {} entries) is time_unit {}, which would book {} \
         (plausible: 10 minutes to 8 hours)",
        i.unit,
        plural(i.unit),
        i.entries,
        i.median,
        duration_words(i.minutes)
    );
    match &i.likely {
        Some((unit, minutes)) => text.push_str(&format!(
            ". They look like {} (`{unit}`: a typical entry of {}). Nothing was written. If they \
             are: syncd connector edit {connector} --time-unit {unit}; if `{}` is right, pass --force",
            plural(*unit),
            duration_words(*minutes),
            i.unit
        )),
        None => text.push_str(&format!(
            ". No unit of minute, quarter or hour makes them plausible; check the entries in \
             Zammad. Nothing was written. If `{}` is right, pass --force",
            i.unit
        )),
    }
    text
}

/// The guard before a sync: when the Zammad connector has no ledger rows yet, or its unit
/// has not been confirmed since it was set or changed, refuse entries the unit makes
/// implausible. Writes nothing: returns the connector's new `unit_check_pending` when it
/// changes (a passed or forced check is done; one with too few entries stays due), to be
/// recorded with [`record`] when the plan is applied.
pub(crate) fn before_sync(
    store: &Store,
    connector: ConnectorId,
    name: &str,
    unit: TimeUnit,
    values: &[&str],
    force: bool,
) -> anyhow::Result<Option<bool>> {
    let Some(row) = store.connector_by_id(connector)? else {
        return Ok(None);
    };
    let pending = row.settings.unit_check_pending;
    if !pending && store.connector_usage(connector)?.ledger > 0 {
        return Ok(None);
    }
    let verdict = judge(values.iter().copied(), unit);
    match (&verdict, force) {
        (Verdict::Implausible(i), false) => return Err(Error::config(refusal(name, i)).into()),
        (Verdict::Implausible(i), true) => tracing::warn!(
            "--force: syncing although {}",
            refusal(name, i).split(". ").next().unwrap_or_default()
        ),
        _ => {}
    }
    // Judged (or forced): done. Too few entries to judge: the check stays due, so a first
    // sync of one ticket (a webhook) does not wave the unit through for the backlog.
    let due = !(force || matches!(verdict, Verdict::Plausible));
    Ok((due != pending).then_some(due))
}

/// Record the outcome of [`before_sync`] for a Zammad connector.
pub(crate) fn record(store: &Store, connector: ConnectorId, pending: bool) -> anyhow::Result<()> {
    if let Some(row) = store.connector_by_id(connector)? {
        let mut settings = row.settings;
        settings.unit_check_pending = pending;
        store.update_connector_settings(connector, &settings)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(s: &str) -> TimeUnit {
        s.parse().unwrap()
    }

    fn likely(values: &[&str], configured: &str) -> Option<String> {
        match judge(values.iter().copied(), unit(configured)) {
            Verdict::Implausible(i) => i.likely.map(|(u, _)| u.to_string()),
            other => panic!("{values:?} as {configured}: {other:?}"),
        }
    }

    #[test]
    fn hours_read_as_minutes_are_refused_and_named() {
        assert_eq!(
            likely(&["1.5", "2.0", "0.5"], "minute").as_deref(),
            Some("hour")
        );
        assert_eq!(
            likely(&["0.25", "0.5", "1", "8"], "minute").as_deref(),
            Some("hour")
        );
        assert_eq!(
            likely(&["30", "45", "20"], "hour").as_deref(),
            Some("minute")
        );
        // Quarter hours: whole numbers, typically 1-4.
        assert_eq!(
            likely(&["1", "2", "2", "4"], "minute").as_deref(),
            Some("quarter")
        );
        assert_eq!(
            likely(&["0.5", "0.25", "0.5"], "10m").as_deref(),
            Some("hour")
        );
        assert_eq!(
            likely(&["60", "45", "90"], "quarter").as_deref(),
            Some("minute")
        );
    }

    #[test]
    fn plausible_entries_and_small_samples_pass() {
        for (values, u) in [
            (&["15", "30", "45", "5"][..], "minute"),
            (&["1.5", "0.25", "2"][..], "hour"),
            (&["1", "2", "4"][..], "quarter"),
            (&["8", "8", "8"][..], "hour"),
            (&["3", "6", "2"][..], "10m"),
        ] {
            assert_eq!(
                judge(values.iter().copied(), unit(u)),
                Verdict::Plausible,
                "{values:?} {u}"
            );
        }
        assert_eq!(
            judge(["2", "1", "-30", "0"], unit("minute")),
            Verdict::TooFew(2)
        );
    }

    #[test]
    fn the_refusal_names_the_fix() {
        let Verdict::Implausible(i) = judge(["1.5", "2.0", "0.5"], TimeUnit::Minute) else {
            panic!()
        };
        let text = refusal("helpdesk", &i);
        assert!(
            text.contains("median of 3 entries) is time_unit 1.5, which would book 1.5 minutes"),
            "{text}"
        );
        assert!(
            text.contains("They look like hours (`hour`: a typical entry of 1 h 30 min)"),
            "{text}"
        );
        assert!(
            text.contains("syncd connector edit helpdesk --time-unit hour"),
            "{text}"
        );
        let Verdict::Implausible(i) = judge(["30", "30", "31"], TimeUnit::Hour) else {
            panic!()
        };
        assert!(
            refusal("z", &i).contains("which would book 30 hours"),
            "{}",
            refusal("z", &i)
        );
        let Verdict::Implausible(i) = judge(["0.01", "0.02", "0.01"], TimeUnit::Minute) else {
            panic!()
        };
        assert!(refusal("z", &i).contains("No unit of minute, quarter or hour"));
    }
}
