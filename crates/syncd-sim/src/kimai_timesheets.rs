//! Kimai `/api/timesheets` routes: listing with filters and paging, create, update, delete,
//! with Kimai's timezone handling and its rounding rule (`src/API/TimesheetController.php`,
//! `src/Form/TimesheetEditForm.php`, `src/Timesheet/TimesheetService.php`).

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use super::http::{SimRequest, SimResponse};
use super::kimai::{KState, SimTimesheet};
use super::kimai_api::{
    BLANK, FormErrors, INVALID_CHOICE, NOT_VALID, as_bool, as_id, bad_request, code, forbidden,
    form_body, not_found,
};
use super::kimai_json::{rate, timesheet_json};
use super::kimai_rules as rules;
use super::kimai_time::{apply_rounding, local_to_utc, parse_local, tz_of};

fn strict_param(
    req: &SimRequest,
    name: &str,
    tz: Tz,
) -> Result<Option<DateTime<Utc>>, SimResponse> {
    match req.param(name).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDateTime::parse_from_str(&v, "%Y-%m-%dT%H:%M:%S")
            .map(|n| Some(local_to_utc(n, tz)))
            .map_err(|_| bad_request()),
    }
}

fn list(s: &KState, req: &SimRequest) -> SimResponse {
    let pairs = req.query_pairs();
    let api_tz = tz_of(&s.api_user().timezone);
    // Without view_other_timesheet `user` is silently ignored; another user's records
    // also need access to that user (view_all_data here: the sim has no teams).
    let user = match req.param("user").as_deref() {
        None | Some("") => Some(s.api_user_id),
        _ if !s.perms.has("view_other_timesheet") => Some(s.api_user_id),
        Some("all") => None,
        Some(u) => match u.parse::<i64>() {
            Ok(u) if u != s.api_user_id && !s.perms.has("view_all_data") => return forbidden(),
            Ok(u) => Some(u),
            Err(_) => return bad_request(),
        },
    };
    let int = |n: &str| req.param(n).and_then(|v| v.parse::<i64>().ok());
    let (customer, project, activity) = (int("customer"), int("project"), int("activity"));
    let tag_names: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k.starts_with("tags") && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let known_tags: Vec<&String> = tag_names
        .iter()
        .filter(|n| s.tags.values().any(|t| &t.name == *n))
        .collect();
    if !tag_names.is_empty() && known_tags.is_empty() {
        return bad_request();
    }
    let begin = match strict_param(req, "begin", api_tz) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let end = match strict_param(req, "end", api_tz) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let modified_tz = if s.modified_after_in_utc() {
        chrono_tz::UTC
    } else {
        api_tz
    };
    let modified_after = match strict_param(req, "modified_after", modified_tz) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let exported = req.param("exported").and_then(|v| match v.as_str() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    });
    let term_parts: Vec<String> = req
        .param("term")
        .unwrap_or_default()
        .split_whitespace()
        .map(|p| p.to_lowercase())
        .collect();
    let mut hits: Vec<&SimTimesheet> = s
        .timesheets
        .values()
        .filter(|t| user.is_none_or(|u| t.user == u))
        .filter(|t| project.is_none_or(|p| t.project == p))
        .filter(|t| activity.is_none_or(|a| t.activity == a))
        .filter(|t| {
            customer.is_none_or(|c| s.projects.get(&t.project).is_some_and(|p| p.customer == c))
        })
        .filter(|t| known_tags.is_empty() || t.tags.iter().any(|x| known_tags.contains(&x)))
        .filter(|t| begin.is_none_or(|b| t.begin_utc >= b))
        .filter(|t| end.is_none_or(|e| t.begin_utc <= e))
        .filter(|t| modified_after.is_none_or(|m| floor_second(t.modified_at) >= m))
        .filter(|t| exported.is_none_or(|x| t.exported == x))
        .filter(|t| {
            let d = t.description.as_deref().unwrap_or("").to_lowercase();
            term_parts
                .iter()
                .all(|p| !p.contains(':') && d.contains(p.as_str()))
        })
        .collect();
    let order_by = req.param("orderBy").unwrap_or_else(|| "begin".into());
    hits.sort_by(|a, b| {
        let o = match order_by.as_str() {
            "id" => a.id.cmp(&b.id),
            "end" => a.end_utc.cmp(&b.end_utc),
            "rate" => rate(a).total_cmp(&rate(b)),
            _ => a.begin_utc.cmp(&b.begin_utc),
        };
        o.then(a.id.cmp(&b.id))
    });
    if !req
        .param("order")
        .is_some_and(|o| o.eq_ignore_ascii_case("ASC"))
    {
        hits.reverse();
    }
    let size = int("size").filter(|s| *s > 0).unwrap_or(50).min(500) as usize;
    let page = int("page").filter(|p| *p > 0).unwrap_or(1) as usize;
    let total = hits.len();
    let pages = total.div_ceil(size).max(1);
    if page > pages {
        return not_found();
    }
    let full = req.param("full").is_some_and(|f| f == "1" || f == "true");
    let out: Vec<Value> = hits
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|t| timesheet_json(s, t, false, full))
        .collect();
    SimResponse::json(200, &Value::Array(out))
        .with_header("X-Page", page.to_string())
        .with_header("X-Total-Count", total.to_string())
        .with_header("X-Total-Pages", pages.to_string())
        .with_header("X-Per-Page", size.to_string())
}

