//! Kimai's timesheet rules (`GET /api/config/timesheet`, ConfigurationController): read
//! before a run writes, cached with the Kimai connector, checked, and told to admins in
//! words.

use crate::error::Error;
use crate::http::{ApiError, ApiErrorKind};
use crate::ids::ConnectorId;
use crate::kimai::{KimaiClient, TimesheetConfig};
use crate::store::Store;

/// Roles that have `view_other_timesheet` as Kimai ships them (TIMESHEET_OTHER is mapped
/// to ROLE_TEAMLEAD, ROLE_ADMIN and ROLE_SUPER_ADMIN in config/packages/kimai.yaml).
const SEES_OTHERS: [&str; 3] = ["ROLE_TEAMLEAD", "ROLE_ADMIN", "ROLE_SUPER_ADMIN"];

/// Whether the API user's roles carry `view_other_timesheet` (as shipped; an admin may
/// have changed a role, which only Kimai's answers reveal).
pub(crate) fn sees_others(roles: &[String]) -> bool {
    roles
        .iter()
        .any(|r| SEES_OTHERS.contains(&r.to_ascii_uppercase().as_str()))
}

/// Why syncd cannot write times under these rules, if it cannot: in `punch` and
/// `duration_fixed_begin` modes Kimai's API form has no begin/end for users without
/// `view_other_timesheet` (PunchInOutMode/DurationFixedBeginMode::canUpdateTimesWithAPI).
pub(crate) fn refusal(config: &TimesheetConfig, roles: &[String]) -> Option<String> {
    let mode = config.tracking_mode.as_str();
    if !matches!(mode, "punch" | "duration_fixed_begin") || sees_others(roles) {
        return None;
    }
    Some(format!(
        "Kimai's tracking mode is `{mode}` and the API user (roles: {}) lacks \
         view_other_timesheet, so Kimai refuses begin and end times from it; give the API \
         user a role with view_other_timesheet (ROLE_TEAMLEAD or higher) or switch the \
         tracking mode to `default` (System → Settings → Timesheet)",
        if roles.is_empty() {
            "none".to_string()
        } else {
            roles.join(", ")
        }
    ))
}

/// The rules from Kimai; `None` when the server has no such route.
pub(crate) async fn read(k: &KimaiClient) -> Result<Option<TimesheetConfig>, ApiError> {
    match k.config_timesheet().await {
        Ok(c) => Ok(Some(c)),
        Err(e) if matches!(e.kind, ApiErrorKind::NotFound | ApiErrorKind::NoRoute) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The rules as last read for this Kimai connector.
pub(crate) fn cached(store: &Store, kimai: ConnectorId) -> anyhow::Result<Option<TimesheetConfig>> {
    Ok(store
        .connector_by_id(kimai)?
        .and_then(|row| row.settings.timesheet_rules))
}

/// Remember the rules with the connector (only writes when they changed).
pub(crate) fn cache(
    store: &Store,
    kimai: ConnectorId,
    config: &TimesheetConfig,
) -> anyhow::Result<()> {
    if let Some(row) = store.connector_by_id(kimai)?
        && row.settings.timesheet_rules.as_ref() != Some(config)
    {
        let mut settings = row.settings.clone();
        settings.timesheet_rules = Some(config.clone());
        store.update_connector_settings(row.id, &settings)?;
    }
    Ok(())
}

/// Refuse to sync under rules that make every write fail (exit 2, with the reason).
pub(crate) fn check(config: &TimesheetConfig, roles: &[String]) -> Result<(), Error> {
    match refusal(config, roles) {
        Some(why) => Err(Error::config(why)),
        None => Ok(()),
    }
}

/// The rules in an admin's words, one line per setting.
pub(crate) fn describe(config: &TimesheetConfig) -> Vec<(&'static str, String)> {
    let mode = match config.tracking_mode.as_str() {
        "default" => "default (begin and end are free to set)".to_string(),
        "punch" => "punch (time clock: begin and end come from the clock)".to_string(),
        "duration_fixed_begin" => {
            "duration_fixed_begin (a fixed begin, people enter durations)".to_string()
        }
        other => other.to_string(),
    };
    vec![
        ("tracking mode", mode),
        (
            "overlapping",
            if config.is_allow_overlapping {
                "allowed".into()
            } else {
                "not allowed: a user's timesheets may not overlap, so syncd lays each user's \
                 new timesheets out one after the other (moving them earlier)"
                    .into()
            },
        ),
        (
            "future times",
            if config.is_allow_future_times {
                "allowed".into()
            } else {
                "not allowed: syncd never sends an end in the future".into()
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(mode: &str) -> TimesheetConfig {
        TimesheetConfig {
            tracking_mode: mode.into(),
            default_begin_time: None,
            active_entries_hard_limit: None,
            is_allow_future_times: true,
            is_allow_overlapping: true,
        }
    }

    #[test]
    fn punch_modes_need_a_role_that_sees_others() {
        let user = vec!["ROLE_USER".to_string()];
        let admin = vec!["ROLE_ADMIN".to_string()];
        assert!(refusal(&config("default"), &user).is_none());
        assert!(refusal(&config("punch"), &admin).is_none());
        let why = refusal(&config("duration_fixed_begin"), &user).unwrap();
        assert!(why.contains("view_other_timesheet") && why.contains("ROLE_USER"));
        assert!(check(&config("punch"), &user).is_err());
    }
}
