//! Kimai routes other than timesheets: ping, version, users, config, customers, projects,
//! activities, tags.

use serde_json::{Value, json};

use super::http::{SimRequest, SimResponse};
use super::kimai::KState;
use super::kimai_api::{
    BLANK, FormErrors, as_bool, bad_request, color_safe, flag, forbidden, form_body, not_found,
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

fn list_projects(s: &KState, req: &SimRequest) -> SimResponse {
    let customer = req.param("customer").and_then(|c| c.parse::<i64>().ok());
    let today = s.now().date_naive();
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

use super::kimai_forms::{save_activity, save_customer, save_project};

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
        // ConfigurationController::timesheetConfigAction.
        ("GET", ["config", "timesheet"]) => ok(json!({
            "trackingMode": s.rules.tracking_mode, "defaultBeginTime": s.rules.default_begin_time,
            "activeEntriesHardLimit": s.rules.active_entries_hard_limit,
            "isAllowFutureTimes": s.rules.allow_future_times,
            "isAllowOverlapping": s.rules.allow_overlapping})),
        ("GET", ["users", "me"]) => ok(user_entity(s.api_user(), &s.perms.roles())),
        ("GET", ["users"]) => {
            if !s.perms.has("view_user") {
                return forbidden();
            }
            // visible: 1 = active (default), 2 = inactive, 3 = all.
            let wanted = |u: &super::kimai::KimaiUser| match req.param("visible").as_deref() {
                Some("3") => true,
                Some("2") => !u.enabled,
                _ => u.enabled,
            };
            ok(Value::Array(
                s.users
                    .values()
                    .filter(|u| wanted(u))
                    .map(user_json)
                    .collect(),
            ))
        }
        ("GET", ["users", _]) => match id(1).and_then(|i| s.users.get(&i)) {
            Some(u) if u.id == s.api_user_id => ok(user_entity(u, &s.perms.roles())),
            Some(u) if s.perms.has("view_other_profile") => ok(user_entity(u, &["ROLE_USER"])),
            Some(_) => forbidden(),
            None => not_found(),
        },
        ("GET", ["customers"]) => ok(Value::Array(
            s.customers
                .values()
                .filter(|c| visible_ok(req, c.visible))
                .filter(|c| {
                    term_ok(
                        req,
                        &[
                            &c.name,
                            c.comment.as_deref().unwrap_or(""),
                            c.number.as_deref().unwrap_or(""),
                        ],
                    )
                })
                .map(|c| customer_json(c, false))
                .collect(),
        )),
        ("GET", ["customers", _]) => id(1)
            .and_then(|i| s.customers.get(&i))
            .map_or_else(not_found, |c| ok(customer_json(c, true))),
        ("POST", ["customers"]) if !s.perms.has("create_customer") => forbidden(),
        ("POST", ["customers"]) => save_customer(s, req, None),
        ("PATCH", ["customers", _]) => match id(1).filter(|i| s.customers.contains_key(i)) {
            Some(i) => save_customer(s, req, Some(i)),
            None => not_found(),
        },
        ("GET", ["projects"]) => list_projects(s, req),
        ("GET", ["projects", _]) => id(1)
            .and_then(|i| s.projects.get(&i))
            .map_or_else(not_found, |p| ok(project_json(s, p, true))),
        ("POST", ["projects"]) if !s.perms.has("create_project") => forbidden(),
        ("POST", ["projects"]) => save_project(s, req, None),
        ("PATCH", ["projects", _]) => match id(1).filter(|i| s.projects.contains_key(i)) {
            Some(i) => save_project(s, req, Some(i)),
            None => not_found(),
        },
        ("GET", ["activities"]) => list_activities(s, req),
        ("GET", ["activities", _]) => id(1)
            .and_then(|i| s.activities.get(&i))
            .map_or_else(not_found, |a| ok(activity_json(s, a, true))),
        ("POST", ["activities"]) if !s.perms.has("create_activity") => forbidden(),
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
        ("POST", ["tags"]) if !s.perms.has("manage_tag") && !s.perms.has("create_tag") => {
            forbidden()
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
            } else if s.tag_named(&name).is_some() {
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
