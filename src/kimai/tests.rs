use super::time::{format_local, parse_kimai_datetime};
use super::*;
use crate::http::ApiErrorKind;
use crate::ids::{KimaiActivityId, KimaiCustomerId, KimaiProjectId, KimaiTimesheetId, KimaiUserId};
use chrono::{NaiveDate, TimeZone, Utc};
use secrecy::SecretString;
use std::time::Duration;
use syncd_sim::scripted::{Reply, serve};

const TOKEN: &str = "kimai0123456789abcdef0123";

fn client(base: &str) -> KimaiClient {
    KimaiClient::new(
        base,
        SecretString::from(TOKEN.to_string()),
        Duration::from_secs(5),
    )
    .unwrap()
    .with_retry_policy(RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
    })
}

macro_rules! fx {
    ($name:literal) => {
        include_str!(concat!("../../tests/fixtures/kimai/", $name))
    };
}

fn ndt(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
}

#[test]
fn datetime_parse_and_format() {
    let d = parse_kimai_datetime("2024-05-02T09:00:00+0200").unwrap();
    assert_eq!(d.offset().local_minus_utc(), 7200);
    assert_eq!(
        d.with_timezone(&Utc),
        Utc.with_ymd_and_hms(2024, 5, 2, 7, 0, 0).unwrap()
    );
    let d = parse_kimai_datetime("2020-03-27T14:35:00+1300").unwrap();
    assert_eq!(d.offset().local_minus_utc(), 13 * 3600);
    assert_eq!(
        d.with_timezone(&Utc),
        Utc.with_ymd_and_hms(2020, 3, 27, 1, 35, 0).unwrap()
    );
    let d = parse_kimai_datetime("2024-05-02T09:00:00+02:00").unwrap();
    assert_eq!(d.offset().local_minus_utc(), 7200);
    let d = parse_kimai_datetime("2024-05-02T09:00:00Z").unwrap();
    assert_eq!(d.offset().local_minus_utc(), 0);
    let d = parse_kimai_datetime("2024-05-02T09:00:00-0330").unwrap();
    assert_eq!(d.offset().local_minus_utc(), -(3 * 3600 + 1800));
    assert!(parse_kimai_datetime("2024-05-02T09:00:00").is_err());
    assert!(parse_kimai_datetime("yesterday").is_err());
    assert_eq!(
        format_local(ndt("2024-05-02T09:05:07")),
        "2024-05-02T09:05:07"
    );
}

#[test]
fn fixtures_timesheets() {
    let v: Vec<Timesheet> = serde_json::from_str(fx!("GET_api_timesheets.json")).unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].id, KimaiTimesheetId(1502));
    assert_eq!(v[0].begin.to_rfc3339(), "2024-05-02T09:00:00+02:00");
    assert_eq!(v[0].duration, Some(2700));
    assert_eq!(v[0].tags, ["zammad"]);
    assert_eq!(
        (v[0].activity, v[0].project, v[0].user),
        (KimaiActivityId(3), KimaiProjectId(7), KimaiUserId(2))
    );
    assert_eq!(v[0].rate, Some(63.75));
    assert_eq!(v[0].fixed_rate, None);
    assert_eq!(v[1].end, None);
    assert_eq!(v[1].description, None);
    let t: Timesheet = serde_json::from_str(fx!("GET_api_timesheets_ID.json")).unwrap();
    assert_eq!(t.begin.offset().local_minus_utc(), 13 * 3600);
    assert_eq!(t.end.unwrap().to_rfc3339(), "2020-03-28T03:30:00+13:00");
    assert!(t.exported && t.billable);
    assert_eq!(t.hourly_rate, Some(137.21));
    assert_eq!(t.description.as_deref(), Some("**foo**\nbar"));
    let t: Timesheet = serde_json::from_str(fx!("POST_api_timesheets.response.json")).unwrap();
    assert_eq!(t.id, KimaiTimesheetId(1502));
    let t: Timesheet =
        serde_json::from_str(fx!("PATCH_api_timesheets_ID_meta.response.json")).unwrap();
    assert_eq!(t.meta_fields[0].name, "zammad_time_accounting_id");
    // Rates hidden (kimai@HEAD without rate permission) and break missing (< 2.45).
    let j = r#"{"id":1,"begin":"2024-05-02T09:00:00+0200","end":null,"duration":null,
        "description":null,"activity":1,"project":2,"user":3,"tags":[],"exported":false,
        "billable":true,"metaFields":[]}"#;
    let t: Timesheet = serde_json::from_str(j).unwrap();
    assert_eq!((t.rate, t.break_seconds, t.duration), (None, None, None));
}

