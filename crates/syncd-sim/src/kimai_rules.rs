//! Who may do what with a timesheet (`TimesheetVoter`, the tracking modes) and the rules a
//! saved record must pass (`TimesheetOverlappingValidator`, `TimesheetFutureTimesValidator`,
//! `TimesheetLockdownValidator`), as in Kimai K@1f421c27.

use chrono::{DateTime, Duration, Utc};

use super::kimai::{KState, SimTimesheet};

/// `TimesheetVoter` for view/edit/delete: own records need the `_own_` permission,
/// others' records the `_other_` one plus access to that user (`view_all_data`: the sim
/// has no teams).
pub(crate) fn may(s: &KState, action: &str, owner: i64) -> bool {
    if owner == s.api_user_id {
        s.perms.has(&format!("{action}_own_timesheet"))
    } else {
        s.perms.has("view_all_data") && s.perms.has(&format!("{action}_other_timesheet"))
    }
}

/// `TimesheetVoter::canEdit`/`canDelete`: exported records need `edit_exported_timesheet`;
/// records in the locked period need `lockdown_override_timesheet`.
pub(crate) fn may_change(s: &KState, t: &SimTimesheet) -> bool {
    let exported_ok = !t.exported || s.perms.has("edit_exported_timesheet");
    exported_ok && !locked(s, t.begin_utc)
}

/// The lockdown period applies (not for roles that override it, e.g. ROLE_ADMIN).
pub(crate) fn locked(s: &KState, begin: DateTime<Utc>) -> bool {
    !s.perms.has("lockdown_override_timesheet") && s.lockdown_before.is_some_and(|l| begin < l)
}

/// `punch` and `duration_fixed_begin` give the API form `begin`/`end` only to users with
/// `view_other_timesheet` (`canUpdateTimesWithAPI`).
pub(crate) fn times_allowed(s: &KState) -> bool {
    s.rules.tracking_mode == "default" || s.perms.has("view_other_timesheet")
}

/// Form-level messages for a record about to be saved (`id` = None for a new one).
pub(crate) fn violations(
    s: &KState,
    id: Option<i64>,
    user: i64,
    begin: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
) -> Vec<String> {
    let mut out = Vec::new();
    if end.is_some_and(|e| e < begin) {
        // TimesheetValidator reports this; the others stay quiet.
        return out;
    }
    if locked(s, begin) {
        out.push("This period is locked, please choose a later date.".into());
    }
    if !s.rules.allow_future_times {
        // Allowed: the rounding of begin/end in minutes plus one minute (#1295).
        let rounding = s.rounding.begin.max(s.rounding.end) as i64;
        let limit = s.now() + Duration::seconds(60 * rounding + 60);
        if begin > limit {
            out.push("The begin date cannot be in the future.".into());
        }
        if end.is_some_and(|e| e > limit) {
            out.push("The end date cannot be in the future.".into());
        }
    }
    if !s.rules.allow_overlapping && overlaps(s, id, user, begin, end) {
        out.push("You already have an entry for this time.".into());
    }
    out
}

/// `TimesheetRepository::hasRecordForTime`: stopped records of the same user that the
/// new one touches, one second in from each end (so 12:45-13:00 and 13:00-13:15 do not
/// overlap).
fn overlaps(
    s: &KState,
    id: Option<i64>,
    user: i64,
    begin: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
) -> bool {
    let b = begin + Duration::seconds(1);
    let e = end.map(|e| e - Duration::seconds(1));
    let between = |x: DateTime<Utc>, lo: DateTime<Utc>, hi: DateTime<Utc>| lo <= x && x <= hi;
    s.timesheets.values().any(|t| {
        let Some(t_end) = t.end_utc else { return false };
        if t.user != user || Some(t.id) == id {
            return false;
        }
        between(b, t.begin_utc, t_end)
            || e.is_some_and(|e| {
                between(e, t.begin_utc, t_end) || between(t.begin_utc, b, e) || between(t_end, b, e)
            })
    })
}
