//! Timezone sanity: the Kimai API user's timezone against the agents' (the Kimai users
//! syncd books for, where Kimai lets the token read them) and this host's.
//!
//! syncd writes correct instants in any of them, but Kimai reads a new timesheet's times
//! in the API user's timezone and a change's in the owner's; an API user in a timezone
//! nobody works in is usually a set-up mistake, and only UTC has no daylight-saving hour
//! that repeats (entries logged then move to the next writable minute).

use super::clock_skew::Level;
use chrono::{Datelike, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// What is known about the timezones involved.
#[derive(Debug, Clone, Default)]
pub(super) struct ZoneFacts {
    /// The Kimai API user's timezone (IANA name), if read.
    pub api_user: Option<String>,
    /// Timezones of the agents' Kimai users, one per agent; `None`: not readable.
    pub agents: Option<Vec<String>>,
    /// This host's timezone.
    pub system: Option<String>,
}

/// A verdict in words, with what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Verdict {
    pub level: Level,
    pub detail: String,
    pub fix: Option<String>,
}

/// Two zones are the same for syncd when their UTC offsets agree in January and July
/// (Europe/Berlin and Europe/Paris, UTC and Etc/UTC).
fn same_zone(a: Tz, b: Tz) -> bool {
    let year = Utc::now().year();
    [1, 7].iter().all(|month| {
        let at = Utc
            .with_ymd_and_hms(year, *month, 15, 12, 0, 0)
            .single()
            .expect("a valid date");
        a.offset_from_utc_datetime(&at.naive_utc()).fix()
            == b.offset_from_utc_datetime(&at.naive_utc()).fix()
    })
}

fn is_utc(tz: Tz) -> bool {
    same_zone(tz, Tz::UTC)
}

/// Agents, how many share the API user's zone, and the largest other zone with its count.
type AgentZones = (usize, usize, Option<(String, usize)>);

/// The judgement for one Kimai connector named `connector`.
pub(super) fn judge(connector: &str, f: &ZoneFacts) -> Verdict {
    let retest = format!("then run `syncd connector test {connector}`");
    let Some(name) = f.api_user.as_deref() else {
        return Verdict {
            level: Level::Warn,
            detail: "the API user's timezone is not known yet".into(),
            fix: Some(format!("run `syncd connector test {connector}`")),
        };
    };
    let Ok(api) = name.parse::<Tz>() else {
        return Verdict {
            level: Level::Fail,
            detail: format!(
                "Kimai's API user is in `{name}`, which is not an IANA timezone: syncd cannot \
                 write times in it"
            ),
            fix: Some(format!(
                "set the API user's timezone in Kimai (its profile → Preferences → Timezone) to \
                 UTC, {retest}"
            )),
        };
    };
    let host = f
        .system
        .as_deref()
        .map(|s| format!("this host is in {s}"))
        .unwrap_or_else(|| "this host's timezone is unknown".into());
    // The agents by zone (zones with the same rules count as one), and how many share
    // the API user's: (agents, same as the API user, largest other group).
    let agents: Option<AgentZones> = f.agents.as_ref().map(|all| {
        let mut same = 0;
        let mut groups: Vec<(Option<Tz>, String, usize)> = Vec::new();
        for a in all {
            let tz = a.parse::<Tz>().ok();
            if tz.is_some_and(|tz| same_zone(tz, api)) {
                same += 1;
                continue;
            }
            let found = groups.iter_mut().find(|(g, name, _)| match (g, tz) {
                (Some(g), Some(tz)) => same_zone(*g, tz),
                _ => name == a,
            });
            match found {
                Some(g) => g.2 += 1,
                None => groups.push((tz, a.clone(), 1)),
            }
        }
        let top = groups
            .into_iter()
            // The largest group; on a tie, the first name in order (stable output).
            .min_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)))
            .map(|(_, name, n)| (name, n));
        (all.len(), same, top)
    });
    if is_utc(api) {
        let about = match &agents {
            Some((n, _, Some((zone, k)))) if *n > 0 => {
                format!("; {k} of {n} agents are in {zone}, and Kimai shows them their own time")
            }
            _ => String::new(),
        };
        return Verdict {
            level: Level::Ok,
            detail: format!(
                "Kimai's API user is in {name}: no daylight-saving hour repeats{about}"
            ),
            fix: None,
        };
    }
    let to_utc =
        "set the API user's timezone in Kimai (its profile → Preferences → Timezone) to UTC";
    match agents {
        Some((n, same, Some((zone, k)))) if n > 0 && k > same => Verdict {
            level: Level::Warn,
            detail: format!(
                "Kimai's API user is in {name} but {k} of {n} agents are in {zone} ({host}); \
                 Kimai reads new timesheets' times in the API user's timezone and changes in \
                 the owner's, so one wrong zone shifts bookings by the difference, and entries \
                 logged in {name}'s repeated daylight-saving hour move"
            ),
            fix: Some(format!("{to_utc} (or {zone}), {retest}")),
        },
        Some((n, same, _)) if n > 0 => Verdict {
            level: Level::Warn,
            detail: format!(
                "Kimai's API user is in {name}, like {same} of {n} agents ({host}); entries logged \
                 in the hour that repeats when daylight saving time ends move to the next \
                 writable minute; UTC avoids that"
            ),
            fix: Some(format!("{to_utc}, {retest}")),
        },
        _ => {
            let why = if f.agents.is_none() {
                "the agents' timezones are not readable (the token lacks view_user)"
            } else {
                "no agents are known yet"
            };
            let differs = f
                .system
                .as_deref()
                .and_then(|s| s.parse::<Tz>().ok())
                .is_some_and(|s| !same_zone(s, api));
            Verdict {
                level: Level::Warn,
                detail: format!(
                    "Kimai's API user is in {name}{}; {why}; UTC avoids daylight-saving ambiguity",
                    if differs {
                        format!(" but {host}")
                    } else {
                        format!(" ({host})")
                    }
                ),
                fix: Some(format!("{to_utc}, {retest}")),
            }
        }
    }
}

