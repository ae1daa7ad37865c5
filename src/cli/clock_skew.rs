//! Clock skew between this host and a server, from the server's `Date` header.
//!
//! The header has whole seconds, so the server's clock is read as the middle of that
//! second and compared with the middle of the request's round trip: the estimate is off
//! by at most half a second plus half the round trip. Below 2 s it is noise; from 2 s an
//! admin should look (warning); from a minute it does harm (doctor fails): syncd books
//! whole minutes taken from Zammad's clock, and Kimai refuses ends "in the future" by its
//! own clock, so clocks a minute apart shift or refuse bookings.

use chrono::{DateTime, Duration, Utc};

/// Up to this, the difference is measurement noise.
pub(super) const NOISE: Duration = Duration::seconds(2);
/// From this on the skew shifts bookings by whole minutes.
pub(super) const HARMFUL: Duration = Duration::seconds(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Ok,
    Warn,
    Fail,
}

/// The server's clock minus this host's, in whole seconds, from a request sent at `sent` whose answer
/// (dated `server`) arrived at `received`.
pub(super) fn estimate(
    sent: DateTime<Utc>,
    received: DateTime<Utc>,
    server: DateTime<Utc>,
) -> Duration {
    let middle = sent + (received - sent) / 2;
    let ms = (server + Duration::milliseconds(500) - middle).num_milliseconds();
    // Whole seconds: the header has no more precision than that.
    Duration::seconds((ms as f64 / 1000.0).round() as i64)
}

/// `4 s`, `10 min 3 s`, `2 h 5 min`.
pub(super) fn words(d: Duration) -> String {
    let secs = d.num_seconds().abs();
    match secs {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => match s % 60 {
            0 => format!("{} min", s / 60),
            r => format!("{} min {r} s", s / 60),
        },
        s => match (s % 3600) / 60 {
            0 => format!("{} h", s / 3600),
            m => format!("{} h {m} min", s / 3600),
        },
    }
}

/// The verdict on a skew for `service` ("Kimai", "Zammad"): level, words, what to do.
pub(super) fn judge(service: &str, skew: Option<Duration>) -> (Level, String, Option<String>) {
    let Some(skew) = skew else {
        return (
            Level::Ok,
            format!("{service} sent no Date header; its clock cannot be compared"),
            None,
        );
    };
    let abs = skew.abs();
    if abs < NOISE {
        return (
            Level::Ok,
            format!(
                "{service}'s clock agrees with this host's (within {})",
                words(NOISE)
            ),
            None,
        );
    }
    let side = if skew > Duration::zero() {
        "ahead of"
    } else {
        "behind"
    };
    let fix = Some(format!(
        "synchronise both clocks with NTP (`timedatectl set-ntp true` on this host and on the \
         {service} server)"
    ));
    if abs < HARMFUL {
        (
            Level::Warn,
            format!(
                "{service}'s clock is {} {side} this host's; harmless for now, but clocks drift",
                words(skew)
            ),
            fix,
        )
    } else {
        (
            Level::Fail,
            format!(
                "{service}'s clock is {} {side} this host's: bookings take Zammad's clock and \
                 Kimai refuses ends in its own future, so times shift or are refused",
                words(skew)
            ),
            fix,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_date_header_second_is_read_as_its_middle() {
        let sent = at("2026-11-02T10:00:00.100Z");
        let received = at("2026-11-02T10:00:00.300Z");
        let same = estimate(sent, received, at("2026-11-02T10:00:00Z"));
        assert!(same.abs() < NOISE, "{same}");
        let ahead = estimate(sent, received, at("2026-11-02T10:10:00Z"));
        assert_eq!(ahead.num_seconds(), 600);
    }

    #[test]
    fn levels_and_words() {
        assert_eq!(
            judge("Kimai", Some(Duration::milliseconds(900))).0,
            Level::Ok
        );
        let (l, d, fix) = judge("Kimai", Some(Duration::seconds(-4)));
        assert_eq!(l, Level::Warn);
        assert!(d.contains("4 s behind"), "{d}");
        assert!(fix.unwrap().contains("NTP"));
        let (l, d, _) = judge("Zammad", Some(Duration::seconds(603)));
        assert_eq!(l, Level::Fail);
        assert!(d.contains("10 min 3 s ahead"), "{d}");
        assert_eq!(judge("Kimai", None).0, Level::Ok);
        assert_eq!(words(Duration::seconds(7500)), "2 h 5 min");
    }
}
