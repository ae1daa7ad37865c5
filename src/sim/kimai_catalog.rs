//! Kimai routes other than timesheets: ping, version, users, config, customers, projects,
//! activities, tags.

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use super::http::{SimRequest, SimResponse};
use super::kimai::{KState, KimaiActivity, KimaiCustomer, KimaiProject};
use super::kimai_api::{
    BLANK, FormErrors, INVALID_CHOICE, as_bool, as_id, bad_request, color_safe, flag, forbidden,
    form_body, not_found,
};
use super::kimai_json::{activity_json, customer_json, project_json, user_entity, user_json};

fn ok(v: Value) -> SimResponse {
    SimResponse::json(200, &v)
}

/// `visible`: 1 = visible (default), 2 = hidden, 3 = both.
fn visible_ok(req: &SimRequest, visible: bool) -> bool {
    match req.param("visible").as_deref() {
        Some("3") => true,
        Some("2") => !visible,
        _ => visible,
    }
}

fn term_ok(req: &SimRequest, haystacks: &[&str]) -> bool {
    let Some(term) = req.param("term") else {
        return true;
    };
    term.split_whitespace().all(|part| {
        let p = part.to_lowercase();
        haystacks.iter().any(|h| h.to_lowercase().contains(&p))
    })
}

const BAD_CHARS: [char; 4] = ['<', '>', '"', '='];

/// Common name validation of customers, projects, activities.
fn check_name(map: &Map<String, Value>, required: bool, errs: &mut FormErrors) -> Option<String> {
    match map.get("name") {
        None if !required => None,
        Some(Value::String(n)) if n.trim().chars().count() >= 2 => {
            if n.contains(BAD_CHARS) {
                errs.field("name", "The following characters are not allowed: < > \" =");
            }
            Some(n.trim().to_string())
        }
        Some(Value::String(n)) if !n.trim().is_empty() => {
            errs.field(
                "name",
                "This value is too short. It should have 2 characters or more.",
            );
            None
        }
        _ => {
            errs.field("name", BLANK);
            None
        }
    }
}

const CUSTOMER_FIELDS: &[&str] = &[
    "name",
    "number",
    "comment",
    "company",
    "vatId",
    "contact",
    "address",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "postCode",
    "city",
    "country",
    "currency",
    "phone",
    "fax",
    "mobile",
    "email",
    "homepage",
    "timezone",
    "language",
    "invoiceEmail",
    "buyerReference",
    "visible",
    "billable",
    "color",
    "budget",
    "timeBudget",
    "budgetType",
];
const PROJECT_FIELDS: &[&str] = &[
    "name",
    "customer",
    "number",
    "comment",
    "orderNumber",
    "orderDate",
    "start",
    "end",
    "visible",
    "billable",
    "color",
    "globalActivities",
    "budget",
    "timeBudget",
    "budgetType",
    "invoiceText",
];
const ACTIVITY_FIELDS: &[&str] = &[
    "name",
    "project",
    "number",
    "comment",
    "visible",
    "billable",
    "color",
    "budget",
    "timeBudget",
    "budgetType",
    "invoiceText",
];

fn save_customer(s: &mut KState, req: &SimRequest, id: Option<i64>) -> SimResponse {
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, CUSTOMER_FIELDS, &mut errs) else {
        return bad_request();
    };
    let name = check_name(&map, id.is_none(), &mut errs);
    if let Some(Value::String(tz)) = map.get("timezone")
        && tz.parse::<Tz>().is_err()
    {
        errs.field("timezone", INVALID_CHOICE);
    }
    if !errs.is_empty() {
        return errs.response(&[
            "name", "number", "comment", "company", "country", "currency", "timezone", "visible",
            "billable",
        ]);
    }
    let id = id.unwrap_or_else(|| s.next_id());
    let c = s.customers.entry(id).or_insert_with(|| KimaiCustomer {
        id,
        name: String::new(),
        comment: None,
        visible: true,
        billable: true,
    });
    if let Some(n) = name {
        c.name = n;
    }
    if let Some(v) = map.get("comment") {
        c.comment = v.as_str().map(String::from);
    }
    if let Some(v) = map.get("visible").and_then(as_bool) {
        c.visible = v;
    }
    if let Some(v) = map.get("billable").and_then(as_bool) {
        c.billable = v;
    }
    ok(customer_json(c, true))
}

fn parse_date(v: &Value) -> Option<Option<NaiveDate>> {
    match v {
        Value::Null => Some(None),
        Value::String(s) => NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
            .ok()
            .map(Some),
        _ => None,
    }
}

