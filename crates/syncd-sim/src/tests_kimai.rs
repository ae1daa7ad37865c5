//! Kimai sim tests over real HTTP.

use serde_json::{Value, json};

use super::kimai::{KimaiPermissions, KimaiRole};
use super::tests_zammad::client;
use super::{FaultConfig, KimaiSim};

struct Env {
    k: KimaiSim,
    project: i64,
    activity: i64,
}

fn env(tz: &str) -> Env {
    let k = KimaiSim::start("tok", tz).unwrap();
    let customer = k.add_customer("Acme");
    let project = k.add_project("Support", customer);
    let activity = k.add_activity("Remote", None);
    k.add_tag("zammad");
    Env {
        k,
        project,
        activity,
    }
}

async fn call(
    k: &KimaiSim,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = client()
        .request(m, format!("{}{path}", k.base_url()))
        .header("Authorization", "Bearer tok");
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let (status, headers) = (resp.status().as_u16(), resp.headers().clone());
    (status, headers, resp.json().await.unwrap_or(Value::Null))
}

fn ts(e: &Env, begin: &str, end: &str) -> Value {
    json!({"begin": begin, "end": end, "project": e.project, "activity": e.activity, "description": "x"})
}

#[tokio::test]
async fn auth_rules() {
    let k = KimaiSim::start("tok", "UTC").unwrap();
    let url = format!("{}/api/ping", k.base_url());
    let r = client().get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"code": 401, "message": "Unauthorized"})
    );
    let r = client().get(&url).bearer_auth("nope").send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("invalid_token")
    );
    assert!(r.bytes().await.unwrap().is_empty());
    let (s, _, body) = call(&k, "GET", "/api/ping", None).await;
    assert_eq!((s, body), (200, json!({"message": "pong"})));
    let (_, _, me) = call(&k, "GET", "/api/users/me", None).await;
    assert_eq!(
        (me["timezone"].as_str(), me["language"].as_str()),
        (Some("UTC"), Some("en"))
    );
    // ROLE_ADMIN as shipped has no view_user; ROLE_SUPER_ADMIN always has it.
    assert_eq!(me["roles"], json!(["ROLE_ADMIN"]));
    assert_eq!(
        call(&k, "GET", "/api/users", None).await.2,
        json!({"code": 403, "message": "Forbidden"})
    );
    k.set_permissions(KimaiPermissions::of(KimaiRole::SuperAdmin));
    let (s, _, users) = call(&k, "GET", "/api/users", None).await;
    assert_eq!((s, users.as_array().map(Vec::len)), (200, Some(1)));
    assert_eq!(
        call(&k, "GET", "/api/users/me", None).await.2["roles"],
        json!(["ROLE_SUPER_ADMIN"])
    );
    k.set_permissions(KimaiPermissions::of(KimaiRole::Admin).grant("view_user"));
    assert_eq!(call(&k, "GET", "/api/users", None).await.0, 200);
}

#[tokio::test]
async fn create_reads_user_tz_rounds_and_drops_unknown_tags() {
    let e = env("Europe/Berlin");
    let mut body = ts(&e, "2024-05-02T09:00:30", "2024-05-02T09:45:10");
    body["tags"] = json!("zammad, unknown-tag");
    let (s, _, t) = call(&e.k, "POST", "/api/timesheets", Some(body)).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(t["begin"], "2024-05-02T09:00:00+0200");
    assert_eq!(t["end"], "2024-05-02T09:46:00+0200");
    assert_eq!(t["duration"], 2760);
    assert_eq!(t["tags"], json!(["zammad"]));
    let stored = &e.k.timesheets()[0];
    assert_eq!(stored.begin_utc.to_rfc3339(), "2024-05-02T07:00:00+00:00");
    assert_eq!(
        (stored.user, stored.duration_secs),
        (e.k.api_user_id(), 2760)
    );

    // Across the spring-forward change: 01:30 CET → 03:30 CEST is one real hour.
    let (_, _, t) = call(
        &e.k,
        "POST",
        "/api/timesheets",
        Some(ts(&e, "2024-03-31T01:30:00", "2024-03-31T03:30:00")),
    )
    .await;
    assert_eq!(
        (t["begin"].as_str(), t["end"].as_str()),
        (
            Some("2024-03-31T01:30:00+0100"),
            Some("2024-03-31T03:30:00+0200")
        )
    );
    assert_eq!(t["duration"], 3600);
    assert_eq!(e.k.request_count("POST /api/timesheets"), 2);
}

