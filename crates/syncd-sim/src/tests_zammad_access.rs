//! Zammad sim: ticket permissions, page caps, unstable ties and the ticket's updated_at.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use serde_json::Value;

use super::ZammadSim;
use super::tests_zammad::client;
use super::zammad::{EntryChange, GroupAccess, NewEntry, SimTicket};

const AUTH: &str = "Token token=tok";

async fn get(z: &ZammadSim, path: &str) -> (u16, Value) {
    let resp = client()
        .get(format!("{}{path}", z.base_url()))
        .header("Authorization", AUTH)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

fn ticket_in_group(z: &ZammadSim, id: i64, group: i64) {
    let mut t: SimTicket = z.add_simple_ticket(id, "t", None, 2);
    t.group_id = group;
    z.add_ticket(t);
}

fn entry(z: &ZammadSim, ticket: i64, at: chrono::DateTime<Utc>) -> i64 {
    z.add_entry(NewEntry {
        ticket_id: ticket,
        time_unit: "15.0".into(),
        type_id: Some(1),
        created_by_id: 1,
        created_at: Some(at),
    })
}

#[tokio::test]
async fn unreadable_tickets_answer_403_but_keep_their_entries_in_the_global_list() {
    let z = ZammadSim::start("tok").unwrap();
    ticket_in_group(&z, 1, 1);
    ticket_in_group(&z, 2, 2);
    ticket_in_group(&z, 3, 3);
    let now = Utc::now();
    for t in 1..=3 {
        entry(&z, t, now);
    }
    z.set_group_access(2, GroupAccess::None);
    z.set_group_access(3, GroupAccess::Read);
    assert_eq!(get(&z, "/api/v1/tickets/1").await.0, 200);
    let (s, body) = get(&z, "/api/v1/tickets/2").await;
    assert_eq!((s, body["error"].as_str()), (403, Some("Not authorized")));
    assert_eq!(get(&z, "/api/v1/tickets/3").await.0, 200);
    assert_eq!(ids(&get(&z, "/api/v1/tickets").await.1), [1, 3]);
    assert_eq!(
        get(&z, "/api/v1/time_accountings")
            .await
            .1
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // 6.2+: admin.time_accounting reads every ticket's list.
    for t in 1..=3 {
        let path = format!("/api/v1/tickets/{t}/time_accountings");
        assert_eq!(get(&z, &path).await.0, 200, "ticket {t}");
    }
    // 6.1: change access needed, admins included.
    z.set_per_ticket_list_needs_change(true);
    let status = |t: i64| {
        let z = &z;
        async move {
            get(z, &format!("/api/v1/tickets/{t}/time_accountings"))
                .await
                .0
        }
    };
    assert_eq!(
        [status(1).await, status(2).await, status(3).await],
        [200, 403, 403]
    );
}

#[tokio::test]
async fn per_page_is_capped_at_1000_or_500_on_old_servers() {
    let z = ZammadSim::start("tok").unwrap();
    ticket_in_group(&z, 1, 1);
    let now = Utc::now();
    for i in 0..1100 {
        entry(&z, 1, now + Duration::milliseconds(i));
    }
    let count = |v: Value| v.as_array().unwrap().len();
    assert_eq!(
        count(get(&z, "/api/v1/time_accountings?per_page=5000").await.1),
        1000
    );
    z.set_max_per_page(500);
    assert_eq!(
        count(get(&z, "/api/v1/time_accountings?per_page=1000").await.1),
        500
    );
    assert_eq!(
        count(
            get(&z, "/api/v1/time_accountings?per_page=1000&page=3")
                .await
                .1
        ),
        100
    );
}

#[tokio::test]
async fn ties_on_updated_at_are_unstable_across_pages_unless_id_breaks_them() {
    let z = ZammadSim::start("tok").unwrap();
    ticket_in_group(&z, 1, 1);
    let at = Utc::now();
    for _ in 0..40 {
        entry(&z, 1, at);
    }
    let walk = |query: &'static str| {
        let z = &z;
        async move {
            let mut seen: BTreeMap<i64, u32> = BTreeMap::new();
            for page in 1..=4 {
                let path = format!("/api/v1/time_accountings?{query}&per_page=10&page={page}");
                for id in ids(&get(z, &path).await.1) {
                    *seen.entry(id).or_default() += 1;
                }
            }
            seen
        }
    };
    let unstable = walk("sort_by=updated_at&order_by=desc").await;
    assert!(
        unstable.len() < 40 || unstable.values().any(|n| *n > 1),
        "equal updated_at should page unstably: {unstable:?}"
    );
    let stable = walk("sort_by=updated_at,id&order_by=desc,desc").await;
    assert_eq!(stable.len(), 40);
    assert!(stable.values().all(|n| *n == 1));
    assert_eq!(stable.keys().next(), Some(&1));
}

#[tokio::test]
async fn ticket_updated_at_moves_only_when_its_total_changes() {
    let z = ZammadSim::start("tok").unwrap();
    ticket_in_group(&z, 1, 1);
    let at = Utc::now() - Duration::hours(1);
    let a = entry(&z, 1, at);
    let before = z.ticket(1).unwrap().updated_at;
    z.update_entry(
        a,
        EntryChange {
            type_id: Some(Some(2)),
            updated_at: Some(Utc::now()),
            ..Default::default()
        },
    );
    assert_eq!(z.ticket(1).unwrap().updated_at, before, "type-only edit");
    z.update_entry(
        a,
        EntryChange {
            time_unit: Some("30.0".into()),
            updated_at: Some(Utc::now() + Duration::seconds(1)),
            ..Default::default()
        },
    );
    assert!(z.ticket(1).unwrap().updated_at > before);
}
