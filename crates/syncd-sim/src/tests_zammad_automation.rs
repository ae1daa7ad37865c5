//! The Zammad sim's webhooks and triggers over real HTTP: what the real server answers.

use serde_json::{Value, json};

use super::ZammadSim;
use super::tests_zammad::client;
use super::zammad_automation::SECRET_MASK;

const AUTH: &str = "Token token=tok";

async fn call(z: &ZammadSim, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{}/api/v1/{path}", z.base_url());
    let mut req = client()
        .request(method.parse().unwrap(), url)
        .header("Authorization", AUTH);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn webhook(endpoint: &str) -> Value {
    json!({"name": "syncd", "endpoint": endpoint, "signature_token": "t0ken-t0ken-t0ken",
           "ssl_verify": true, "unknown_attribute": 1})
}

#[tokio::test]
async fn webhooks_validate_mask_and_refuse_deletion_while_used() {
    let z = ZammadSim::start("tok").unwrap();
    let (s, w) = call(
        &z,
        "POST",
        "webhooks",
        Some(webhook("https://x.example/hook")),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(w["signature_token"], SECRET_MASK, "secrets are masked");
    assert!(w.get("unknown_attribute").is_none());
    assert!(w.get("http_method").is_none(), "6.x has no http_method");
    let id = w["id"].as_i64().unwrap();
    for (endpoint, msg) in [
        ("x.example/hook", "The provided endpoint is invalid"),
        ("ftp://x.example/hook", "no http or https protocol"),
    ] {
        let (s, e) = call(&z, "POST", "webhooks", Some(webhook(endpoint))).await;
        assert_eq!(s, 422);
        assert!(e["error"].as_str().unwrap().contains(msg), "{e}");
    }
    // Sending the mask back keeps the token.
    let (s, _) = call(
        &z,
        "PUT",
        &format!("webhooks/{id}"),
        Some(json!({"signature_token": SECRET_MASK, "endpoint": "https://y.example/h"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        z.webhooks()[0].signature_token.as_deref(),
        Some("t0ken-t0ken-t0ken")
    );

    let trigger = json!({"name": "Calls syncd",
        "condition": {"ticket.action": {"operator": "is", "value": "update"}},
        "perform": {"notification.webhook": {"webhook_id": id}}});
    let (s, t) = call(&z, "POST", "triggers", Some(trigger.clone())).await;
    assert_eq!((s, t["activator"].as_str()), (201, Some("action")));
    let mut same_name = trigger.clone();
    same_name["name"] = json!("calls SYNCD");
    let (s, e) = call(&z, "POST", "triggers", Some(same_name)).await;
    assert_eq!(
        (s, e["error"].as_str()),
        (422, Some("Name has already been taken"))
    );
    let (s, e) = call(
        &z,
        "POST",
        "triggers",
        Some(json!({"name": "bad",
        "condition": {"ticket.action": {"operator": "sort of", "value": "update"}},
        "perform": {"notification.webhook": {"webhook_id": id}}})),
    )
    .await;
    assert_eq!(
        (s, e["error"].as_str()),
        (422, Some("Invalid ticket selector conditions"))
    );
    let (s, e) = call(&z, "DELETE", &format!("webhooks/{id}"), None).await;
    assert_eq!(s, 422);
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("Trigger: Calls syncd (#"),
        "{e}"
    );
    let (s, list) = call(&z, "GET", "triggers?page=1&per_page=1", None).await;
    assert_eq!((s, list.as_array().unwrap().len()), (200, 1));
    let (_, all) = call(&z, "GET", "triggers", None).await;
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "the seeded trigger and ours"
    );
}

#[tokio::test]
async fn admin_permissions_and_http_method_by_version() {
    let z = ZammadSim::start("tok").unwrap();
    z.set_admin_webhook(false);
    assert_eq!(call(&z, "GET", "webhooks", None).await.0, 403);
    assert_eq!(call(&z, "GET", "triggers", None).await.0, 200);
    z.set_admin_webhook(true);
    z.set_admin_trigger(false);
    assert_eq!(call(&z, "GET", "triggers", None).await.0, 403);
    z.set_version("7.0.1");
    let mut body = webhook("https://x.example/hook");
    body["http_method"] = json!("teleport");
    let (s, e) = call(&z, "POST", "webhooks", Some(body.clone())).await;
    assert_eq!(
        (s, e["error"].as_str()),
        (422, Some("The provided HTTP method is invalid."))
    );
    body["http_method"] = json!("post");
    let (s, w) = call(&z, "POST", "webhooks", Some(body)).await;
    assert_eq!((s, w["http_method"].as_str()), (201, Some("post")));
}