/// This host's timezone: `TZ` (an IANA name, with or without a leading `:`), else the
/// zone `/etc/localtime` links to, else `/etc/timezone`.
pub(super) fn system_timezone() -> Option<String> {
    let valid = |s: &str| s.parse::<Tz>().ok().map(|_| s.to_string());
    if let Ok(tz) = std::env::var("TZ") {
        let tz = tz.trim().trim_start_matches(':');
        if let Some(v) = valid(tz) {
            return Some(v);
        }
    }
    if let Ok(target) = std::fs::read_link("/etc/localtime") {
        let text = target.to_string_lossy();
        if let Some((_, name)) = text.split_once("zoneinfo/")
            && let Some(v) = valid(name)
        {
            return Some(v);
        }
    }
    std::fs::read_to_string("/etc/timezone")
        .ok()
        .and_then(|t| valid(t.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(api: &str, agents: Option<&[&str]>, system: &str) -> ZoneFacts {
        ZoneFacts {
            api_user: Some(api.into()),
            agents: agents.map(|a| a.iter().map(|s| s.to_string()).collect()),
            system: Some(system.into()),
        }
    }

    #[test]
    fn an_api_user_away_from_its_agents_is_named_in_words() {
        let agents = [
            "Europe/Berlin",
            "Europe/Berlin",
            "Europe/Paris",
            "Europe/Berlin",
            "Europe/Berlin",
            "America/New_York",
        ];
        let v = judge(
            "timesheets",
            &facts("America/New_York", Some(&agents), "UTC"),
        );
        assert_eq!(v.level, Level::Warn);
        assert!(
            v.detail.starts_with(
                "Kimai's API user is in America/New_York but 5 of 6 agents are in Europe/Berlin"
            ),
            "{}",
            v.detail
        );
        assert!(v.fix.unwrap().contains("syncd connector test timesheets"));
    }

    #[test]
    fn utc_is_fine_and_a_shared_zone_is_a_mild_warning() {
        let v = judge(
            "k",
            &facts("UTC", Some(&["Europe/Berlin"]), "Europe/Berlin"),
        );
        assert_eq!(v.level, Level::Ok, "{v:?}");
        let v = judge("k", &facts("Etc/UTC", None, "UTC"));
        assert_eq!(v.level, Level::Ok);
        let v = judge(
            "k",
            &facts(
                "Europe/Berlin",
                Some(&["Europe/Paris", "Europe/Berlin"]),
                "UTC",
            ),
        );
        assert_eq!(v.level, Level::Warn);
        assert!(v.detail.contains("like 2 of 2 agents"), "{}", v.detail);
        let v = judge("k", &facts("Europe/Berlin", None, "America/Chicago"));
        assert!(
            v.detail.contains("but this host is in America/Chicago")
                && v.detail.contains("view_user"),
            "{}",
            v.detail
        );
        assert_eq!(
            judge("k", &facts("Mars/Base", None, "UTC")).level,
            Level::Fail
        );
    }
}