fn save_project(s: &mut KState, req: &SimRequest, id: Option<i64>) -> SimResponse {
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, PROJECT_FIELDS, &mut errs) else {
        return bad_request();
    };
    let name = check_name(&map, id.is_none(), &mut errs);
    let customer = match map.get("customer") {
        Some(v) => match as_id(v).filter(|c| s.customers.contains_key(c)) {
            Some(c) => Some(c),
            None => {
                errs.field("customer", INVALID_CHOICE);
                None
            }
        },
        None if id.is_none() => {
            errs.field("customer", BLANK);
            None
        }
        None => None,
    };
    let start = map.get("start").map(parse_date);
    let end = map.get("end").map(parse_date);
    if matches!(start, Some(None)) {
        errs.field("start", super::kimai_api::NOT_VALID);
    }
    if matches!(end, Some(None)) {
        errs.field("end", super::kimai_api::NOT_VALID);
    }
    if !errs.is_empty() {
        return errs.response(&[
            "name",
            "customer",
            "number",
            "comment",
            "orderNumber",
            "start",
            "end",
            "visible",
            "billable",
            "globalActivities",
        ]);
    }
    let id = id.unwrap_or_else(|| s.next_id());
    let p = s.projects.entry(id).or_insert_with(|| KimaiProject {
        id,
        name: String::new(),
        customer: 0,
        comment: None,
        visible: true,
        billable: true,
        global_activities: true,
        start: None,
        end: None,
    });
    if let Some(n) = name {
        p.name = n;
    }
    if let Some(c) = customer {
        p.customer = c;
    }
    if let Some(Some(d)) = start {
        p.start = d;
    }
    if let Some(Some(d)) = end {
        p.end = d;
    }
    if let Some(v) = map.get("comment") {
        p.comment = v.as_str().map(String::from);
    }
    if let Some(v) = map.get("visible").and_then(as_bool) {
        p.visible = v;
    }
    if let Some(v) = map.get("billable").and_then(as_bool) {
        p.billable = v;
    }
    if let Some(v) = map.get("globalActivities").and_then(as_bool) {
        p.global_activities = v;
    }
    let p = p.clone();
    ok(project_json(s, &p, true))
}

fn save_activity(s: &mut KState, req: &SimRequest, id: Option<i64>) -> SimResponse {
    let mut errs = FormErrors::default();
    let Some(map) = form_body(req, ACTIVITY_FIELDS, &mut errs) else {
        return bad_request();
    };
    let name = check_name(&map, id.is_none(), &mut errs);
    let project = match map.get("project") {
        Some(Value::Null) => Some(None),
        Some(v) => match as_id(v).filter(|p| s.projects.contains_key(p)) {
            Some(p) => Some(Some(p)),
            None => {
                errs.field("project", INVALID_CHOICE);
                None
            }
        },
        None => None,
    };
    if !errs.is_empty() {
        return errs.response(&[
            "name", "project", "number", "comment", "visible", "billable",
        ]);
    }
    let id = id.unwrap_or_else(|| s.next_id());
    let a = s.activities.entry(id).or_insert_with(|| KimaiActivity {
        id,
        name: String::new(),
        project: None,
        comment: None,
        visible: true,
        billable: true,
    });
    if let Some(n) = name {
        a.name = n;
    }
    if let Some(p) = project {
        a.project = p;
    }
    if let Some(v) = map.get("comment") {
        a.comment = v.as_str().map(String::from);
    }
    if let Some(v) = map.get("visible").and_then(as_bool) {
        a.visible = v;
    }
    if let Some(v) = map.get("billable").and_then(as_bool) {
        a.billable = v;
    }
    let a = a.clone();
    ok(activity_json(s, &a, true))
}

fn list_projects(s: &KState, req: &SimRequest) -> SimResponse {
    let customer = req.param("customer").and_then(|c| c.parse::<i64>().ok());
    let today = Utc::now().date_naive();
    let ignore_dates = flag(req, "ignoreDates");
    let out: Vec<Value> = s
        .projects
        .values()
        .filter(|p| customer.is_none_or(|c| p.customer == c))
        .filter(|p| visible_ok(req, p.visible))
        .filter(|p| {
            ignore_dates || (p.start.is_none_or(|d| d <= today) && p.end.is_none_or(|d| d >= today))
        })
        .filter(|p| term_ok(req, &[&p.name, p.comment.as_deref().unwrap_or("")]))
        .map(|p| project_json(s, p, false))
        .collect();
    ok(Value::Array(out))
}

fn list_activities(s: &KState, req: &SimRequest) -> SimResponse {
    let project = req.param("project").and_then(|c| c.parse::<i64>().ok());
    let globals_only = flag(req, "globals");
    let project_allows_globals = project
        .and_then(|p| s.projects.get(&p))
        .is_none_or(|p| p.global_activities);
    let out: Vec<Value> = s
        .activities
        .values()
        .filter(|a| match (globals_only, project) {
            (true, _) => a.project.is_none(),
            (false, Some(p)) => {
                a.project == Some(p) || (a.project.is_none() && project_allows_globals)
            }
            (false, None) => true,
        })
        .filter(|a| visible_ok(req, a.visible))
        .filter(|a| term_ok(req, &[&a.name, a.comment.as_deref().unwrap_or("")]))
        .map(|a| activity_json(s, a, false))
        .collect();
    ok(Value::Array(out))
}

