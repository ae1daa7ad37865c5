//! Kimai sim: roles, timesheet rules, visibility, lockdown and customer numbers, each
//! setting at its default and changed.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use super::KimaiSim;
use super::kimai::{KimaiPermissions, KimaiRole, KimaiTimesheetRules};
use super::tests_zammad::client;

struct Env {
    k: KimaiSim,
    customer: i64,
    project: i64,
    activity: i64,
}

fn env() -> Env {
    let k = KimaiSim::start("tok", "UTC").unwrap();
    let customer = k.add_customer("Acme");
    let project = k.add_project("Support", customer);
    let activity = k.add_activity("Remote", None);
    k.add_user(2, "ann", "ann@example.com", "UTC");
    Env {
        k,
        customer,
        project,
        activity,
    }
}

async fn call(k: &KimaiSim, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = client()
        .request(m, format!("{}{path}", k.base_url()))
        .header("Authorization", "Bearer tok");
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn ts(e: &Env, begin: &str, end: &str) -> Value {
    json!({"begin": begin, "end": end, "project": e.project, "activity": e.activity})
}

async fn post(e: &Env, body: Value) -> (u16, Value) {
    call(&e.k, "POST", "/api/timesheets", Some(body)).await
}

fn form_errors(v: &Value) -> Vec<String> {
    v["errors"]["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn local(t: chrono::DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[tokio::test]
async fn config_timesheet_reports_the_settings() {
    let e = env();
    let (s, c) = call(&e.k, "GET", "/api/config/timesheet", None).await;
    assert_eq!(s, 200);
    assert_eq!(
        c,
        json!({"trackingMode": "default", "defaultBeginTime": "now",
               "activeEntriesHardLimit": 1, "isAllowFutureTimes": true,
               "isAllowOverlapping": true})
    );
    e.k.set_timesheet_rules(KimaiTimesheetRules {
        tracking_mode: "punch".into(),
        allow_future_times: false,
        allow_overlapping: false,
        ..Default::default()
    });
    let (_, c) = call(&e.k, "GET", "/api/config/timesheet", None).await;
    assert_eq!(
        (
            &c["trackingMode"],
            &c["isAllowFutureTimes"],
            &c["isAllowOverlapping"]
        ),
        (&json!("punch"), &json!(false), &json!(false))
    );
}

#[tokio::test]
async fn overlapping_records_of_one_user_are_refused_when_disallowed() {
    let e = env();
    let first = ts(&e, "2024-05-02T12:45:00", "2024-05-02T13:00:00");
    assert_eq!(post(&e, first.clone()).await.0, 200);
    // Allowed by default.
    assert_eq!(post(&e, first.clone()).await.0, 200);
    e.k.set_timesheet_rules(KimaiTimesheetRules {
        allow_overlapping: false,
        ..Default::default()
    });
    let (s, err) = post(&e, ts(&e, "2024-05-02T12:50:00", "2024-05-02T13:10:00")).await;
    assert_eq!(s, 400);
    assert_eq!(
        form_errors(&err),
        ["You already have an entry for this time."]
    );
    // Touching at the minute is not overlapping; another user is not concerned.
    let (s, t) = post(&e, ts(&e, "2024-05-02T13:00:00", "2024-05-02T13:15:00")).await;
    assert_eq!(s, 200, "{t}");
    let mut other = ts(&e, "2024-05-02T12:50:00", "2024-05-02T13:10:00");
    other["user"] = json!(2);
    assert_eq!(post(&e, other).await.0, 200);
    // Editing a record does not collide with itself.
    let id = t["id"].as_i64().unwrap();
    let (s, _) = call(
        &e.k,
        "PATCH",
        &format!("/api/timesheets/{id}"),
        Some(json!({"end": "2024-05-02T13:20:00"})),
    )
    .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn future_times_are_refused_when_disallowed() {
    let e = env();
    let now = Utc::now();
    let soon = ts(
        &e,
        &local(now - Duration::minutes(10)),
        &local(now + Duration::minutes(30)),
    );
    assert_eq!(post(&e, soon.clone()).await.0, 200);
    e.k.set_timesheet_rules(KimaiTimesheetRules {
        allow_future_times: false,
        ..Default::default()
    });
    let (s, err) = post(&e, soon).await;
    assert_eq!(s, 400);
    assert_eq!(form_errors(&err), ["The end date cannot be in the future."]);
    let past = ts(
        &e,
        &local(now - Duration::minutes(40)),
        &local(now - Duration::minutes(10)),
    );
    assert_eq!(post(&e, past).await.0, 200);
}

#[tokio::test]
async fn punch_mode_takes_times_only_from_users_who_see_others() {
    let e = env();
    e.k.set_timesheet_rules(KimaiTimesheetRules {
        tracking_mode: "punch".into(),
        ..Default::default()
    });
    let body = ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:30:00");
    assert_eq!(
        post(&e, body.clone()).await.0,
        200,
        "ROLE_ADMIN sees others"
    );
    e.k.set_permissions(KimaiPermissions::of(KimaiRole::User));
    let (s, err) = post(&e, body.clone()).await;
    assert_eq!(s, 400);
    assert_eq!(
        form_errors(&err),
        ["This form should not contain extra fields."]
    );
    e.k.set_timesheet_rules(KimaiTimesheetRules {
        tracking_mode: "duration_fixed_begin".into(),
        ..Default::default()
    });
    assert_eq!(post(&e, body.clone()).await.0, 400);
    e.k.set_timesheet_rules(KimaiTimesheetRules::default());
    assert_eq!(post(&e, body).await.0, 200);
}

#[tokio::test]
async fn roles_decide_users_others_records_and_catalog_writes() {
    let e = env();
    let mut other = ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:30:00");
    other["user"] = json!(2);
    let (_, t) = post(&e, other.clone()).await;
    let id = t["id"].as_i64().unwrap();
    let (_, all) = call(&e.k, "GET", "/api/timesheets?user=all", None).await;
    assert_eq!(all.as_array().unwrap().len(), 1);

    // ROLE_USER: no `user` field, others' records invisible, no customers.
    e.k.set_permissions(KimaiPermissions::of(KimaiRole::User));
    assert_eq!(post(&e, other).await.0, 400);
    let (_, mine) = call(&e.k, "GET", "/api/timesheets?user=all", None).await;
    assert_eq!(
        mine,
        json!([]),
        "user=all is ignored without view_other_timesheet"
    );
    for (m, body) in [("GET", None), ("PATCH", Some(json!({"description": "x"})))] {
        let path = format!("/api/timesheets/{id}");
        assert_eq!(call(&e.k, m, &path, body).await.0, 403, "{m}");
    }
    let (s, _) = call(
        &e.k,
        "POST",
        "/api/customers",
        Some(json!({"name": "Globex"})),
    )
    .await;
    assert_eq!(s, 403);
    // ROLE_TEAMLEAD sees others' records but may not create customers.
    e.k.set_permissions(KimaiPermissions::of(KimaiRole::Teamlead));
    let (s, _) = call(
        &e.k,
        "POST",
        "/api/customers",
        Some(json!({"name": "Globex"})),
    )
    .await;
    assert_eq!(s, 403);
    e.k.set_permissions(KimaiPermissions::default());
    let (s, _) = call(
        &e.k,
        "POST",
        "/api/customers",
        Some(json!({"name": "Globex"})),
    )
    .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn hidden_projects_activities_customers_and_disabled_users_are_invalid_choices() {
    let e = env();
    let (_, t) = post(&e, ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:30:00")).await;
    let id = t["id"].as_i64().unwrap();
    e.k.set_visible(e.project, false);
    let (s, err) = post(&e, ts(&e, "2024-05-02T10:00:00", "2024-05-02T10:30:00")).await;
    assert_eq!(s, 400);
    assert_eq!(
        err["errors"]["children"]["project"]["errors"][0],
        "The selected choice is invalid."
    );
    // The record's own (now hidden) project stays valid when editing it.
    let path = format!("/api/timesheets/{id}");
    let patch = Some(json!({"description": "edited", "project": e.project}));
    assert_eq!(call(&e.k, "PATCH", &path, patch).await.0, 200);
    e.k.set_visible(e.project, true);
    e.k.set_visible(e.customer, false);
    assert_eq!(
        post(&e, ts(&e, "2024-05-02T10:00:00", "2024-05-02T10:30:00"))
            .await
            .0,
        400
    );
    e.k.set_visible(e.customer, true);
    e.k.set_visible(e.activity, false);
    let (s, err) = post(&e, ts(&e, "2024-05-02T10:00:00", "2024-05-02T10:30:00")).await;
    assert_eq!(s, 400);
    assert_eq!(
        err["errors"]["children"]["activity"]["errors"][0],
        "The selected choice is invalid."
    );
    e.k.set_visible(e.activity, true);
    e.k.set_user_enabled(2, false);
    let mut body = ts(&e, "2024-05-02T10:00:00", "2024-05-02T10:30:00");
    body["user"] = json!(2);
    let (s, err) = post(&e, body.clone()).await;
    assert_eq!(s, 400);
    assert_eq!(
        err["errors"]["children"]["user"]["errors"][0],
        "The selected choice is invalid."
    );
    e.k.set_user_enabled(2, true);
    assert_eq!(post(&e, body).await.0, 200);
}

#[tokio::test]
async fn lockdown_forbids_changes_unless_the_role_overrides_it() {
    let e = env();
    let (_, t) = post(&e, ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:30:00")).await;
    let id = t["id"].as_i64().unwrap();
    let path = format!("/api/timesheets/{id}");
    e.k.set_lockdown_before(Some(Utc::now()));
    // ROLE_ADMIN has lockdown_override_timesheet.
    let edit = Some(json!({"description": "by admin"}));
    assert_eq!(call(&e.k, "PATCH", &path, edit).await.0, 200);
    assert_eq!(
        post(&e, ts(&e, "2024-05-01T09:00:00", "2024-05-01T09:30:00"))
            .await
            .0,
        200
    );
    e.k.set_permissions(KimaiPermissions::default().revoke("lockdown_override_timesheet"));
    let edit = Some(json!({"description": "refused"}));
    assert_eq!(
        call(&e.k, "PATCH", &path, edit).await,
        (403, json!({"code": 403, "message": "Forbidden"}))
    );
    let (s, err) = post(&e, ts(&e, "2024-04-30T09:00:00", "2024-04-30T09:30:00")).await;
    assert_eq!(s, 400);
    assert_eq!(
        form_errors(&err),
        ["This period is locked, please choose a later date."]
    );
    assert_eq!(call(&e.k, "DELETE", &path, None).await.0, 403);
    e.k.set_lockdown_before(None);
    assert_eq!(call(&e.k, "DELETE", &path, None).await.0, 204);
}

#[tokio::test]
async fn customer_numbers_are_unique_unless_allowed() {
    let e = env();
    let (s, c) = call(
        &e.k,
        "POST",
        "/api/customers",
        Some(json!({"name": "Globex"})),
    )
    .await;
    assert_eq!((s, c["number"].as_str()), (200, Some("0002")), "{c}");
    let body = json!({"name": "Initech", "number": "ZAM-1"});
    assert_eq!(
        call(&e.k, "POST", "/api/customers", Some(body.clone()))
            .await
            .0,
        200
    );
    let (s, err) = call(&e.k, "POST", "/api/customers", Some(body.clone())).await;
    assert_eq!(s, 400);
    assert_eq!(
        err["errors"]["children"]["number"]["errors"][0],
        "The number ZAM-1 is already used."
    );
    let (_, found) = call(&e.k, "GET", "/api/customers?term=ZAM-1", None).await;
    assert_eq!(found[0]["name"], "Initech");
    e.k.set_timesheet_rules(KimaiTimesheetRules {
        allow_duplicate_customer_number: true,
        ..Default::default()
    });
    assert_eq!(
        call(&e.k, "POST", "/api/customers", Some(body)).await.0,
        200
    );
}