fn floor_second(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

const BASE_FIELDS: &[&str] = &[
    "begin",
    "end",
    "project",
    "activity",
    "description",
    "fixedRate",
    "hourlyRate",
    "exported",
    "billable",
    "tags",
];

/// The API form's fields for this user (`TimesheetController`: rates, export, billable and
/// user only with their permissions; begin/end only where the tracking mode allows).
fn form_fields(s: &KState, existing: Option<&SimTimesheet>) -> Vec<&'static str> {
    let owner_action = |kind: &str| match existing {
        Some(t) if t.user != s.api_user_id => format!("{kind}_other_timesheet"),
        _ => format!("{kind}_own_timesheet"),
    };
    BASE_FIELDS
        .iter()
        .copied()
        .filter(|f| match *f {
            "begin" | "end" => rules::times_allowed(s),
            "fixedRate" | "hourlyRate" => s.perms.has(&owner_action("edit_rate")),
            "exported" => s.perms.has(&owner_action("edit_export")),
            "billable" => s.perms.has(&owner_action("edit_billable")),
            _ => true,
        })
        .chain(match existing {
            None => s.perms.has("create_other_timesheet").then_some("user"),
            Some(_) => Some("user"),
        })
        .collect()
}

/// Create (`existing = None`) or partially update a record.
fn save(s: &mut KState, req: &SimRequest, existing: Option<SimTimesheet>) -> SimResponse {
    let fields = form_fields(s, existing.as_ref());
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, &fields, &mut errs) else {
        return bad_request();
    };
    let get = |k: &str| map.get(k).filter(|v| !v.is_null());
    // UserType lists enabled users only (include_disabled=false).
    let owner = match get("user").filter(|_| fields.contains(&"user")) {
        Some(v) => match as_id(v).filter(|u| s.users.get(u).is_some_and(|u| u.enabled)) {
            Some(u) => u,
            None => {
                errs.field("user", INVALID_CHOICE);
                s.api_user_id
            }
        },
        None => existing.as_ref().map_or(s.api_user_id, |t| t.user),
    };
    // New records: wall clock read in the API user's tz (the form takes begin's timezone,
    // and a new record starts as the API user's); updates: in the record's stored tz.
    let read_tz = match &existing {
        Some(t) => t.timezone.clone(),
        None if s.post_reads_owner_timezone => s.user_tz(owner),
        None => s.api_user().timezone.clone(),
    };
    let instant = |k: &str, errs: &mut FormErrors| -> Option<Option<DateTime<Utc>>> {
        let v = get(k)?;
        match v.as_str().and_then(parse_local) {
            Some(n) => Some(Some(local_to_utc(n, tz_of(&read_tz)))),
            None => {
                errs.field(k, NOT_VALID);
                Some(None)
            }
        }
    };
    let begin = match instant("begin", &mut errs) {
        Some(b) => b,
        None => Some(existing.as_ref().map_or_else(|| s.now(), |t| t.begin_utc)),
    };
    let end = match instant("end", &mut errs) {
        Some(e) => e,
        None => existing.as_ref().and_then(|t| t.end_utc),
    };
    // ProjectType/ActivityType offer visible projects of visible customers and visible
    // activities only, plus the record's own (FormTrait::addProject, K@1f421c27): a hidden
    // one is "invalid choice" for a new record or a change.
    let keeps = |k: &str, id: i64| {
        existing.as_ref().is_some_and(|t| match k {
            "project" => t.project == id,
            _ => t.activity == id,
        })
    };
    let project_ok = |p: i64| {
        s.projects.get(&p).is_some_and(|p| {
            keeps("project", p.id)
                || (p.visible && s.customers.get(&p.customer).is_none_or(|c| c.visible))
        })
    };
    let project = match get("project") {
        Some(v) => as_id(v).filter(|p| project_ok(*p)).or_else(|| {
            errs.field("project", INVALID_CHOICE);
            None
        }),
        None => existing.as_ref().map(|t| t.project).or_else(|| {
            errs.field("project", BLANK);
            None
        }),
    };
    let activity_ok = |a: i64| {
        s.activities
            .get(&a)
            .filter(|act| act.visible || keeps("activity", act.id))
            .is_some_and(|act| match (act.project, project) {
                (None, Some(p)) => s.projects.get(&p).is_none_or(|p| p.global_activities),
                (None, None) => true,
                (Some(ap), p) => p.is_none_or(|p| p == ap),
            })
    };
    let activity = match get("activity") {
        Some(v) => as_id(v).filter(|a| activity_ok(*a)).or_else(|| {
            errs.field("activity", INVALID_CHOICE);
            None
        }),
        None => existing.as_ref().map(|t| t.activity).or_else(|| {
            errs.field("activity", BLANK);
            None
        }),
    };
    let description = match map.get("description") {
        Some(Value::String(d)) => Some(Some(d.clone()).filter(|d| !d.is_empty())),
        Some(Value::Null) => Some(None),
        Some(_) => {
            errs.field("description", NOT_VALID);
            None
        }
        None => None,
    };
    let tags: Option<Vec<String>> = match map.get("tags") {
        Some(Value::String(list)) => {
            let mut names: Vec<String> = Vec::new();
            for n in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                // Kimai ≥ 2.11 drops unknown tag names silently; hidden tags attach too.
                if let Some(t) = s.tag_named(n)
                    && !names.contains(&t.name)
                {
                    names.push(t.name.clone());
                }
            }
            Some(names)
        }
        Some(Value::Null) => Some(Vec::new()),
        Some(_) => {
            errs.field("tags", NOT_VALID);
            None
        }
        None => None,
    };
    if let (Some(b), Some(e)) = (begin, end)
        && e < b
    {
        errs.form
            .push("The end date must not be earlier than the start date.".into());
    }
    if let Some(b) = begin {
        let id = existing.as_ref().map(|t| t.id);
        errs.form.extend(rules::violations(s, id, owner, b, end));
    }
    if !errs.is_empty() {
        return errs.response(&fields);
    }
    let (Some(begin), Some(project), Some(activity)) = (begin, project, activity) else {
        return bad_request();
    };
    // TimesheetService::saveNewTimesheet: the voter's `create` for another user.
    if existing.is_none() && owner != s.api_user_id && !rules::may(s, "create", owner) {
        return forbidden();
    }
    let id = existing.as_ref().map_or_else(|| s.next_id(), |t| t.id);
    // Every save stores the owner's current timezone (`TimesheetService::fixTimezone`) and
    // applies the rounding rule (`DurationCalculator` → `RoundingService::applyRoundings`).
    let timezone = s.user_tz(owner);
    let (begin, end, duration_secs) = apply_rounding(&s.rounding, begin, end, &timezone);
    let prev = existing.clone();
    let t = SimTimesheet {
        id,
        user: owner,
        project,
        activity,
        begin_utc: begin,
        end_utc: end,
        duration_secs,
        timezone,
        description: description
            .unwrap_or_else(|| prev.as_ref().and_then(|p| p.description.clone())),
        tags: tags.unwrap_or_else(|| prev.as_ref().map(|p| p.tags.clone()).unwrap_or_default()),
        exported: get("exported")
            .and_then(as_bool)
            .unwrap_or(prev.as_ref().is_some_and(|p| p.exported)),
        billable: get("billable")
            .and_then(as_bool)
            .unwrap_or(prev.as_ref().is_none_or(|p| p.billable)),
        modified_at: s.now(),
        hourly_rate: prev.as_ref().map_or(s.hourly_rate, |p| p.hourly_rate),
    };
    s.timesheets.insert(id, t.clone());
    SimResponse::json(200, &timesheet_json(s, &t, true, false))
}

pub(crate) fn route(s: &mut KState, req: &SimRequest, segs: &[&str]) -> SimResponse {
    let id = segs.first().and_then(|v| v.parse::<i64>().ok());
    let existing = id.and_then(|i| s.timesheets.get(&i).cloned());
    match (req.method.as_str(), segs.len(), existing) {
        ("GET", 0, _) => list(s, req),
        ("POST", 0, _) => save(s, req, None),
        (_, 1, None) => not_found(),
        ("GET", 1, Some(t)) if !rules::may(s, "view", t.user) => forbidden(),
        ("GET", 1, Some(t)) => SimResponse::json(200, &timesheet_json(s, &t, true, false)),
        // #[IsGranted('edit')] / #[IsGranted('delete')] run before the form.
        ("PATCH", 1, Some(t)) => {
            if !rules::may(s, "edit", t.user) || !rules::may_change(s, &t) {
                return forbidden();
            }
            save(s, req, Some(t))
        }
        ("DELETE", 1, Some(t)) => {
            if !rules::may(s, "delete", t.user) || !rules::may_change(s, &t) {
                return forbidden();
            }
            s.timesheets.remove(&t.id);
            SimResponse::empty(204)
        }
        _ => code(405, "Method Not Allowed"),
    }
}
