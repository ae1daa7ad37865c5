//! A schedule's parts, typed: a parsed cron expression (croner, 5 fields or 6 with seconds
//! first), and the closed sets of concurrency, scope and kind. Parsed once where a
//! schedule comes in (`schedule set`, a store read); the daemon never re-parses.

use crate::error::Error;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};
use serde::Serialize;
use std::fmt;

/// A cron expression that parsed, with the text it was written as (shown and stored).
#[derive(Clone)]
pub struct CronExpr {
    text: String,
    cron: Cron,
}

impl CronExpr {
    /// A 5-field (minute first) or 6-field (second first) expression.
    pub fn parse(expr: &str) -> Result<CronExpr, Error> {
        let fields = expr.split_whitespace().count();
        if fields != 5 && fields != 6 {
            return Err(Error::config(format!(
                "invalid cron expression `{expr}`: expected 5 fields (minute hour day month weekday) or 6 (second first), got {fields}"
            )));
        }
        let cron = CronParser::builder()
            .seconds(Seconds::Optional)
            .year(Year::Disallowed)
            .build()
            .parse(expr.trim())
            .map_err(|e| Error::config(format!("invalid cron expression `{expr}`: {e}")))?;
        Ok(CronExpr {
            text: expr.trim().to_string(),
            cron,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The next `n` fire times strictly after `after`, in timezone `tz`.
    pub fn next_runs(&self, tz: Tz, after: DateTime<Utc>, n: usize) -> Vec<DateTime<Tz>> {
        let mut out = Vec::with_capacity(n);
        let mut t = after.with_timezone(&tz);
        while out.len() < n {
            match self.cron.find_next_occurrence(&t, false) {
                Ok(next) => {
                    t = next;
                    out.push(next);
                }
                Err(_) => break,
            }
        }
        out
    }
}

// Two expressions are the same schedule when they read the same.
impl PartialEq for CronExpr {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for CronExpr {}

impl fmt::Debug for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CronExpr({:?})", self.text)
    }
}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for CronExpr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// An IANA timezone name, as `schedule set --timezone` takes it.
pub(crate) fn parse_timezone(name: &str) -> Result<Tz, Error> {
    name.parse::<Tz>()
        .map_err(|_| Error::config(format!("unknown timezone `{name}`")))
}

/// Closed sets stored as text: one macro so text, parse and serde agree.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(
    /// What a fire does while another run is going on.
    Concurrency {
        /// Record a skipped run.
        Skip = "skip",
        /// Wait for the lease and run after it.
        Queue = "queue",
    }
);

text_enum!(
    /// Which entries a scheduled run reads.
    ScheduleScope {
        /// Entries updated since the cursor.
        Incremental = "incremental",
        /// Every entry (finds deletions in Zammad).
        Full = "full",
    }
);

text_enum!(
    /// What a schedule runs.
    ScheduleKind {
        Sync = "sync",
        /// A drift check that sets the `syncd_drifted_entries` gauge.
        Check = "check",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn validates_expressions_and_zones() {
        assert!(CronExpr::parse("0 3 * * *").is_ok());
        assert!(CronExpr::parse("* * * * * *").is_ok());
        assert_eq!(
            CronExpr::parse(" 0 3 * * * ").unwrap().as_str(),
            "0 3 * * *"
        );
        let e = CronExpr::parse("x").unwrap_err().to_string();
        assert!(e.starts_with("invalid cron expression `x`: "), "{e}");
        let e = CronExpr::parse("61 * * * *").unwrap_err().to_string();
        assert!(
            e.starts_with("invalid cron expression `61 * * * *`: "),
            "{e}"
        );
        assert!(CronExpr::parse("0 0 0 1 1 * 2030").is_err());
        assert_eq!(
            parse_timezone("Mars/Base").unwrap_err().to_string(),
            "unknown timezone `Mars/Base`"
        );
        assert!(parse_timezone("Europe/Berlin").is_ok());
    }

    #[test]
    fn text_enums_round_trip_and_refuse_the_unknown() {
        for c in [Concurrency::Skip, Concurrency::Queue] {
            assert_eq!(Concurrency::parse(c.as_str()), Some(c));
        }
        for s in [ScheduleScope::Incremental, ScheduleScope::Full] {
            assert_eq!(ScheduleScope::parse(s.as_str()), Some(s));
        }
        for k in [ScheduleKind::Sync, ScheduleKind::Check] {
            assert_eq!(ScheduleKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert_eq!(Concurrency::parse("Queue"), None);
        assert_eq!(ScheduleScope::parse("weekly"), None);
    }

    #[test]
    fn berlin_dst_spring_forward() {
        // 2026-03-29: 02:00 CET -> 03:00 CEST.
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let cron = CronExpr::parse("0 3 * * *").unwrap();
        let after = Utc.with_ymd_and_hms(2026, 3, 27, 12, 0, 0).unwrap();
        let runs: Vec<String> = cron
            .next_runs(tz, after, 3)
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
        for t in cron.next_runs(tz, after, 3) {
            assert_eq!(t.format("%H:%M").to_string(), "03:00");
        }
        // 02:30 does not exist on 2026-03-29; the run must not be lost or doubled.
        let cron = CronExpr::parse("30 2 * * *").unwrap();
        let runs = cron.next_runs(tz, after, 3);
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
        let cron = CronExpr::parse("30 2 * * *").unwrap();
        let after = Utc.with_ymd_and_hms(2026, 10, 24, 12, 0, 0).unwrap();
        let utc: Vec<_> = cron
            .next_runs(tz, after, 2)
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
        let cron = CronExpr::parse("0 12 * * *").unwrap();
        let utc: Vec<_> = cron
            .next_runs(tz, after, 2)
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
