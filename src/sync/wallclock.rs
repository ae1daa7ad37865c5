//! Kimai reads begin/end as wall-clock times in the API user's timezone (HTML5 local,
//! no offset). UTC instants inside; wall clock only at this edge.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Wall-clock time of an instant in `tz`, as Kimai wants it.
pub(crate) fn local(instant: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    instant.with_timezone(&tz).naive_local()
}

/// The instant Kimai will store for a wall-clock time: an ambiguous time (DST fall-back)
/// is read as its first occurrence, as PHP does; a skipped one is moved forward.
pub(crate) fn kimai_reads(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let shifted = local + Duration::hours(1);
            kimai_reads(shifted, tz)
        }
    }
}

/// True when sending the wall-clock time of `instant` lands on that same instant.
pub(crate) fn representable(instant: DateTime<Utc>, tz: Tz) -> bool {
    kimai_reads(local(instant, tz), tz) == instant
}

/// Begin and end to send for an interval. Instants in the second pass of a repeated hour
/// cannot be written without an offset; the interval then moves forward, keeping its
/// duration, to the first minute where both ends can be written. Returns the shift.
pub(crate) fn writable_interval(
    begin: DateTime<Utc>,
    end: DateTime<Utc>,
    tz: Tz,
) -> (DateTime<Utc>, DateTime<Utc>, Duration) {
    let mut shift = Duration::zero();
    // A fold is at most a few hours long; bound the search anyway.
    for _ in 0..(6 * 60) {
        if representable(begin + shift, tz) && representable(end + shift, tz) {
            break;
        }
        shift += Duration::minutes(1);
    }
    (begin + shift, end + shift, shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn spring_forward_interval_keeps_instants() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        // 00:30Z = 01:30 CET, 01:30Z = 03:30 CEST: one real hour across the gap.
        let (b, e, shift) =
            writable_interval(utc("2026-03-29T00:30:00Z"), utc("2026-03-29T01:30:00Z"), tz);
        assert_eq!(shift, Duration::zero());
        assert_eq!(local(b, tz).to_string(), "2026-03-29 01:30:00");
        assert_eq!(local(e, tz).to_string(), "2026-03-29 03:30:00");
        assert_eq!(
            kimai_reads(local(e, tz), tz) - kimai_reads(local(b, tz), tz),
            Duration::hours(1)
        );
    }

    #[test]
    fn fall_back_second_pass_moves_forward() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        // 01:30Z is 02:30 CET, the second 02:30 of the night: not writable without offset.
        assert!(!representable(utc("2026-10-25T01:30:00Z"), tz));
        assert!(representable(utc("2026-10-25T00:30:00Z"), tz));
        let (b, e, shift) =
            writable_interval(utc("2026-10-25T01:00:00Z"), utc("2026-10-25T01:30:00Z"), tz);
        assert_eq!(e - b, Duration::minutes(30));
        assert_eq!(b, utc("2026-10-25T02:00:00Z"));
        assert_eq!(shift, Duration::hours(1));
    }

    #[test]
    fn utc_user_never_shifts() {
        let (_, _, shift) = writable_interval(
            utc("2026-10-25T01:00:00Z"),
            utc("2026-10-25T01:30:00Z"),
            Tz::UTC,
        );
        assert_eq!(shift, Duration::zero());
    }
}
