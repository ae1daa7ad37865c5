//! Sending Zammad-style webhooks (what a Zammad trigger POSTs) to a receiver under test.

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha1::Sha1;

use super::zammad::{ZammadSim, format_time_unit};
use super::zammad_api::ticket_json;

/// `X-Zammad-Trigger` value used by [`send_webhook`].
pub const DEFAULT_TRIGGER: &str = "syncd time accounting";

/// `sha1=<lowercase hex HMAC-SHA1(token, body)>`, the `X-Hub-Signature` value.
pub fn signature(token: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha1>::new_from_slice(token.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha1={hex}")
}

/// POST `body` like Zammad does; returns the receiver's HTTP status.
pub async fn send_webhook(
    url: &str,
    signature_token: Option<&str>,
    body: &[u8],
    delivery_id: &str,
) -> Result<u16, reqwest::Error> {
    send_webhook_as(url, DEFAULT_TRIGGER, signature_token, body, delivery_id).await
}

/// Like [`send_webhook`] with a chosen `X-Zammad-Trigger`. The signature header is only
/// sent with a token and a non-empty body, as Zammad does.
pub async fn send_webhook_as(
    url: &str,
    trigger: &str,
    signature_token: Option<&str>,
    body: &[u8],
    delivery_id: &str,
) -> Result<u16, reqwest::Error> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().build()?;
    let mut req = client
        .post(url)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "Zammad User Agent")
        .header("X-Zammad-Trigger", trigger)
        .header("X-Zammad-Delivery", delivery_id);
    if let Some(token) = signature_token.filter(|_| !body.is_empty()) {
        req = req.header("X-Hub-Signature", signature(token, body));
    }
    Ok(req.body(body.to_vec()).send().await?.status().as_u16())
}

/// [`send_webhook`] for a JSON value (serialized compactly).
pub async fn send_webhook_json(
    url: &str,
    signature_token: Option<&str>,
    body: &Value,
    delivery_id: &str,
) -> Result<u16, reqwest::Error> {
    let raw = serde_json::to_vec(body).unwrap_or_default();
    send_webhook(url, signature_token, &raw, delivery_id).await
}

/// [`send_webhook`] for blocking callers (runs on its own thread and runtime).
pub fn send_webhook_blocking(
    url: &str,
    signature_token: Option<&str>,
    body: &[u8],
    delivery_id: &str,
) -> Result<u16, String> {
    let (url, token, body, id) = (
        url.to_string(),
        signature_token.map(String::from),
        body.to_vec(),
        delivery_id.to_string(),
    );
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(send_webhook(&url, token.as_deref(), &body, &id))
            .map_err(|e| e.to_string())
    })
    .join()
    .map_err(|_| "webhook thread panicked".to_string())?
}

/// Zammad's default payload `{ticket: {...}, article: {...}}` for a ticket of the sim
/// (`None` if the ticket does not exist). The article carries the latest entry's time.
pub fn default_payload(zammad: &ZammadSim, ticket_id: i64) -> Option<Value> {
    zammad.with_state(|s| {
        let t = s.tickets.get(&ticket_id)?;
        let ticket = ticket_json(s, t, true);
        let last = s
            .entries
            .values()
            .filter(|e| e.ticket_id == ticket_id)
            .max_by_key(|e| (e.updated_at, e.id));
        let accounted: Value = last
            .map(|e| {
                format_time_unit(e.time_unit)
                    .parse::<f64>()
                    .map(|f| json!(f))
                    .unwrap_or(json!(0))
            })
            .unwrap_or(json!(0));
        let article = json!({
            "id": ticket_id * 10, "ticket_id": ticket_id, "type": "note", "sender": "Agent",
            "subject": t.title, "body": "time accounted", "content_type": "text/html",
            "internal": true, "accounted_time": accounted,
            "created_at": ticket["updated_at"], "updated_at": ticket["updated_at"],
        });
        Some(json!({"ticket": ticket, "article": article}))
    })
}

/// A custom payload `{"ticket_id":"<id>"}` (Zammad templates render values as strings).
pub fn custom_payload(ticket_id: i64) -> Value {
    json!({"ticket_id": ticket_id.to_string()})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From `shared/fixtures/zammad/webhook_signature_test_vectors.json` (raw_body_hex).
    const VECTORS: [(&str, &str, &str); 2] = [
        (
            "s3cr3t-t0k3n",
            "7b227469636b6574223a7b226964223a38312c226e756d626572223a223130303831222c227469746c65223a22576562686f6f6b2d54657374227d2c2261727469636c65223a7b226964223a3130342c227469636b65745f6964223a38312c226163636f756e7465645f74696d65223a307d7d",
            "sha1=a804b39f96023d0fc00d3da7355c040c3e0598a4",
        ),
        (
            "another token with spaces",
            "7b227469636b6574223a22436166c3a9205c7530303363625c753030336520e29c93222c226d657373616765223a2278227d",
            "sha1=75b1057b409a2d0c55fb0939a6093549645da34f",
        ),
    ];

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn signature_matches_test_vectors() {
        for (token, hex, expected) in VECTORS {
            assert_eq!(signature(token, &unhex(hex)), expected);
        }
    }
}
