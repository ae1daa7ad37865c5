//! Kimai's wall-clock handling: HTML5 local input, PHP-like DST resolution, `%z` output,
//! minute rounding.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

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

pub(crate) fn floor_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp().div_euclid(60) * 60, 0).unwrap_or(t)
}

pub(crate) fn ceil_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    let f = floor_minute(t);
    if f == t { t } else { f + Duration::minutes(1) }
}

pub(crate) fn tz_of(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

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