#[test]
fn fixtures_entities() {
    let c: Vec<Customer> = serde_json::from_str(fx!("GET_api_customers.json")).unwrap();
    assert_eq!(c[0].name, "Acme GmbH");
    assert_eq!(c[0].number.as_deref(), Some("0004"));
    let c: Customer = serde_json::from_str(fx!("GET_api_customers_ID.json")).unwrap();
    assert_eq!(
        c.comment.as_deref(),
        Some("Awesome customer since a long time")
    );
    let p: Vec<Project> = serde_json::from_str(fx!("GET_api_projects.json")).unwrap();
    assert_eq!(
        (p[0].id, p[0].customer),
        (KimaiProjectId(7), KimaiCustomerId(4))
    );
    assert_eq!(p[0].start, None);
    assert!(p[0].global_activities);
    let p: Project = serde_json::from_str(fx!("GET_api_projects_ID.json")).unwrap();
    assert_eq!(p.start, NaiveDate::from_ymd_opt(2019, 2, 1));
    assert_eq!(p.order_date, NaiveDate::from_ymd_opt(2018, 4, 17));
    let a: Vec<Activity> = serde_json::from_str(fx!("GET_api_activities.json")).unwrap();
    assert_eq!(a[0].project, None);
    assert_eq!(a[1].project, Some(KimaiProjectId(7)));
    let a: Activity = serde_json::from_str(fx!("GET_api_activities_ID.json")).unwrap();
    assert_eq!(a.number.as_deref(), Some("P-754"));
    let t: Vec<Tag> = serde_json::from_str(fx!("GET_api_tags_find.json")).unwrap();
    assert_eq!(
        (t[0].id, t[0].name.as_str(), t[0].visible),
        (12, "zammad", true)
    );
    let u: Vec<User> = serde_json::from_str(fx!("GET_api_users.json")).unwrap();
    assert_eq!(u[0].timezone, "Europe/Berlin");
    assert_eq!(u[1].display_name(), "Zammad sync");
    let me: User = serde_json::from_str(fx!("GET_api_users_me.json")).unwrap();
    assert_eq!(me.username, "zammad-sync");
    assert_eq!(me.timezone, "UTC");
    assert_eq!(me.language.as_deref(), Some("en"));
    assert_eq!(me.email.as_deref(), Some("zammad-sync@example.com"));
    assert_eq!(me.alias.as_deref(), Some("Zammad sync"));
    assert_eq!(
        me.roles.as_deref(),
        Some(&["ROLE_SUPER_ADMIN".to_string()][..])
    );
    let v: Version = serde_json::from_str(fx!("GET_api_version.json")).unwrap();
    assert_eq!((v.version.as_str(), v.version_id), ("2.66.0", 26600));
    let c: TimesheetConfig = serde_json::from_str(fx!("GET_api_config_timesheet.json")).unwrap();
    assert_eq!(c.tracking_mode, "default");
    assert!(c.is_allow_future_times && c.is_allow_overlapping);
    assert_eq!(c.active_entries_hard_limit, Some(1));
}

