//! One grammar for every time flag (`sync --since/--until`, `conflicts list --since`,
//! `audit list --since/--until`): RFC 3339, a date (midnight UTC), a date and time without
//! an offset (UTC), or an age such as `30m`, `12h`, `7d`, `2w` (that long ago).

use crate::error::Error;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// Parse `value` given for `flag`; a usage error that shows the grammar otherwise.
pub(crate) fn parse(flag: &str, value: &str) -> Result<DateTime<Utc>, Error> {
    parse_at(value, Utc::now()).ok_or_else(|| {
        Error::usage(format!(
            "invalid {flag} `{value}`: not a time; use RFC 3339 (2026-11-02T10:00:00Z), a date \
             (2026-11-02, midnight UTC), a UTC time (2026-11-02 10:00) or an age (30m, 12h, 7d, 2w)"
        ))
    })
}

/// As [`parse`], ages counted back from `now`.
pub(crate) fn parse_at(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let t = value.trim();
    if let Ok(ts) = DateTime::parse_from_rfc3339(t) {
        return Some(ts.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, format) {
            return Some(dt.and_utc());
        }
    }
    let split = t.len().checked_sub(1).filter(|i| t.is_char_boundary(*i))?;
    let (num, unit) = t.split_at(split);
    let n: i64 = num.parse().ok().filter(|n| (0..=100_000).contains(n))?;
    let delta = match unit {
        "s" => Duration::seconds(n),
        "m" => Duration::minutes(n),
        "h" => Duration::hours(n),
        "d" => Duration::days(n),
        "w" => Duration::weeks(n),
        _ => return None,
    };
    Some(now - delta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_grammar() {
        let now: DateTime<Utc> = "2026-11-02T12:00:00Z".parse().unwrap();
        let at = |s: &str| parse_at(s, now).map(|t| t.to_rfc3339());
        assert_eq!(at("12h").unwrap(), "2026-11-02T00:00:00+00:00");
        assert_eq!(at("7d").unwrap(), "2026-10-26T12:00:00+00:00");
        assert_eq!(at("2026-11-01").unwrap(), "2026-11-01T00:00:00+00:00");
        assert_eq!(at("2026-11-01 08:30").unwrap(), "2026-11-01T08:30:00+00:00");
        assert_eq!(
            at("2026-11-01T10:00:00+02:00").unwrap(),
            "2026-11-01T08:00:00+00:00"
        );
        for bad in ["", "h", "-3d", "7x", "yesterday", "2026-13-01", "ü"] {
            assert!(at(bad).is_none(), "{bad}");
        }
        assert_eq!(parse("--since", "x").unwrap_err().exit_code().code(), 2);
    }
}
