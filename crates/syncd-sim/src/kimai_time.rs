//! Kimai's wall-clock handling: HTML5 local input, PHP-like DST resolution, `%z` output,
//! and the rounding rule applied on every save (`src/Timesheet/RoundingService.php`,
//! `src/Timesheet/Rounding/*Rounding.php`, `src/Timesheet/Calculator/DurationCalculator.php`).

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::kimai_model::{KimaiRounding, RoundingMode};

/// HTML5 local date-time (`YYYY-MM-DDTHH:MM[:SS]`, no offset).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
}

/// Wall clock in `tz` → UTC like PHP: ambiguous = first occurrence, nonexistent = shifted
/// forward by the gap (read with the offset in force before the transition).
pub fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            let before = tz
                .from_local_datetime(&(naive - Duration::hours(3)))
                .earliest();
            let offset = before
                .map(|b| b.offset().fix().local_minus_utc())
                .unwrap_or(0);
            (naive - Duration::seconds(offset.into())).and_utc()
        }
    }
}

/// `2024-05-02T09:00:00+0200` in the given tz.
pub fn format_in_tz(t: DateTime<Utc>, tz: &str) -> String {
    let tz: Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    t.with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M:%S%z")
        .to_string()
}

#[derive(Clone, Copy)]
enum Step {
    Down,
    Up,
    Closest,
}

/// Kimai rounds Unix timestamps (`$timestamp % $seconds`), i.e. on the UTC grid.
fn round_secs(ts: i64, minutes: u32, step: Step) -> i64 {
    if minutes == 0 {
        return ts;
    }
    let size = i64::from(minutes) * 60;
    let diff = ts.rem_euclid(size);
    if diff == 0 {
        return ts;
    }
    match step {
        Step::Down => ts - diff,
        Step::Up => ts - diff + size,
        Step::Closest if diff * 2 > size => ts - diff + size,
        Step::Closest => ts - diff,
    }
}

/// Begin, end and duration (seconds) as Kimai stores them after `applyRoundings`: the rule
/// applies when the weekday of the end (in the record's timezone) is one of its days.
pub fn apply_rounding(
    rule: &KimaiRounding,
    begin: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    tz: &str,
) -> (DateTime<Utc>, Option<DateTime<Utc>>, i64) {
    let Some(end) = end else {
        return (begin, None, 0);
    };
    let weekday = end.with_timezone(&tz_of(tz)).weekday();
    if !rule.days.contains(&weekday) {
        return (begin, Some(end), (end - begin).num_seconds());
    }
    let (b, e, d) = match rule.mode {
        RoundingMode::Default => (Step::Down, Step::Up, Step::Up),
        RoundingMode::Floor => (Step::Down, Step::Down, Step::Down),
        RoundingMode::Ceil => (Step::Up, Step::Up, Step::Up),
        RoundingMode::Closest => (Step::Closest, Step::Closest, Step::Closest),
    };
    let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or(begin);
    let begin = at(round_secs(begin.timestamp(), rule.begin, b));
    let end = at(round_secs(end.timestamp(), rule.end, e));
    let duration = round_secs((end - begin).num_seconds(), rule.duration, d);
    (begin, Some(end), duration)
}

pub(crate) fn tz_of(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn default_rule_floors_begin_and_ceils_end_to_the_minute() {
        let (b, e, d) = apply_rounding(
            &KimaiRounding::default(),
            utc("2024-05-02T14:35:59Z"),
            Some(utc("2024-05-02T15:29:04Z")),
            "UTC",
        );
        assert_eq!(b, utc("2024-05-02T14:35:00Z"));
        assert_eq!(e, Some(utc("2024-05-02T15:30:00Z")));
        assert_eq!(d, 55 * 60);
    }

    #[test]
    fn modes_round_begin_end_and_duration() {
        let (begin, end) = (
            utc("2024-05-02T09:07:00Z"),
            Some(utc("2024-05-02T09:38:00Z")),
        );
        let rule = |mode, duration| KimaiRounding {
            duration,
            mode,
            ..KimaiRounding::minutes(15)
        };
        let t = |m: &str| Some(utc(&format!("2024-05-02T{m}:00Z")));
        let (b, e, _) = apply_rounding(&rule(RoundingMode::Default, 0), begin, end, "UTC");
        assert_eq!((Some(b), e), (t("09:00"), t("09:45")));
        let (b, e, _) = apply_rounding(&rule(RoundingMode::Floor, 0), begin, end, "UTC");
        assert_eq!((Some(b), e), (t("09:00"), t("09:30")));
        let (b, e, _) = apply_rounding(&rule(RoundingMode::Ceil, 0), begin, end, "UTC");
        assert_eq!((Some(b), e), (t("09:15"), t("09:45")));
        let (b, e, _) = apply_rounding(&rule(RoundingMode::Closest, 0), begin, end, "UTC");
        assert_eq!((Some(b), e), (t("09:00"), t("09:45")));
        // Duration rounding changes only the duration, not the end.
        let dur = KimaiRounding {
            begin: 1,
            end: 1,
            duration: 15,
            ..KimaiRounding::default()
        };
        let (b, e, d) = apply_rounding(&dur, begin, end, "UTC");
        assert_eq!((b, e, d), (begin, end, 45 * 60));
    }

    #[test]
    fn rule_applies_only_on_its_days() {
        let rule = KimaiRounding {
            days: vec![chrono::Weekday::Sat],
            ..KimaiRounding::minutes(15)
        };
        // Friday 23:30 UTC is Saturday in Kolkata: the record's timezone decides.
        let (begin, end) = (
            utc("2024-05-03T23:07:00Z"),
            Some(utc("2024-05-03T23:38:00Z")),
        );
        assert_eq!(apply_rounding(&rule, begin, end, "UTC").0, begin);
        assert_ne!(apply_rounding(&rule, begin, end, "Asia/Kolkata").0, begin);
    }

    #[test]
    fn dst_gap_shifts_forward_and_overlap_takes_first() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let gap = parse_local("2024-03-31T02:30:00").unwrap();
        assert_eq!(
            local_to_utc(gap, berlin).to_rfc3339(),
            "2024-03-31T01:30:00+00:00"
        );
        let overlap = parse_local("2024-10-27T02:30:00").unwrap();
        assert_eq!(
            local_to_utc(overlap, berlin).to_rfc3339(),
            "2024-10-27T00:30:00+00:00"
        );
    }
}
