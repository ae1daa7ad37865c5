//! Kimai response bodies (key sets as in `shared/fixtures/kimai`).

use serde_json::{Value, json};

use super::kimai::{KState, KimaiActivity, KimaiCustomer, KimaiProject, KimaiUser, SimTimesheet};
use super::kimai_api::color_safe;
use super::kimai_time::format_in_tz;

pub(crate) fn user_json(u: &KimaiUser) -> Value {
    let initials: String = u
        .username
        .chars()
        .take(2)
        .collect::<String>()
        .to_uppercase();
    json!({
        "id": u.id, "alias": u.alias, "title": null, "avatar": null, "username": u.username,
        "email": u.email, "accountNumber": null, "enabled": u.enabled, "systemAccount": false,
        "apiToken": false, "locale": u.language, "timezone": u.timezone, "language": u.language,
        "initials": initials, "color": null, "color-safe": color_safe(u.id),
    })
}

pub(crate) fn user_entity(u: &KimaiUser, roles: &[&str]) -> Value {
    let mut v = user_json(u);
    if let Value::Object(m) = &mut v {
        m.insert("roles".into(), json!(roles));
        m.insert("supervisor".into(), Value::Null);
        m.insert("teams".into(), json!([]));
        m.insert("memberships".into(), json!([]));
        m.insert(
            "preferences".into(),
            json!([{"name": "timezone", "value": u.timezone}, {"name": "language", "value": u.language},
                   {"name": "locale", "value": u.language}, {"name": "first_weekday", "value": "monday"}]),
        );
    }
    v
}

pub(crate) fn customer_json(c: &KimaiCustomer, entity: bool) -> Value {
    let mut v = json!({
        "id": c.id, "name": c.name, "number": c.number, "comment": c.comment,
        "visible": c.visible, "billable": c.billable, "company": null, "country": "DE",
        "language": "en", "currency": "EUR", "phone": null, "fax": null, "mobile": null,
        "homepage": null, "timezone": "Europe/Berlin", "metaFields": [], "teams": [],
        "color": null, "color-safe": color_safe(c.id),
    });
    if entity && let Value::Object(m) = &mut v {
        for k in [
            "contact",
            "email",
            "vatId",
            "address",
            "addressLine1",
            "addressLine2",
            "addressLine3",
            "postCode",
            "city",
            "invoiceEmail",
            "buyerReference",
            "budgetType",
        ] {
            m.insert(k.into(), Value::Null);
        }
        m.insert("budget".into(), json!(0.0));
        m.insert("timeBudget".into(), json!(0));
    }
    v
}

pub(crate) fn project_json(s: &KState, p: &KimaiProject, entity: bool) -> Value {
    let mut v = json!({
        "id": p.id, "name": p.name,
        "parentTitle": s.customers.get(&p.customer).map(|c| c.name.clone()),
        "customer": p.customer, "orderNumber": null, "orderDate": null,
        "start": p.start.map(|d| d.to_string()), "end": p.end.map(|d| d.to_string()),
        "comment": p.comment, "visible": p.visible, "billable": p.billable, "metaFields": [],
        "teams": [], "globalActivities": p.global_activities, "number": format!("{:04}", p.id),
        "color": null, "color-safe": color_safe(p.id),
    });
    if entity && let Value::Object(m) = &mut v {
        m.insert("budget".into(), json!(0.0));
        m.insert("timeBudget".into(), json!(0));
        m.insert("budgetType".into(), Value::Null);
    }
    v
}

pub(crate) fn activity_json(s: &KState, a: &KimaiActivity, entity: bool) -> Value {
    let mut v = json!({
        "id": a.id, "name": a.name,
        "parentTitle": a.project.and_then(|p| s.projects.get(&p)).map(|p| p.name.clone()),
        "project": a.project, "comment": a.comment, "visible": a.visible, "billable": a.billable,
        "metaFields": [], "teams": [], "number": format!("{:04}", a.id), "color": null,
        "color-safe": color_safe(a.id),
    });
    if entity && let Value::Object(m) = &mut v {
        m.insert("budget".into(), json!(0.0));
        m.insert("timeBudget".into(), json!(0));
        m.insert("budgetType".into(), Value::Null);
    }
    v
}

pub(crate) fn rate(t: &SimTimesheet) -> f64 {
    (t.duration_secs as f64 / 3600.0 * t.hourly_rate * 10000.0).round() / 10000.0
}

pub(crate) fn timesheet_json(s: &KState, t: &SimTimesheet, entity: bool, full: bool) -> Value {
    let mut v = json!({
        "activity": t.activity, "project": t.project, "user": t.user, "tags": t.tags, "id": t.id,
        "begin": format_in_tz(t.begin_utc, &t.timezone),
        "end": t.end_utc.map(|e| format_in_tz(e, &t.timezone)),
        "duration": t.duration_secs, "break": 0, "description": t.description,
        "rate": rate(t), "internalRate": rate(t), "exported": t.exported, "billable": t.billable,
        "metaFields": [],
    });
    let Value::Object(m) = &mut v else { return v };
    if entity {
        m.insert("fixedRate".into(), Value::Null);
        m.insert("hourlyRate".into(), json!(t.hourly_rate));
    }
    if full {
        if let Some(a) = s.activities.get(&t.activity) {
            m.insert("activity".into(), activity_json(s, a, false));
        }
        if let Some(p) = s.projects.get(&t.project) {
            let mut pj = project_json(s, p, false);
            if let (Value::Object(pm), Some(c)) = (&mut pj, s.customers.get(&p.customer)) {
                pm.insert("customer".into(), customer_json(c, false));
            }
            m.insert("project".into(), pj);
        }
        if let Some(u) = s.users.get(&t.user) {
            m.insert("user".into(), user_json(u));
        }
    }
    v
}
