use super::*;
use secrecy::SecretString;
use std::time::{Duration, Instant};
use syncd_sim::scripted::{Reply, closed_port_url, serve};

const TOKEN: &str = "zammad-secret-token-123";

fn client(base: &str) -> ZammadClient {
    ZammadClient::new(
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
        include_str!(concat!("../../tests/fixtures/zammad/", $name))
    };
}

#[test]
fn fixtures_time_accountings() {
    let v: Vec<TimeAccounting> =
        serde_json::from_str(fx!("GET_api_v1_time_accountings.json")).unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].time_unit, "1.5");
    assert_eq!(v[0].ticket_article_id, None);
    assert_eq!(v[0].type_id, Some(1));
    assert_eq!(
        v[0].created_at.to_rfc3339(),
        "2026-10-05T15:41:56.170+00:00"
    );
    let v: Vec<TimeAccounting> =
        serde_json::from_str(fx!("GET_api_v1_tickets_ID_time_accountings.json")).unwrap();
    assert_eq!(
        v.iter().map(|t| t.time_unit.as_str()).collect::<Vec<_>>(),
        ["15.0", "30.0", "35.0"]
    );
    assert_eq!(v[0].ticket_article_id, Some(87));
    let one: TimeAccounting =
        serde_json::from_str(fx!("GET_api_v1_time_accountings_ID.json")).unwrap();
    assert_eq!(
        (one.id, one.ticket_id, one.time_unit.as_str()),
        (89, 429, "2.34")
    );
    assert_eq!(
        one.time_unit_decimal(),
        Some(rust_decimal::Decimal::new(234, 2))
    );
    let created: TimeAccounting =
        serde_json::from_str(fx!("POST_api_v1_tickets_ID_time_accountings.response.json")).unwrap();
    assert_eq!(created.time_unit, "60.0");
}

#[test]
fn time_unit_number_becomes_string() {
    let j = r#"{"id":1,"ticket_id":2,"ticket_article_id":null,"time_unit":15,"type_id":null,
        "created_by_id":3,"created_at":"2024-01-01T00:00:00.000Z","updated_at":"2024-01-01T00:00:00.000Z"}"#;
    let t: TimeAccounting = serde_json::from_str(j).unwrap();
    assert_eq!(t.time_unit, "15");
    let j = j.replace("\"time_unit\":15", "\"time_unit\":1.25");
    let t: TimeAccounting = serde_json::from_str(&j).unwrap();
    assert_eq!(t.time_unit, "1.25");
    let j = j.replace("\"time_unit\":1.25", "\"time_unit\":\"0.50\"");
    let t: TimeAccounting = serde_json::from_str(&j).unwrap();
    assert_eq!(t.time_unit, "0.50");
}

#[test]
fn fixtures_tickets() {
    let t: Ticket = serde_json::from_str(fx!("GET_api_v1_tickets_ID.json")).unwrap();
    assert_eq!(t.number, "77001");
    assert_eq!(t.title, "Welcome to Zammad!");
    assert_eq!(t.organization_id, Some(1));
    assert_eq!(t.time_unit, None);
    let t: Ticket = serde_json::from_str(fx!("GET_api_v1_tickets_ID.zammad7.json")).unwrap();
    assert_eq!(t.number, "94001");
    let t: Ticket =
        serde_json::from_str(fx!("GET_api_v1_tickets_ID.with_time_unit.zammad62.json")).unwrap();
    assert_eq!(t.time_unit.as_deref(), Some("2.34"));
    assert_eq!(t.organization_id, None);
    let v: Vec<Ticket> = serde_json::from_str(fx!("GET_api_v1_tickets_expand.json")).unwrap();
    assert_eq!(v.len(), 1);
    let s: SearchResult =
        serde_json::from_str(fx!("GET_api_v1_tickets_search_expand.json")).unwrap();
    assert_eq!(s.into_tickets().len(), 1);
    let s: SearchResult =
        serde_json::from_str(fx!("GET_api_v1_tickets_search_no_expand.zammad62.json")).unwrap();
    let mut ids: Vec<i64> = s.into_tickets().iter().map(|t| t.id).collect();
    ids.sort();
    assert_eq!(ids, [373, 374]);
}