#[test]
fn timesheet_write_serialization() {
    let w = TimesheetWrite {
        begin: Some(ndt("2024-05-02T09:00:00")),
        end: Some(ndt("2024-05-02T09:45:00")),
        project: Some(KimaiProjectId(7)),
        activity: Some(KimaiActivityId(3)),
        description: Some("Zammad #31004 Printer offline".into()),
        tags: Some(vec!["zammad".into()]),
        user: Some(KimaiUserId(2)),
    };
    let got = serde_json::to_value(&w).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(fx!("POST_api_timesheets.request.json")).unwrap();
    assert_eq!(got, want);
    let patch = TimesheetWrite {
        end: Some(ndt("2024-05-02T10:00:00")),
        description: Some("Zammad #31004 Printer offline (follow-up)".into()),
        ..Default::default()
    };
    let got = serde_json::to_value(&patch).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(fx!("PATCH_api_timesheets_ID.request.json")).unwrap();
    assert_eq!(got, want);
    let tags = TimesheetWrite {
        tags: Some(vec!["zammad".into(), " ticket-1 ".into(), String::new()]),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&tags).unwrap(),
        r#"{"tags":"zammad,ticket-1"}"#
    );
    assert_eq!(
        serde_json::to_string(&TimesheetWrite::default()).unwrap(),
        "{}"
    );
}

#[test]
fn new_entity_bodies() {
    let c = serde_json::to_value(NewCustomer {
        name: "Acme".into(),
        comment: None,
        number: Some("Z-1".into()),
    })
    .unwrap();
    assert_eq!(
        c,
        serde_json::json!({"name":"Acme","number":"Z-1","visible":true,"billable":true})
    );
    let p = serde_json::to_value(NewProject {
        name: "P".into(),
        customer: KimaiCustomerId(4),
        comment: Some("c".into()),
    })
    .unwrap();
    assert_eq!(p["customer"], 4);
    assert_eq!(p["globalActivities"], true);
    let a = serde_json::to_value(NewActivity {
        name: "A".into(),
        project: None,
    })
    .unwrap();
    assert_eq!(
        a,
        serde_json::json!({"name":"A","visible":true,"billable":true})
    );
}

#[test]
fn query_pairs() {
    let q = TimesheetQuery {
        user: Some(UserFilter::All),
        tags: vec!["zammad".into(), "x y".into()],
        term: Some("zammad-ta-1".into()),
        modified_after: Some(
            Utc.with_ymd_and_hms(2024, 5, 1, 10, 0, 0)
                .unwrap()
                .naive_utc(),
        ),
        begin: Some(ndt("2024-05-01T00:00:00")),
        size: Some(10_000),
        page: Some(0),
        ..Default::default()
    };
    let p = q.to_pairs();
    let get = |k: &str| {
        p.iter()
            .filter(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(get("user"), ["all"]);
    assert_eq!(get("tags[]"), ["zammad", "x y"]);
    assert_eq!(get("modified_after"), ["2024-05-01T10:00:00"]);
    assert_eq!(get("begin"), ["2024-05-01T00:00:00"]);
    assert_eq!(get("size"), ["500"]);
    assert_eq!(get("page"), ["1"]);
    assert!(get("end").is_empty());
    let p = TimesheetQuery {
        user: Some(UserFilter::Id(KimaiUserId(5))),
        ..Default::default()
    }
    .to_pairs();
    assert_eq!(p, [("user".to_string(), "5".to_string())]);
}

fn page_of(ids: &[i64]) -> String {
    let base: serde_json::Value =
        serde_json::from_str::<Vec<serde_json::Value>>(fx!("GET_api_timesheets.json")).unwrap()[0]
            .clone();
    let v: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            let mut t = base.clone();
            t["id"] = (*id).into();
            t
        })
        .collect();
    serde_json::to_string(&v).unwrap()
}