#[tokio::test]
async fn validation_errors() {
    let e = env("UTC");
    let mut body = ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00");
    body["duration"] = json!(2700);
    let (s, _, err) = call(&e.k, "POST", "/api/timesheets", Some(body)).await;
    assert_eq!(s, 400);
    assert_eq!(
        err["errors"]["errors"][0],
        "This form should not contain extra fields."
    );
    assert_eq!(err["errors"]["children"]["begin"], json!({}));

    e.k.set_permissions(KimaiPermissions::default().revoke("create_other_timesheet"));
    let mut body = ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00");
    body["user"] = json!(1);
    assert_eq!(
        call(&e.k, "POST", "/api/timesheets", Some(body)).await.0,
        400
    );

    let (s, _, err) = call(
        &e.k,
        "POST",
        "/api/timesheets",
        Some(ts(&e, "2024-05-02T10:00:00", "2024-05-02T09:00:00")),
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(
        err["errors"]["errors"][0],
        "The end date must not be earlier than the start date."
    );
    let mut body = ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00");
    body["project"] = json!(999);
    let (_, _, err) = call(&e.k, "POST", "/api/timesheets", Some(body)).await;
    assert_eq!(
        err["errors"]["children"]["project"]["errors"][0],
        "The selected choice is invalid."
    );
    e.k.set_permissions(KimaiPermissions::default().revoke("lockdown_override_timesheet"));
    e.k.set_lockdown_before(Some(chrono::Utc::now()));
    let (s, _, err) = call(
        &e.k,
        "POST",
        "/api/timesheets",
        Some(ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00")),
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(
        err["errors"]["errors"][0],
        "This period is locked, please choose a later date."
    );
    let (s, _, err) = call(&e.k, "POST", "/api/customers", Some(json!({"name": "a=b"}))).await;
    assert_eq!(s, 400, "{err}");
    assert!(e.k.timesheets().is_empty());
}

#[tokio::test]
async fn listing_filters_and_paging() {
    let e = env("UTC");
    for i in 0..7 {
        let mut b = ts(
            &e,
            &format!("2024-05-0{}T09:00:00", i + 1),
            &format!("2024-05-0{}T10:00:00", i + 1),
        );
        b["description"] = json!(format!("Zammad [zammad-ta-{i}] ticket"));
        if i == 0 {
            b["tags"] = json!("zammad");
        }
        assert_eq!(call(&e.k, "POST", "/api/timesheets", Some(b)).await.0, 200);
    }
    let (s, h, page) = call(&e.k, "GET", "/api/timesheets?size=3&page=3", None).await;
    assert_eq!((s, page.as_array().unwrap().len()), (200, 1));
    let hv = |n: &str| h[n].to_str().unwrap().to_string();
    assert_eq!(
        [
            hv("x-page"),
            hv("x-total-count"),
            hv("x-total-pages"),
            hv("x-per-page")
        ],
        ["3", "7", "3", "3"]
    );
    // Default order: begin DESC, so the last page holds the earliest record.
    assert_eq!(page[0]["begin"], "2024-05-01T09:00:00+0000");
    assert_eq!(
        call(&e.k, "GET", "/api/timesheets?size=3&page=4", None)
            .await
            .2,
        json!({"code": 404, "message": "Not Found"})
    );
    let (s, _, empty) = call(&e.k, "GET", "/api/timesheets?term=nothing-matches", None).await;
    assert_eq!((s, empty), (200, json!([])));
    let (_, _, one) = call(&e.k, "GET", "/api/timesheets?term=zammad-ta-4", None).await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(
        call(&e.k, "GET", "/api/timesheets?term=ta:4", None).await.2,
        json!([])
    );
    assert_eq!(
        call(&e.k, "GET", "/api/timesheets?tags[]=nope", None)
            .await
            .0,
        400
    );
    assert_eq!(
        call(&e.k, "GET", "/api/timesheets?tags[]=zammad", None)
            .await
            .2
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, _, r) = call(
        &e.k,
        "GET",
        "/api/timesheets?begin=2024-05-03T00:00:00&end=2024-05-04T23:59:59&order=ASC",
        None,
    )
    .await;
    assert_eq!(r.as_array().unwrap().len(), 2);
    assert_eq!(
        call(&e.k, "GET", "/api/timesheets?begin=2024-05-03", None)
            .await
            .0,
        400
    );
    assert_eq!(
        call(&e.k, "GET", "/api/timesheets?user=99", None).await.2,
        json!([])
    );
    let (_, _, full) = call(&e.k, "GET", "/api/timesheets?full=true&size=1", None).await;
    assert_eq!(full[0]["project"]["customer"]["name"], "Acme");
}

#[tokio::test]
async fn patch_uses_record_tz_and_exported_is_locked() {
    let e = env("Europe/Berlin");
    let (_, _, t) = call(
        &e.k,
        "POST",
        "/api/timesheets",
        Some(ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00")),
    )
    .await;
    let id = t["id"].as_i64().unwrap();
    e.k.set_user_timezone(e.k.api_user_id(), "UTC");
    let (s, _, t) = call(
        &e.k,
        "PATCH",
        &format!("/api/timesheets/{id}"),
        Some(json!({"end": "2024-05-02T10:00:00"})),
    )
    .await;
    // Read in the record's stored timezone (Berlin); the save then stores the owner's
    // current one (UTC), so the same instant comes back as +0000.
    assert_eq!(
        (s, t["end"].as_str(), t["duration"].as_i64()),
        (200, Some("2024-05-02T08:00:00+0000"), Some(3600))
    );
    e.k.set_permissions(KimaiPermissions::default().revoke("edit_exported_timesheet"));
    e.k.set_exported(id);
    assert_eq!(
        call(
            &e.k,
            "PATCH",
            &format!("/api/timesheets/{id}"),
            Some(json!({"description": "y"}))
        )
        .await
        .0,
        403
    );
    assert_eq!(
        call(&e.k, "DELETE", &format!("/api/timesheets/{id}"), None)
            .await
            .0,
        403
    );
    e.k.set_permissions(KimaiPermissions::default());
    assert_eq!(
        call(&e.k, "DELETE", &format!("/api/timesheets/{id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        call(&e.k, "GET", &format!("/api/timesheets/{id}"), None)
            .await
            .0,
        404
    );
}

/// Time passes on Kimai's clock without a test waiting for it: a person's later edit gets a
/// later `modifiedAt`, and the `Date` header moves with it.
#[tokio::test]
async fn the_clock_stamps_edits_and_the_date_header() {
    let e = env("UTC");
    let (status, _, created) = call(
        &e.k,
        "POST",
        "/api/timesheets",
        Some(ts(&e, "2026-11-02T10:00:00", "2026-11-02T11:00:00")),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let id = created["id"].as_i64().unwrap();
    let saved = e.k.timesheet(id).unwrap().modified_at;
    e.k.advance_clock(chrono::Duration::hours(2));
    assert!(e.k.edit_timesheet_as_human(
        id,
        super::kimai::HumanEdit {
            description: Some("by a person".into()),
            ..Default::default()
        },
    ));
    let edited = e.k.timesheet(id).unwrap().modified_at;
    assert!(
        edited - saved >= chrono::Duration::hours(2),
        "{saved} -> {edited}"
    );
    let (_, headers, _) = call(&e.k, "GET", "/api/ping", None).await;
    let date = headers["date"].to_str().unwrap();
    let date = chrono::DateTime::parse_from_rfc2822(date).unwrap();
    assert!(
        date.to_utc() - chrono::Utc::now() > chrono::Duration::minutes(119),
        "{date}"
    );
}

#[tokio::test]
async fn dropped_posts_sometimes_apply() {
    let e = env("UTC");
    e.k.set_faults(FaultConfig {
        seed: 3,
        drop_rate: 1.0,
        ..Default::default()
    });
    for _ in 0..20 {
        let r = client()
            .post(format!("{}/api/timesheets", e.k.base_url()))
            .bearer_auth("tok")
            .json(&ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00"))
            .send()
            .await;
        assert!(r.is_err());
    }
    let stats = e.k.faults().stats();
    assert_eq!(stats.dropped_before_apply + stats.dropped_after_apply, 20);
    assert_eq!(e.k.timesheets().len() as u64, stats.dropped_after_apply);
    assert!(stats.dropped_after_apply > 0 && stats.dropped_before_apply > 0);
    assert_eq!(e.k.requests().len(), 20);
}

/// Kimai's OpenAPI spec (copied from shared/fixtures for the tests that need it).
fn shared_openapi() -> Value {
    serde_json::from_str(include_str!("../../../tests/fixtures/kimai/openapi.json"))
        .expect("openapi.json")
}

#[tokio::test]
async fn typical_client_requests_conform_to_openapi() {
    let spec = shared_openapi();
    let e = env("UTC");
    let mut body = ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00");
    body["tags"] = json!("zammad");
    let (_, _, t) = call(&e.k, "POST", "/api/timesheets", Some(body)).await;
    let id = t["id"].as_i64().unwrap();
    call(
        &e.k,
        "PATCH",
        &format!("/api/timesheets/{id}"),
        Some(json!({"description": "y"})),
    )
    .await;
    call(
        &e.k,
        "GET",
        "/api/timesheets?user=all&tags[]=zammad&modified_after=2024-01-01T00:00:00&size=500",
        None,
    )
    .await;
    call(&e.k, "GET", "/api/tags/find?name=zammad", None).await;
    call(
        &e.k,
        "POST",
        "/api/tags",
        Some(json!({"name": "x", "visible": true})),
    )
    .await;
    call(&e.k, "GET", "/api/projects?ignoreDates=1", None).await;
    assert_eq!(e.k.check_requests_against(&spec), Vec::<String>::new());
    call(
        &e.k,
        "POST",
        "/api/timesheets",
        Some(json!({"project": 1, "activity": 1, "duration": 5})),
    )
    .await;
    assert_eq!(e.k.check_requests_against(&spec).len(), 1);
}

#[tokio::test]
async fn every_save_rounds_and_patch_tags_replace_the_list() {
    let e = env("UTC");
    e.k.set_rounding(super::kimai::KimaiRounding::minutes(15));
    e.k.add_tag("billing");
    let mut body = ts(&e, "2024-05-02T09:07:00", "2024-05-02T09:38:00");
    body["tags"] = json!("zammad,billing");
    let (s, _, t) = call(&e.k, "POST", "/api/timesheets", Some(body)).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(
        (t["begin"].as_str(), t["end"].as_str()),
        (
            Some("2024-05-02T09:00:00+0000"),
            Some("2024-05-02T09:45:00+0000")
        )
    );
    let id = t["id"].as_i64().unwrap();
    let path = format!("/api/timesheets/{id}");
    let (_, _, t) = call(
        &e.k,
        "PATCH",
        &path,
        Some(json!({"end": "2024-05-02T10:01:00", "tags": "zammad"})),
    )
    .await;
    assert_eq!(t["end"], "2024-05-02T10:15:00+0000");
    assert_eq!(
        t["tags"],
        json!(["zammad"]),
        "a PATCH's tags replace the list"
    );
    let (_, _, t) = call(&e.k, "PATCH", &path, Some(json!({"description": "y"}))).await;
    assert_eq!(t["tags"], json!(["zammad"]), "no tags field keeps the list");
}

#[tokio::test]
async fn modified_after_is_read_by_server_version() {
    // 10:00 in New York is 14:00Z (EDT): before 2.45 the value is local time.
    let e = env("America/New_York");
    call(
        &e.k,
        "POST",
        "/api/timesheets",
        Some(ts(&e, "2024-05-02T09:00:00", "2024-05-02T09:45:00")),
    )
    .await;
    let now = chrono::Utc::now();
    let query = |t: chrono::DateTime<chrono::Utc>| {
        format!(
            "/api/timesheets?modified_after={}",
            t.format("%Y-%m-%dT%H:%M:%S")
        )
    };
    let local = now.with_timezone(&chrono_tz::America::New_York) - chrono::Duration::minutes(1);
    let utc_minus_a_minute = now - chrono::Duration::minutes(1);
    let count = |v: Value| v.as_array().map_or(0, Vec::len);
    e.k.set_version("2.44.0");
    assert_eq!(
        count(
            call(&e.k, "GET", &query(local.naive_local().and_utc()), None)
                .await
                .2
        ),
        1
    );
    assert_eq!(
        count(call(&e.k, "GET", &query(utc_minus_a_minute), None).await.2),
        0
    );
    e.k.set_version("2.45.0");
    assert_eq!(
        count(call(&e.k, "GET", &query(utc_minus_a_minute), None).await.2),
        1
    );
}