#[test]
fn fixtures_users_orgs_types() {
    let u: User = serde_json::from_str(fx!("GET_api_v1_users_ID.json")).unwrap();
    assert_eq!(u.login, "johndoe@example.com");
    assert_eq!(u.display_name(), "John Doe");
    assert_eq!(u.email.as_deref(), Some("johndoe@example.com"));
    assert!(u.active);
    let v: Vec<User> =
        serde_json::from_str(fx!("GET_api_v1_users_expand_page1_per_page2.json")).unwrap();
    assert_eq!(v[0].id, 1);
    assert_eq!(v[0].email, None);
    assert_eq!(v[0].display_name(), "-");
    assert!(!v[0].active);
    assert_eq!(v[1].organization_id, Some(1));
    let v: Vec<User> =
        serde_json::from_str(fx!("GET_api_v1_users_expand_page_past_end.json")).unwrap();
    assert!(v.is_empty());
    let nul: User = serde_json::from_str(
        r#"{"id":9,"login":"agent","firstname":null,"lastname":null,"email":null,"active":true}"#,
    )
    .unwrap();
    assert_eq!(nul.display_name(), "agent");
    let o: Organization = serde_json::from_str(fx!("GET_api_v1_organizations_ID.json")).unwrap();
    assert_eq!(
        (o.id, o.name.as_str(), o.active),
        (1, "Zammad Foundation", true)
    );
    let t: Vec<TimeAccountingType> =
        serde_json::from_str(fx!("GET_api_v1_time_accounting_types.json")).unwrap();
    assert_eq!(t[0].name, "Rec lkinfcbb");
    assert!(t[0].active);
}

#[tokio::test]
async fn sends_headers_and_params() {
    let srv = serve(|_, _| Reply::json(200, fx!("GET_api_v1_time_accountings.json"))).await;
    let c = client(&format!("{}/api/v1/", srv.base));
    let v = c
        .time_accountings(2, 1000, "updated_at", "desc")
        .await
        .unwrap();
    assert_eq!(v.len(), 1);
    let r = &srv.requests()[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.path(), "/api/v1/time_accountings");
    assert_eq!(r.param("page").as_deref(), Some("2"));
    assert_eq!(r.param("per_page").as_deref(), Some("1000"));
    assert_eq!(r.param("sort_by").as_deref(), Some("updated_at"));
    assert_eq!(r.param("order_by").as_deref(), Some("desc"));
    assert_eq!(
        r.header("authorization").as_deref(),
        Some(format!("Token token={TOKEN}").as_str())
    );
    assert_eq!(r.header("accept").as_deref(), Some("application/json"));
    assert_eq!(c.request_count(), 1);
}

#[tokio::test]
async fn no_route_and_version_forbidden() {
    let srv = serve(|r, _| {
        if r.path().ends_with("/version") {
            Reply::json(403, fx!("error_403_not_authorized.json"))
        } else {
            Reply::json(404, fx!("error_404_no_route.json"))
        }
    })
    .await;
    let c = client(&srv.base);
    let e = c.time_accountings(1, 10, "id", "asc").await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::NoRoute);
    assert_eq!(e.method, "GET");
    assert!(e.path.starts_with("/api/v1/time_accountings?"));
    assert_eq!(c.version().await.unwrap(), None);
    assert_eq!(c.request_count(), 2, "4xx is not retried");
}

#[tokio::test]
async fn find_ticket_exact_number() {
    let srv = serve(|_, _| {
        let mut v: Vec<serde_json::Value> =
            serde_json::from_str(fx!("GET_api_v1_tickets_search_expand.json")).unwrap();
        let mut other = v[0].clone();
        other["id"] = 2.into();
        other["number"] = "770011".into();
        v.insert(0, other);
        Reply::json(200, &serde_json::to_string(&v).unwrap())
    })
    .await;
    let c = client(&srv.base);
    let t = c.find_ticket_by_number("77001").await.unwrap().unwrap();
    assert_eq!(t.id, 1);
    assert!(c.find_ticket_by_number("7700").await.unwrap().is_none());
    let r = &srv.requests()[0];
    assert_eq!(r.path(), "/api/v1/tickets/search");
    assert_eq!(r.param("query").as_deref(), Some("77001"));
    assert_eq!(r.param("expand").as_deref(), Some("true"));
}

#[tokio::test]
async fn retries_server_errors_on_get() {
    let srv = serve(|_, i| {
        if i < 2 {
            Reply::json(503, "")
        } else {
            Reply::json(200, fx!("GET_api_v1_tickets_ID.json"))
        }
    })
    .await;
    let c = client(&srv.base);
    let t = c.ticket(1).await.unwrap();
    assert_eq!(t.id, 1);
    assert_eq!(c.request_count(), 3);
    assert_eq!(srv.requests()[2].path(), "/api/v1/tickets/1");
}