#[tokio::test]
async fn all_timesheets_pages_until_total_pages() {
    let srv = serve(|r, _| {
        let page: u32 = r.param("page").unwrap().parse().unwrap();
        if page > 3 {
            return Reply::json(404, fx!("error_404_not_found.json"));
        }
        let ids: Vec<i64> = ((page as i64 - 1) * 2 + 1..=(page as i64 - 1) * 2 + 2).collect();
        let ids = if page == 3 { vec![ids[0]] } else { ids };
        Reply::json(200, &page_of(&ids))
            .header("X-Page", &page.to_string())
            .header("X-Total-Pages", "3")
            .header("X-Total-Count", "5")
            .header("X-Per-Page", "2")
    })
    .await;
    let c = client(&srv.base);
    let q = TimesheetQuery {
        user: Some(UserFilter::All),
        size: Some(2),
        ..Default::default()
    };
    let all = c.all_timesheets(&q).await.unwrap();
    assert_eq!(
        all.iter().map(|t| t.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5].map(KimaiTimesheetId)
    );
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 3, "never requests past the last page");
    for (i, r) in reqs.iter().enumerate() {
        assert_eq!(r.path(), "/api/timesheets");
        assert_eq!(r.param("orderBy").as_deref(), Some("id"));
        assert_eq!(r.param("order").as_deref(), Some("ASC"));
        assert_eq!(r.param("page"), Some((i + 1).to_string()));
        assert_eq!(r.param("user").as_deref(), Some("all"));
        assert_eq!(
            r.header("authorization").as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
    let p = c
        .timesheets(&TimesheetQuery {
            page: Some(2),
            size: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((p.page, p.total_pages, p.total_count), (2, 3, 5));
}

#[tokio::test]
async fn all_timesheets_stops_on_empty_page_and_404() {
    // No pagination headers: full pages keep going, an empty page ends.
    let srv = serve(|r, _| match r.param("page").as_deref() {
        Some("1") => Reply::json(200, &page_of(&[1, 2])),
        _ => Reply::json(200, "[]"),
    })
    .await;
    let c = client(&srv.base);
    let q = TimesheetQuery {
        size: Some(2),
        ..Default::default()
    };
    assert_eq!(c.all_timesheets(&q).await.unwrap().len(), 2);
    assert_eq!(srv.requests().len(), 2);

    let srv = serve(|r, _| match r.param("page").as_deref() {
        Some("1") => Reply::json(200, &page_of(&[1, 2])).header("X-Total-Pages", "9"),
        _ => Reply::json(404, fx!("error_404_not_found.json")),
    })
    .await;
    let c = client(&srv.base);
    assert_eq!(c.all_timesheets(&q).await.unwrap().len(), 2);
    assert_eq!(srv.requests().len(), 2, "404 is final, not retried");

    // 404 on page 1 is an error.
    let srv = serve(|_, _| Reply::json(404, fx!("error_404_not_found.json"))).await;
    let c = client(&srv.base);
    let e = c.all_timesheets(&q).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::NotFound);
}

#[tokio::test]
async fn post_is_never_retried_patch_is() {
    let srv = serve(|r, _| {
        if r.method == "POST" {
            Reply::json(503, "")
        } else if r.method == "PATCH" && r.body.is_empty() {
            Reply::json(500, "")
        } else {
            Reply::json(200, fx!("POST_api_timesheets.response.json"))
        }
    })
    .await;
    let c = client(&srv.base);
    let w = TimesheetWrite {
        project: Some(KimaiProjectId(7)),
        activity: Some(KimaiActivityId(3)),
        ..Default::default()
    };
    let e = c.create_timesheet(&w).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Server);
    assert_eq!(e.method, "POST");
    assert_eq!(c.request_count(), 1);
    let t = c
        .update_timesheet(KimaiTimesheetId(1502), &w)
        .await
        .unwrap();
    assert_eq!(t.id, KimaiTimesheetId(1502));
    let reqs = srv.requests();
    assert_eq!(reqs[1].method, "PATCH");
    assert_eq!(reqs[1].path(), "/api/timesheets/1502");
    assert_eq!(
        reqs[1].header("content-type").as_deref(),
        Some("application/json")
    );
    let body: serde_json::Value = serde_json::from_str(&reqs[1].body).unwrap();
    assert_eq!(body, serde_json::json!({"project":7,"activity":3}));
}

#[tokio::test]
async fn patch_retries_transient_errors() {
    let srv = serve(|_, i| {
        if i == 0 {
            Reply::json(502, "bad gateway")
        } else {
            Reply::json(200, fx!("POST_api_timesheets.response.json"))
        }
    })
    .await;
    let c = client(&srv.base);
    c.update_timesheet(KimaiTimesheetId(1502), &TimesheetWrite::default())
        .await
        .unwrap();
    assert_eq!(c.request_count(), 2);
}

#[tokio::test]
async fn delete_and_simple_gets() {
    let srv = serve(|r, _| match (r.method.as_str(), r.path()) {
        ("DELETE", "/kimai/api/timesheets/5") => Reply::json(204, ""),
        (_, "/kimai/api/ping") => Reply::json(200, fx!("GET_api_ping.json")),
        (_, "/kimai/api/version") => Reply::json(200, fx!("GET_api_version.json")),
        (_, "/kimai/api/users/me") => Reply::json(200, fx!("GET_api_users_me.json")),
        (_, "/kimai/api/users") => Reply::json(403, fx!("error_403_forbidden.json")),
        (_, "/kimai/api/config/timesheet") => {
            Reply::json(200, fx!("GET_api_config_timesheet.json"))
        }
        (_, "/kimai/api/customers") => Reply::json(200, fx!("GET_api_customers.json")),
        (_, "/kimai/api/projects") => Reply::json(200, fx!("GET_api_projects.json")),
        (_, "/kimai/api/activities") => Reply::json(200, fx!("GET_api_activities.json")),
        (_, "/kimai/api/tags/find") => Reply::json(200, fx!("GET_api_tags_find.json")),
        ("POST", "/kimai/api/tags") => Reply::json(
            200,
            r#"{"id":13,"name":"ticket-1","visible":true,"color":null,"color-safe":"x"}"#,
        ),
        (_, "/kimai/api/timesheets/11") => Reply::json(200, fx!("GET_api_timesheets_ID.json")),
        _ => Reply::json(404, fx!("error_404_not_found.json")),
    })
    .await;
    let c = client(&format!("{}/kimai/api", srv.base));
    c.delete_timesheet(KimaiTimesheetId(5)).await.unwrap();
    c.ping().await.unwrap();
    assert_eq!(c.version().await.unwrap().version_id, 26600);
    assert_eq!(c.me().await.unwrap().timezone, "UTC");
    let e = c.users().await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Forbidden);
    assert_eq!(e.message, "permission denied (403): Forbidden");
    assert_eq!(c.config_timesheet().await.unwrap().tracking_mode, "default");
    assert_eq!(c.customers().await.unwrap().len(), 1);
    assert_eq!(c.projects().await.unwrap().len(), 1);
    assert_eq!(c.activities().await.unwrap().len(), 2);
    assert_eq!(c.find_tags("zam").await.unwrap()[0].id, 12);
    assert_eq!(c.create_tag("ticket-1").await.unwrap().id, 13);
    assert_eq!(
        c.timesheet(KimaiTimesheetId(11)).await.unwrap().id,
        KimaiTimesheetId(11)
    );
    let e = c.timesheet(KimaiTimesheetId(12)).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::NotFound);
    let reqs = srv.requests();
    let find = |p: &str| reqs.iter().find(|r| r.path() == p).unwrap().clone();
    assert_eq!(
        find("/kimai/api/customers").param("visible").as_deref(),
        Some("3")
    );
    assert_eq!(
        find("/kimai/api/projects").param("ignoreDates").as_deref(),
        Some("1")
    );
    assert_eq!(
        find("/kimai/api/projects").param("visible").as_deref(),
        Some("3")
    );
    assert_eq!(
        find("/kimai/api/activities").param("visible").as_deref(),
        Some("3")
    );
    assert_eq!(
        find("/kimai/api/tags/find").param("name").as_deref(),
        Some("zam")
    );
    let tag: serde_json::Value =
        serde_json::from_str(&reqs.iter().find(|r| r.method == "POST").unwrap().body).unwrap();
    assert_eq!(tag, serde_json::json!({"name":"ticket-1","visible":true}));
}

