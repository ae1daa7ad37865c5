//! What syncd keeps about a Kimai server with its connector: the version, which decides
//! how `modified_after` is read, and the rounding rule seen in Kimai's answers.

use super::rounding::RoundingSeen;
use super::wallclock;
use crate::ids::ConnectorId;
use crate::kimai::KimaiClient;
use crate::store::Store;
use crate::store::StoreHandle;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;

/// A cached version older than this is read again (servers get upgraded).
const VERSION_MAX_AGE_HOURS: i64 = 24;

/// Kimai reads `modified_after` in UTC since 2.45 (commit 806bb97e6, `src/API/
/// TimesheetController.php`), in the API user's timezone before. `None`: not a version.
pub(crate) fn modified_after_in_utc(version: &str) -> Option<bool> {
    let mut parts = version.trim().split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts
        .next()
        .map(|m| {
            m.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    Some((major, minor) >= (2, 45))
}

/// The `modified_after` value that selects everything modified at or after `since`.
/// Before 2.45 (or when the version is unknown) it is the earlier of the UTC and the API
/// user's wall clock: exactly what an old server expects when the API user is west of UTC,
/// and a little more than needed east of it, so an upgrade to 2.45 between two version
/// checks can never hide an edit.
pub(crate) fn modified_after(
    since: DateTime<Utc>,
    version: Option<&str>,
    api_tz: Tz,
) -> NaiveDateTime {
    let utc = since.naive_utc();
    match version.and_then(modified_after_in_utc) {
        Some(true) => utc,
        _ => utc.min(wallclock::local(since, api_tz)),
    }
}

/// The server's version: cached with the connector, read again when a day old. `None`
/// when Kimai does not say (then `modified_after` is sent the safe way). Writes nothing:
/// a version read now comes back as `fresh`, for the caller to remember once it writes.
pub(crate) async fn version(
    store: &StoreHandle,
    kimai: ConnectorId,
    client: &KimaiClient,
) -> anyhow::Result<VersionSeen> {
    let row = store.with(|s| s.connector_by_id(kimai))?;
    let Some(row) = row else {
        return Ok(VersionSeen::default());
    };
    let fresh = row
        .settings
        .version_checked_at
        .is_some_and(|t| Utc::now() - t < Duration::hours(VERSION_MAX_AGE_HOURS));
    if fresh && row.settings.version.is_some() {
        return Ok(VersionSeen {
            version: row.settings.version,
            fresh: false,
        });
    }
    match client.version().await {
        Ok(v) => Ok(VersionSeen {
            version: Some(v.version),
            fresh: true,
        }),
        Err(e) => {
            tracing::info!("cannot read the Kimai version ({e}); using the cached one");
            Ok(VersionSeen {
                version: row.settings.version,
                fresh: false,
            })
        }
    }
}

/// Kimai's version as a run sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct VersionSeen {
    pub version: Option<String>,
    /// Read from Kimai now (not the cache): worth remembering.
    pub fresh: bool,
}

/// Cache a version read elsewhere (`connector test`).
pub(crate) fn remember_version(
    store: &Store,
    kimai: ConnectorId,
    version: &str,
) -> anyhow::Result<()> {
    if let Some(row) = store.connector_by_id(kimai)? {
        let mut settings = row.settings;
        settings.version = Some(version.to_string());
        settings.version_checked_at = Some(Utc::now());
        store.update_connector_settings(kimai, &settings)?;
    }
    Ok(())
}

/// The rounding rule seen on earlier runs.
pub(crate) fn rounding(store: &Store, kimai: ConnectorId) -> anyhow::Result<RoundingSeen> {
    Ok(store
        .connector_by_id(kimai)?
        .map(|r| RoundingSeen {
            begin_gcd_secs: r.settings.rounding_begin_gcd_secs,
            end_gcd_secs: r.settings.rounding_end_gcd_secs,
        })
        .unwrap_or_default())
}

pub(crate) fn remember_rounding(
    store: &Store,
    kimai: ConnectorId,
    seen: RoundingSeen,
) -> anyhow::Result<()> {
    if let Some(row) = store.connector_by_id(kimai)? {
        let mut settings = row.settings;
        let now = (seen.begin_gcd_secs, seen.end_gcd_secs);
        if (
            settings.rounding_begin_gcd_secs,
            settings.rounding_end_gcd_secs,
        ) != now
        {
            (
                settings.rounding_begin_gcd_secs,
                settings.rounding_end_gcd_secs,
            ) = now;
            store.update_connector_settings(kimai, &settings)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_before_2_45_get_the_earlier_wall_clock() {
        assert_eq!(modified_after_in_utc("2.44.0"), Some(false));
        assert_eq!(modified_after_in_utc("2.45.0"), Some(true));
        assert_eq!(modified_after_in_utc("2.66.0-dev"), Some(true));
        assert_eq!(modified_after_in_utc("3.0"), Some(true));
        assert_eq!(modified_after_in_utc("unknown"), None);
        let since: DateTime<Utc> = "2026-11-02T15:00:00Z".parse().unwrap();
        let ny: Tz = "America/New_York".parse().unwrap();
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let show = |v: Option<&str>, tz| modified_after(since, v, tz).to_string();
        assert_eq!(show(Some("2.44.0"), ny), "2026-11-02 10:00:00");
        assert_eq!(show(Some("2.44.0"), tokyo), "2026-11-02 15:00:00");
        assert_eq!(show(None, ny), "2026-11-02 10:00:00");
        assert_eq!(show(Some("2.45.0"), ny), "2026-11-02 15:00:00");
    }
}
