//! Kimai `/api/timesheets` routes: listing with filters and paging, create, update, delete,
//! with Kimai's timezone handling and minute rounding.

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
use super::kimai_time::{ceil_minute, floor_minute, local_to_utc, parse_local, tz_of};

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
    let user = match req.param("user").as_deref() {
        None | Some("") => Some(s.api_user_id),
        Some("all") => None,
        Some(u) => match u.parse::<i64>() {
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
    let modified_after = match strict_param(req, "modified_after", chrono_tz::UTC) {
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

/// Create (`existing = None`) or partially update a record.
fn save(s: &mut KState, req: &SimRequest, existing: Option<SimTimesheet>) -> SimResponse {
    let mut fields: Vec<&str> = BASE_FIELDS.to_vec();
    if s.perms.create_other_timesheet {
        fields.push("user");
    }
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, &fields, &mut errs) else {
        return bad_request();
    };
    let get = |k: &str| map.get(k).filter(|v| !v.is_null());
    let owner = match get("user").filter(|_| fields.contains(&"user")) {
        Some(v) => match as_id(v).filter(|u| s.users.contains_key(u)) {
            Some(u) => u,
            None => {
                errs.field("user", INVALID_CHOICE);
                s.api_user_id
            }
        },
        None => existing.as_ref().map_or(s.api_user_id, |t| t.user),
    };
    // New records: wall clock read in the API user's tz; updates: in the record's tz.
    let read_tz = existing
        .as_ref()
        .map_or_else(|| s.api_user().timezone.clone(), |t| t.timezone.clone());
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
        None => Some(existing.as_ref().map_or_else(Utc::now, |t| t.begin_utc)),
    };
    let end = match instant("end", &mut errs) {
        Some(e) => e,
        None => existing.as_ref().and_then(|t| t.end_utc),
    };
    let project = match get("project") {
        Some(v) => as_id(v).filter(|p| s.projects.contains_key(p)).or_else(|| {
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
    let begin = begin.map(floor_minute);
    let end = end.map(ceil_minute);
    if let (Some(b), Some(e)) = (begin, end)
        && e < b
    {
        errs.form
            .push("The end date must not be earlier than the start date.".into());
    }
    if let (Some(lock), Some(b)) = (s.lockdown_before, begin)
        && (b < lock || existing.as_ref().is_some_and(|t| t.begin_utc < lock))
    {
        errs.field(
            "begin",
            "This period is locked, please choose a later date.",
        );
    }
    if !errs.is_empty() {
        return errs.response(&fields);
    }
    let (Some(begin), Some(project), Some(activity)) = (begin, project, activity) else {
        return bad_request();
    };
    let id = existing.as_ref().map_or_else(|| s.next_id(), |t| t.id);
    let timezone = existing
        .as_ref()
        .map_or_else(|| s.user_tz(owner), |t| t.timezone.clone());
    let prev = existing.clone();
    let t = SimTimesheet {
        id,
        user: owner,
        project,
        activity,
        begin_utc: begin,
        end_utc: end,
        duration_secs: end.map_or(0, |e| (e - begin).num_seconds()),
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
        modified_at: Utc::now(),
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
        ("GET", 1, Some(t)) => SimResponse::json(200, &timesheet_json(s, &t, true, false)),
        ("PATCH", 1, Some(t)) => {
            if t.exported && !s.perms.edit_exported_timesheet {
                return forbidden();
            }
            save(s, req, Some(t))
        }
        ("DELETE", 1, Some(t)) => {
            let locked = s.lockdown_before.is_some_and(|l| t.begin_utc < l);
            if locked || (t.exported && !s.perms.edit_exported_timesheet) {
                return forbidden();
            }
            s.timesheets.remove(&t.id);
            SimResponse::empty(204)
        }
        _ => code(405, "Method Not Allowed"),
    }
}