#[tokio::test]
async fn unauthorized_empty_body_and_no_token_leak() {
    let srv = serve(|_, _| {
        Reply::json(401, "").header(
            "WWW-Authenticate",
            r#"Bearer error="invalid_token",error_description="Invalid credentials.""#,
        )
    })
    .await;
    let c = client(&srv.base);
    assert!(!format!("{c:?}").contains(TOKEN));
    let e = c.me().await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);
    assert!(
        e.to_string().starts_with(
            "Kimai GET /api/users/me: token rejected (401): the token is wrong or expired"
        ),
        "{e}"
    );
    assert!(!format!("{e} {e:?}").contains(TOKEN));
    assert_eq!(c.request_count(), 1);
}

#[tokio::test]
async fn validation_error_over_http() {
    let srv = serve(|_, _| Reply::json(400, fx!("error_400_validation_field_errors.json"))).await;
    let c = client(&srv.base);
    let e = c
        .create_timesheet(&TimesheetWrite::default())
        .await
        .unwrap_err();
    assert!(matches!(e.kind, ApiErrorKind::Validation(ref f) if f.len() == 3));
}

#[tokio::test]
async fn all_timesheets_survives_server_ignoring_page() {
    let srv = serve(|_, _| Reply::json(200, &page_of(&[1, 2]))).await;
    let c = client(&srv.base);
    let q = TimesheetQuery {
        size: Some(2),
        ..Default::default()
    };
    assert_eq!(c.all_timesheets(&q).await.unwrap().len(), 2);
    assert_eq!(srv.requests().len(), 2);
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&c.all_timesheets(&q));
}