#[tokio::test]
async fn honours_retry_after() {
    let srv = serve(|_, i| {
        if i == 0 {
            Reply::json(429, "").header("retry-after", "1")
        } else {
            Reply::json(200, fx!("GET_api_v1_users_ID.json"))
        }
    })
    .await;
    let c = client(&srv.base).with_retry_policy(RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(5),
    });
    let start = Instant::now();
    let u = c.user(3).await.unwrap();
    assert_eq!(u.id, 3);
    assert!(start.elapsed() >= Duration::from_millis(950));
    assert_eq!(c.request_count(), 2);
}

#[tokio::test]
async fn gives_up_after_attempts() {
    let srv = serve(|_, _| Reply::json(500, fx!("error_500_non_admin.json"))).await;
    let c = client(&srv.base);
    let e = c.organizations(1, 100).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Server);
    assert_eq!(e.status, Some(500));
    assert_eq!(c.request_count(), 3);
    assert_eq!(srv.requests().len(), 3);
}

#[tokio::test]
async fn decode_error_on_html() {
    let srv = serve(|_, _| Reply::json(200, "<!DOCTYPE html><html>login</html>")).await;
    let c = client(&srv.base);
    let e = c.time_accounting_types().await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Decode);
    assert!(
        e.message
            .starts_with("unexpected response (not JSON of the expected shape): <!DOCTYPE html>")
    );
}

#[tokio::test]
async fn connection_refused() {
    let base = closed_port_url().await;
    let c = client(&base).with_retry_policy(RetryPolicy::none());
    let e = c.ticket(1).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Connect, "{e}");
    let hostport = base.trim_start_matches("http://");
    assert_eq!(
        e.message,
        format!("connection refused by {hostport}: is the service running?")
    );
    assert!(e.is_retryable());
}

#[tokio::test]
async fn dns_failure() {
    let c = client("http://nonexistent.invalid").with_retry_policy(RetryPolicy::none());
    let e = c.ticket(1).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Dns, "{e}");
    assert_eq!(e.message, "cannot resolve host nonexistent.invalid");
}

#[tokio::test]
async fn timeout() {
    let srv = serve(|_, _| Reply::json(200, "[]").delay(Duration::from_secs(3))).await;
    let c = ZammadClient::new(
        &srv.base,
        SecretString::from(TOKEN.to_string()),
        Duration::from_millis(300),
    )
    .unwrap()
    .with_retry_policy(RetryPolicy::none());
    let e = c.tickets(1, 10).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Timeout, "{e}");
    assert_eq!(e.message, "timed out after 0.3s");
}

#[tokio::test]
async fn token_never_leaks() {
    let srv = serve(|_, _| Reply::json(401, fx!("error_401_invalid_api_token.json"))).await;
    let c = client(&srv.base);
    let dbg = format!("{c:?}");
    assert!(!dbg.contains(TOKEN), "{dbg}");
    let e = c.ticket(1).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);
    assert!(!format!("{e} {e:?}").contains(TOKEN));
    assert_eq!(c.request_count(), 1);
}

#[test]
fn invalid_base_url() {
    let e = ZammadClient::new(
        "ftp://x",
        SecretString::from(TOKEN.to_string()),
        Duration::from_secs(1),
    )
    .unwrap_err();
    assert!(e.message.contains("http or https"));
    assert!(!e.to_string().contains(TOKEN));
}

#[test]
fn futures_are_send_and_token_checked() {
    fn assert_send<T: Send>(_: &T) {}
    let c = client("http://127.0.0.1:1");
    let f = c.time_accountings(1, 1, "id", "asc");
    assert_send(&f);
    let e = ZammadClient::new(
        "https://z.example.com",
        SecretString::from("bad token\n".to_string()),
        Duration::from_secs(1),
    )
    .unwrap_err();
    assert!(e.message.contains("API token"));
    assert!(!e.to_string().contains("bad token"));
}

#[tokio::test]
async fn tls_to_plain_http_server() {
    let srv = serve(|_, _| Reply::json(200, "[]")).await;
    let c = client(&srv.base.replace("http://", "https://")).with_retry_policy(RetryPolicy::none());
    let e = c.tickets(1, 1).await.unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Tls, "{e}");
    assert!(e.message.starts_with("TLS handshake failed: "), "{e}");
}
