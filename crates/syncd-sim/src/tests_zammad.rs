//! Zammad sim, webhook and data generator tests, over real HTTP.

use serde_json::Value;

use super::datagen::{Dataset, DatasetSize};
use super::webhook;
use super::zammad::{EntryChange, NewEntry};
use super::{FaultConfig, KimaiSim, ZammadSim};

pub(crate) fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().unwrap()
}

async fn get(z: &ZammadSim, path: &str, auth: Option<&str>) -> (u16, Value) {
    let mut req = client().get(format!("{}{path}", z.base_url()));
    if let Some(a) = auth {
        req = req.header("Authorization", a);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

const AUTH: &str = "Token token=tok";

fn sim_with_entries(n: usize) -> ZammadSim {
    let z = ZammadSim::start("tok").unwrap();
    z.add_organization(1, "Acme");
    z.add_simple_ticket(1, "Printer offline", Some(1), 2);
    z.add_simple_ticket(2, "No org", None, 2);
    for i in 0..n {
        z.add_entry(NewEntry {
            ticket_id: 1 + (i as i64 % 2),
            time_unit: "15".into(),
            type_id: Some(1),
            created_by_id: 1,
            created_at: None,
        });
    }
    z
}

#[tokio::test]
async fn auth_rules() {
    let z = sim_with_entries(1);
    let (s, body) = get(&z, "/api/v1/time_accountings", None).await;
    assert_eq!(
        (s, body["error"].as_str()),
        (403, Some("Authentication required"))
    );
    let (s, body) = get(&z, "/api/v1/time_accountings", Some("Token token=wrong")).await;
    assert_eq!(
        (s, body["error"].as_str()),
        (401, Some("Can't find User for Token"))
    );
    assert_eq!(get(&z, "/api/v1/time_accountings", Some(AUTH)).await.0, 200);
    assert_eq!(get(&z, "/api/v1/users/me", Some("Bearer tok")).await.0, 200);
    assert_eq!(get(&z, "/api/v1/version", Some(AUTH)).await.0, 200);
}

#[tokio::test]
async fn paging_sorting_and_formats() {
    let z = sim_with_entries(25);
    let (_, page3) = get(
        &z,
        "/api/v1/time_accountings?page=3&per_page=10",
        Some(AUTH),
    )
    .await;
    assert_eq!(page3.as_array().unwrap().len(), 5);
    assert_eq!(page3[0]["id"], 21);
    let (s, past) = get(
        &z,
        "/api/v1/time_accountings?page=4&per_page=10",
        Some(AUTH),
    )
    .await;
    assert_eq!((s, past), (200, Value::Array(vec![])));
    let (_, all) = get(&z, "/api/v1/time_accountings?per_page=5000", Some(AUTH)).await;
    assert_eq!(all.as_array().unwrap().len(), 25);
    let e = &all[0];
    assert_eq!(e["time_unit"], "15.0");
    let ts = e["created_at"].as_str().unwrap();
    assert!(
        ts.len() == 24 && ts.ends_with('Z') && ts.as_bytes()[19] == b'.',
        "{ts}"
    );

    z.update_entry(
        3,
        EntryChange {
            time_unit: Some("1.50".into()),
            ..Default::default()
        },
    );
    let (_, desc) = get(
        &z,
        "/api/v1/time_accountings?sort_by=updated_at&order_by=desc&per_page=1",
        Some(AUTH),
    )
    .await;
    assert_eq!(
        (desc[0]["id"].as_i64(), desc[0]["time_unit"].as_str()),
        (Some(3), Some("1.5"))
    );

    let (_, scoped) = get(
        &z,
        "/api/v1/tickets/2/time_accountings?per_page=100",
        Some(AUTH),
    )
    .await;
    assert_eq!(scoped.as_array().unwrap().len(), 12);
    assert_eq!(
        get(&z, "/api/v1/tickets/2/time_accountings/3", Some(AUTH))
            .await
            .0,
        404
    );
    assert_eq!(
        get(&z, "/api/v1/tickets/1/time_accountings/3", Some(AUTH))
            .await
            .0,
        200
    );

    let (_, t) = get(&z, "/api/v1/tickets/2", Some(AUTH)).await;
    assert_eq!(
        (t["time_unit"].as_str(), t["organization_id"].clone()),
        (Some("180.0"), Value::Null)
    );
    assert_eq!(t["number"], "10002");
    z.delete_entry(2);
    let (_, t) = get(&z, "/api/v1/tickets/2", Some(AUTH)).await;
    assert_eq!(t["time_unit"], "165.0");

    let (_, hits) = get(
        &z,
        "/api/v1/tickets/search?query=number:10001&expand=true",
        Some(AUTH),
    )
    .await;
    assert_eq!(
        (hits[0]["id"].as_i64(), hits[0]["organization"].as_str()),
        (Some(1), Some("Acme"))
    );
    let (_, hits) = get(
        &z,
        "/api/v1/tickets/search?query=10002&expand=true",
        Some(AUTH),
    )
    .await;
    assert_eq!(hits.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn old_server_and_missing_permission() {
    let z = sim_with_entries(2);
    z.set_global_list_enabled(false);
    let (s, body) = get(&z, "/api/v1/time_accountings", Some(AUTH)).await;
    assert_eq!(s, 404);
    assert_eq!(
        body["error"],
        "No route matches [GET] /api/v1/time_accountings"
    );
    z.set_global_list_enabled(true);
    z.set_admin_time_accounting(false);
    let (s, body) = get(&z, "/api/v1/time_accountings", Some(AUTH)).await;
    assert_eq!((s, body["error"].as_str()), (403, Some("Not authorized")));
    assert_eq!(
        get(&z, "/api/v1/time_accounting/types", Some(AUTH)).await.0,
        403
    );
    assert_eq!(
        get(&z, "/api/v1/tickets/1/time_accountings", Some(AUTH))
            .await
            .0,
        200
    );
    assert_eq!(z.request_count("GET /api/v1/time_accountings"), 2);
    assert_eq!(
        z.request_count("GET /api/v1/tickets/{id}/time_accountings"),
        1
    );
}

#[tokio::test]
async fn webhook_headers_and_signature() {
    let receiver = ZammadSim::start("other").unwrap();
    let z = sim_with_entries(1);
    let payload = webhook::default_payload(&z, 1).unwrap();
    assert_eq!(payload["ticket"]["number"], "10001");
    let raw = serde_json::to_vec(&payload).unwrap();
    let url = format!("{}/hooks/zammad", receiver.base_url());
    let status = webhook::send_webhook(&url, Some("s3cr3t"), &raw, "d-1")
        .await
        .unwrap();
    assert_eq!(status, 403);
    let got = &receiver.requests()[0];
    assert_eq!(
        (got.method.as_str(), got.path.as_str()),
        ("POST", "/hooks/zammad")
    );
    assert_eq!(got.body.as_bytes(), &raw[..]);
    assert_eq!(
        got.header("x-hub-signature").unwrap(),
        webhook::signature("s3cr3t", &raw)
    );
    assert_eq!(got.header("user-agent"), Some("Zammad User Agent"));
    assert_eq!(
        got.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(got.header("x-zammad-delivery"), Some("d-1"));
    assert!(got.header("x-zammad-trigger").is_some());
    assert_eq!(
        webhook::custom_payload(7),
        serde_json::json!({"ticket_id": "7"})
    );
}

#[tokio::test]
async fn faults_at_roughly_configured_rates() {
    let z = sim_with_entries(1);
    z.set_faults(FaultConfig {
        seed: 7,
        error_rate: 0.2,
        rate_limit_rate: 0.2,
        retry_after_secs: 0,
        drop_rate: 0.1,
        ..Default::default()
    });
    let (mut ok, mut e500, mut e429, mut dropped) = (0, 0, 0, 0);
    for _ in 0..400 {
        let req = client()
            .get(format!("{}/api/v1/tickets/1", z.base_url()))
            .header("Authorization", AUTH);
        match req.send().await {
            Ok(r) if r.status() == 500 => e500 += 1,
            Ok(r) if r.status() == 429 => {
                assert_eq!(r.headers()["retry-after"], "0");
                e429 += 1
            }
            Ok(r) if r.status() == 200 => ok += 1,
            Ok(r) => panic!("unexpected {}", r.status()),
            Err(_) => dropped += 1,
        }
    }
    // Expected: drop 10%, 500 18%, 429 14.4%, ok 57.6%.
    assert!((20..=60).contains(&dropped), "dropped {dropped}");
    assert!((45..=105).contains(&e500), "500 {e500}");
    assert!((30..=85).contains(&e429), "429 {e429}");
    assert!(ok > 180, "ok {ok}");
    // Faults never hit unauthenticated requests.
    assert_eq!(get(&z, "/api/v1/tickets/1", None).await.0, 403);
}

#[test]
fn datagen_is_deterministic_and_loads() {
    let size = DatasetSize {
        entries: 120,
        tickets: 20,
        organizations: 3,
        agents: 4,
        types: 2,
    };
    let anchor = chrono::DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z")
        .unwrap()
        .to_utc();
    let a = Dataset::generate_at(9, size, anchor);
    let b = Dataset::generate_at(9, size, anchor);
    let times = |d: &Dataset| {
        d.entries
            .iter()
            .map(|e| (e.created_at, e.time_unit.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(times(&a), times(&b));
    assert!(a.tickets.iter().any(|t| t.organization_id.is_none()));
    let z = ZammadSim::start("t").unwrap();
    let k = KimaiSim::start("t", "Europe/Berlin").unwrap();
    let ids = a.load_into(&z, &k);
    assert_eq!(ids.len(), 120);
    assert!(k.users().iter().any(|u| u.email == "agent4@example.com"));
    let entries = z.entries();
    assert!(
        entries
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at)
    );
    assert!(entries.iter().all(
        |e| e.created_at == e.updated_at && e.created_at > anchor - chrono::Duration::days(61)
    ));
}

#[tokio::test]
async fn latency_and_slow_replies_delay_only_api_calls() {
    let z = sim_with_entries(1);
    z.set_faults(FaultConfig {
        latency: std::time::Duration::from_millis(20),
        slow_rate: 1.0,
        slow_delay: std::time::Duration::from_millis(30),
        ..Default::default()
    });
    let t0 = std::time::Instant::now();
    for _ in 0..3 {
        assert_eq!(get(&z, "/api/v1/tickets/1", Some(AUTH)).await.0, 200);
    }
    assert!(t0.elapsed() >= std::time::Duration::from_millis(150));
    assert_eq!(z.faults().stats().slow, 3);
    z.faults().clear();
    assert_eq!(get(&z, "/api/v1/tickets/1", Some(AUTH)).await.0, 200);
}

#[tokio::test]
async fn entry_writes_over_the_api() {
    let z = sim_with_entries(0);
    let url = |p: &str| format!("{}/api/v1{p}", z.base_url());
    let c = client();
    let r = c
        .post(url("/tickets/1/time_accountings"))
        .header("Authorization", AUTH)
        .json(&serde_json::json!({"time_unit": "60.0", "type_id": 4}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let e: Value = r.json().await.unwrap();
    assert_eq!(
        (e["time_unit"].as_str(), e["type_id"].as_i64()),
        (Some("60.0"), Some(4))
    );
    let id = e["id"].as_i64().unwrap();
    let r = c
        .put(url(&format!("/time_accountings/{id}")))
        .header("Authorization", AUTH)
        .json(&serde_json::json!({"time_unit": 1.5}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["time_unit"], "1.5");
    let r = c
        .delete(url(&format!("/tickets/1/time_accountings/{id}")))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(z.entries().is_empty());
    let r = c
        .post(url("/tickets/1/time_accountings"))
        .header("Authorization", AUTH)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}

#[test]
fn sims_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ZammadSim>();
    assert_send_sync::<KimaiSim>();
}

/// Zammad stamps new and changed entries (and the ticket they change) with its own clock.
#[test]
fn the_clock_stamps_entries_and_tickets() {
    use chrono::Duration;
    let z = ZammadSim::start("tok").unwrap();
    z.add_simple_ticket(101, "Printer", None, 1);
    z.advance_clock(Duration::days(1));
    let id = z.add_entry(NewEntry {
        ticket_id: 101,
        time_unit: "15".into(),
        type_id: None,
        created_by_id: 1,
        created_at: None,
    });
    let created = z.entry(id).unwrap().created_at;
    assert!(
        created - chrono::Utc::now() > Duration::hours(23),
        "{created}"
    );
    z.advance_clock(Duration::hours(1));
    assert!(z.update_entry(
        id,
        EntryChange {
            time_unit: Some("30".into()),
            ..Default::default()
        },
    ));
    let updated = z.entry(id).unwrap().updated_at;
    assert!(
        updated - created >= Duration::hours(1),
        "{created} -> {updated}"
    );
    assert!(z.ticket(101).unwrap().updated_at >= created + Duration::hours(1));
}