/// A server that reads the request and hangs up without answering.
async fn hang_up_server() -> String {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            drop(s);
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn answers_to_a_create_are_classified_by_what_was_sent() {
    use crate::http::Outcome;
    let w = TimesheetWrite {
        project: Some(KimaiProjectId(7)),
        activity: Some(KimaiActivityId(3)),
        ..Default::default()
    };
    // Cut off after the request went out: it may have been stored.
    let c = client(&hang_up_server().await);
    let e = c.create_timesheet(&w).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Dropped, "{e}");
    assert_eq!(e.outcome(), Outcome::Unknown);
    assert_eq!(c.request_count(), 1, "a POST is sent once");
    // Nothing listens: nothing was sent.
    let c = client(&syncd_sim::scripted::closed_port_url().await);
    let e = c.create_timesheet(&w).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Connect, "{e}");
    assert_eq!(e.outcome(), Outcome::NotApplied);
    // No answer in time: unknown.
    let srv = serve(|_, _| {
        Reply::json(200, fx!("POST_api_timesheets.response.json")).delay(Duration::from_secs(2))
    })
    .await;
    let c = KimaiClient::new(
        &srv.base,
        SecretString::from(TOKEN.to_string()),
        Duration::from_millis(200),
    )
    .unwrap();
    let e = c.create_timesheet(&w).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Timeout, "{e}");
    assert_eq!(e.outcome(), Outcome::Unknown);
    // A 2xx that is not JSON: unknown, not a rejection.
    let srv = serve(|_, _| Reply::json(200, "<html>Checking your browser</html>")).await;
    let e = client(&srv.base).create_timesheet(&w).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Decode);
    assert_eq!(e.outcome(), Outcome::Unknown);
}
