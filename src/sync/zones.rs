//! The timezone Kimai reads a PATCH's wall-clock `begin`/`end` in: the record's stored
//! timezone, which is its owner's when it was last saved (`src/Form/TimesheetEditForm.php`
//! takes the timezone of the record's begin; `src/Entity/Timesheet.php` localizes begin
//! and end to the stored `timezone`; `src/Timesheet/TimesheetService.php` fixTimezone sets
//! it to the owner's on save). A POST is read in the API user's timezone instead.
//!
//! syncd knows it from the owner's timezone (`users/me` for the API user; Kimai's user list,
//! cached per Kimai connector, for agents), checked against the UTC offsets the record
//! itself carries, or from those offsets alone when every timezone that has them also
//! agrees at the new times. Otherwise it cannot know, and says so instead of writing.

use super::model::TimesheetView;
use super::wallclock;
use crate::ids::{ConnectorId, KimaiUserId};
use crate::store::Store;
use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// Cache kind of Kimai users' timezones (key: Kimai user id, data: the IANA name).
const CACHE_KIND: &str = "kimai_user_timezone";

fn offset(tz: Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

fn show_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.abs() / 60;
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

/// Why a PATCH's timezone cannot be known.
fn unknowable(owner: KimaiUserId, what: &str) -> String {
    format!(
        "Kimai reads the times of a timesheet change in the timezone of the timesheet's owner \
         (Kimai user {owner}), and syncd cannot tell it: {what}. Grant the API user `view_user` \
         and run `syncd connector test` so syncd learns the owner's timezone, then resolve \
         with take-zammad"
    )
}

/// The zone to write `begin`/`end` of `before` in, so Kimai stores exactly those instants.
/// `known` is the owner's timezone as syncd knows it, if at all.
pub(crate) fn for_patch(
    owner: KimaiUserId,
    known: Option<Tz>,
    before: &TimesheetView,
    begin: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Tz, String> {
    let observed: Vec<(DateTime<Utc>, i32)> = [
        before.begin_offset.map(|o| (before.begin, o)),
        before.end.zip(before.end_offset),
    ]
    .into_iter()
    .flatten()
    .collect();
    let fits = |tz: Tz| observed.iter().all(|(at, o)| offset(tz, *at) == *o);
    let writable =
        |tz: Tz| wallclock::representable(begin, tz) && wallclock::representable(end, tz);
    if let Some(tz) = known.filter(|tz| fits(*tz)) {
        return if writable(tz) {
            Ok(tz)
        } else {
            Err(format!(
                "the new times fall in an hour that repeats in {tz} (daylight saving time ends); \
                 Kimai cannot be sent such a time without an offset"
            ))
        };
    }
    if observed.is_empty() {
        return known.ok_or_else(|| unknowable(owner, "Kimai's answer carried no UTC offset"));
    }
    let candidates: Vec<Tz> = chrono_tz::TZ_VARIANTS
        .iter()
        .copied()
        .filter(|tz| fits(*tz))
        .collect();
    let Some(first) = candidates.first().copied() else {
        return Err(unknowable(
            owner,
            "no timezone has the record's UTC offsets",
        ));
    };
    let agree = candidates.iter().all(|tz| {
        offset(*tz, begin) == offset(first, begin)
            && offset(*tz, end) == offset(first, end)
            && writable(*tz)
    });
    if agree {
        Ok(first)
    } else {
        let seen = show_offset(observed[0].1);
        Err(unknowable(
            owner,
            &format!(
                "the record says UTC{seen}, and timezones with that offset differ at the new times \
                 (daylight saving time){}",
                known.map_or(String::new(), |k| format!(
                    "; the cached timezone {k} does not match the record"
                ))
            ),
        ))
    }
}

/// Remember Kimai users' timezones (from a user list), per Kimai connector.
pub(crate) fn remember(
    store: &Store,
    kimai: ConnectorId,
    users: impl IntoIterator<Item = (KimaiUserId, String)>,
) -> anyhow::Result<()> {
    let rows: Vec<(i64, String)> = users
        .into_iter()
        .filter(|(_, tz)| tz.parse::<Tz>().is_ok())
        .map(|(id, tz)| (id.0, tz))
        .collect();
    Ok(store.cache_put_many(kimai, CACHE_KIND, &rows)?)
}

/// The cached timezones of these Kimai users (those known).
pub(crate) fn cached(
    store: &Store,
    kimai: ConnectorId,
    users: &HashSet<KimaiUserId>,
) -> anyhow::Result<HashMap<KimaiUserId, Tz>> {
    let ids: HashSet<i64> = users.iter().map(|u| u.0).collect();
    Ok(store
        .cache_get_many(kimai, CACHE_KIND, &ids)?
        .into_iter()
        .filter_map(|(id, tz)| Some((KimaiUserId(id), tz.parse().ok()?)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::KimaiTimesheetId;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn record(begin: &str, end: &str, tz: Tz) -> TimesheetView {
        let (b, e) = (at(begin), at(end));
        TimesheetView {
            id: KimaiTimesheetId(7),
            begin: b,
            end: Some(e),
            project: crate::ids::KimaiProjectId(1),
            activity: crate::ids::KimaiActivityId(1),
            user: KimaiUserId(2),
            description: String::new(),
            tags: vec![],
            exported: false,
            begin_offset: Some(offset(tz, b)),
            end_offset: Some(offset(tz, e)),
        }
    }

    #[test]
    fn the_records_offset_is_enough_when_every_zone_agrees() {
        let kolkata: Tz = "Asia/Kolkata".parse().unwrap();
        let r = record("2026-11-02T09:30:00Z", "2026-11-02T10:00:00Z", kolkata);
        let tz = for_patch(
            KimaiUserId(2),
            None,
            &r,
            at("2026-11-02T09:15:00Z"),
            at("2026-11-02T10:00:00Z"),
        )
        .unwrap();
        assert_eq!(
            wallclock::local(at("2026-11-02T09:15:00Z"), tz).to_string(),
            "2026-11-02 14:45:00"
        );
        // A stale cached zone that contradicts the record is not trusted.
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let tz = for_patch(
            KimaiUserId(2),
            Some(berlin),
            &r,
            at("2026-11-02T09:15:00Z"),
            at("2026-11-02T10:00:00Z"),
        )
        .unwrap();
        assert_eq!(offset(tz, at("2026-11-02T09:15:00Z")), 5 * 3600 + 1800);
    }

    #[test]
    fn across_a_dst_change_only_the_known_zone_answers() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let r = record("2026-03-08T07:10:00Z", "2026-03-08T07:30:00Z", ny);
        let (b, e) = (at("2026-03-08T06:30:00Z"), at("2026-03-08T07:30:00Z"));
        let err = for_patch(KimaiUserId(2), None, &r, b, e).unwrap_err();
        assert!(err.contains("view_user") && err.contains("-0400"), "{err}");
        assert_eq!(for_patch(KimaiUserId(2), Some(ny), &r, b, e), Ok(ny));
    }
}