pub(crate) fn route(s: &mut KState, req: &SimRequest, segs: &[&str]) -> SimResponse {
    let id = |i: usize| segs.get(i).and_then(|v| v.parse::<i64>().ok());
    match (req.method.as_str(), segs) {
        ("GET", ["ping"]) => ok(json!({"message": "pong"})),
        ("GET", ["version"]) => {
            let v = s.version.clone();
            let parts: Vec<i64> = v.split('.').filter_map(|p| p.parse().ok()).collect();
            let vid = parts.first().unwrap_or(&0) * 10000
                + parts.get(1).unwrap_or(&0) * 100
                + parts.get(2).unwrap_or(&0);
            ok(
                json!({"version": v, "versionId": vid, "copyright": format!("Kimai {v} by Kevin Papst.")}),
            )
        }
        ("GET", ["config", "timesheet"]) => ok(json!({
            "trackingMode": "default", "defaultBeginTime": "now", "activeEntriesHardLimit": 1,
            "isAllowFutureTimes": true, "isAllowOverlapping": true})),
        ("GET", ["users", "me"]) => ok(user_entity(s.api_user(), &["ROLE_SUPER_ADMIN"])),
        ("GET", ["users"]) => {
            if !s.perms.view_user {
                return forbidden();
            }
            ok(Value::Array(
                s.users
                    .values()
                    .filter(|u| u.enabled)
                    .map(user_json)
                    .collect(),
            ))
        }
        ("GET", ["users", _]) => match id(1).and_then(|i| s.users.get(&i)) {
            Some(u) if s.perms.view_user || u.id == s.api_user_id => {
                ok(user_entity(u, &["ROLE_USER"]))
            }
            Some(_) => forbidden(),
            None => not_found(),
        },
        ("GET", ["customers"]) => ok(Value::Array(
            s.customers
                .values()
                .filter(|c| visible_ok(req, c.visible))
                .filter(|c| term_ok(req, &[&c.name, c.comment.as_deref().unwrap_or("")]))
                .map(|c| customer_json(c, false))
                .collect(),
        )),
        ("GET", ["customers", _]) => id(1)
            .and_then(|i| s.customers.get(&i))
            .map_or_else(not_found, |c| ok(customer_json(c, true))),
        ("POST", ["customers"]) => save_customer(s, req, None),
        ("PATCH", ["customers", _]) => match id(1).filter(|i| s.customers.contains_key(i)) {
            Some(i) => save_customer(s, req, Some(i)),
            None => not_found(),
        },
        ("GET", ["projects"]) => list_projects(s, req),
        ("GET", ["projects", _]) => id(1)
            .and_then(|i| s.projects.get(&i))
            .map_or_else(not_found, |p| ok(project_json(s, p, true))),
        ("POST", ["projects"]) => save_project(s, req, None),
        ("PATCH", ["projects", _]) => match id(1).filter(|i| s.projects.contains_key(i)) {
            Some(i) => save_project(s, req, Some(i)),
            None => not_found(),
        },
        ("GET", ["activities"]) => list_activities(s, req),
        ("GET", ["activities", _]) => id(1)
            .and_then(|i| s.activities.get(&i))
            .map_or_else(not_found, |a| ok(activity_json(s, a, true))),
        ("POST", ["activities"]) => save_activity(s, req, None),
        ("PATCH", ["activities", _]) => match id(1).filter(|i| s.activities.contains_key(i)) {
            Some(i) => save_activity(s, req, Some(i)),
            None => not_found(),
        },
        ("GET", ["tags", "find"]) => {
            let Some(name) = req.param("name").filter(|n| !n.is_empty()) else {
                return ok(json!([]));
            };
            let n = name.to_lowercase();
            ok(Value::Array(
                s.tags
                    .values()
                    .filter(|t| t.visible && t.name.to_lowercase().contains(&n))
                    .map(|t| json!({"id": t.id, "name": t.name, "visible": t.visible, "color": null, "color-safe": color_safe(t.id)}))
                    .collect(),
            ))
        }
        ("POST", ["tags"]) => {
            let mut errs = FormErrors::default();
            let Some(map) = form_body(req, &["name", "visible", "color"], &mut errs) else {
                return bad_request();
            };
            let name = map
                .get("name")
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or("")
                .to_string();
            if name.is_empty() {
                errs.field("name", BLANK);
            } else if s.tags.values().any(|t| t.name == name) {
                errs.field("name", "This value is already used.");
            }
            if !errs.is_empty() {
                return errs.response(&["name", "color", "visible"]);
            }
            let visible = map.get("visible").and_then(as_bool).unwrap_or(true);
            let id = s.next_id();
            s.tags.insert(
                id,
                super::kimai::KimaiTag {
                    id,
                    name: name.clone(),
                    visible,
                },
            );
            ok(
                json!({"id": id, "name": name, "visible": visible, "color": null, "color-safe": color_safe(id)}),
            )
        }
        _ => not_found(),
    }
}
