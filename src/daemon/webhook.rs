//! `POST /webhooks/zammad`: read the body under the memory budget, check the signature
//! (and the optional credential), find the ticket id, drop replays, and hand the ticket to
//! the runner. Nothing here waits for the store: delivery ids and audit rows are written
//! behind by the store writer.

use super::access::{Refusal, truncate};
use super::body::BodyError;
use super::router::{App, Outcome, RequestConfig};
use super::signature;
use crate::store::webhooks::DeliveryRow;
use hyper::StatusCode;
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap};
use serde::Deserialize;

pub(crate) const WEBHOOK_PATH: &str = "/webhooks/zammad";

/// The signing secrets and the Basic/Bearer credentials, decrypted.
#[derive(Debug, Clone, Default)]
pub struct WebhookKeys {
    pub signing: Vec<Vec<u8>>,
    pub credentials: Vec<Vec<u8>>,
}

/// A ticket id as Zammad may send it: a number, or a string from a custom payload.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Number(i64),
    Text(String),
    Other(serde::de::IgnoredAny),
}

impl IdValue {
    fn id(&self) -> Option<i64> {
        match self {
            IdValue::Number(n) => Some(*n),
            IdValue::Text(s) => s.trim().parse().ok(),
            IdValue::Other(_) => None,
        }
        .filter(|n| *n > 0)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TicketField {
    Object { id: Option<IdValue> },
    Other(serde::de::IgnoredAny),
}

/// Only the fields syncd needs; the rest of the payload is skipped, not built.
#[derive(Deserialize)]
struct Payload {
    #[serde(default)]
    ticket: Option<TicketField>,
    #[serde(default)]
    ticket_id: Option<IdValue>,
}

/// The ticket id of a payload: the default payload's `ticket.id` or a custom payload's
/// `ticket_id`. `Err` when the body is not JSON.
pub(crate) fn ticket_id(body: &[u8]) -> Result<Option<i64>, serde_json::Error> {
    let p: Payload = serde_json::from_slice(body)?;
    let from_ticket = match &p.ticket {
        Some(TicketField::Object { id: Some(id) }) => id.id(),
        _ => None,
    };
    Ok(from_ticket.or_else(|| p.ticket_id.as_ref().and_then(IdValue::id)))
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

impl App {
    pub(super) async fn webhook(
        &self,
        cfg: &RequestConfig,
        headers: &HeaderMap,
        body: Incoming,
    ) -> Outcome {
        if self.shutting_down() {
            // Zammad retries later; the restarted daemon takes it.
            return Outcome::error(StatusCode::SERVICE_UNAVAILABLE, "shutting down")
                .hook("unavailable")
                .refused(Refusal::Request, "shutting down");
        }
        let body = match self
            .budget
            .read(body, declared_length(headers), cfg.max_body)
            .await
        {
            Ok(b) => b,
            Err(BodyError::TooLarge) => {
                return Outcome::error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload too large (daemon.webhook_max_body_bytes)",
                )
                .hook("too_large")
                .close()
                .refused(Refusal::Request, "body too large");
            }
            Err(BodyError::NoBudget) => {
                let mut o = Outcome::error(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "too many large request bodies in flight; retry later",
                )
                .hook("unavailable")
                .close()
                .refused(Refusal::Request, "body budget spent");
                o.retry_after = Some(5);
                return o;
            }
            Err(BodyError::Read) => {
                return Outcome::error(StatusCode::BAD_REQUEST, "cannot read body")
                    .hook("bad_request")
                    .close()
                    .refused(Refusal::Request, "body unreadable");
            }
        };
        let keys = self.keys();
        let sig = headers.get("x-hub-signature").map(|v| v.as_bytes());
        if let Err(why) = signature::check(&keys.signing, sig, &body.bytes) {
            return Outcome::unauthorized(why.reason()).refused(Refusal::Webhook, why.reason());
        }
        let auth = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes());
        if let Some(why) = cfg.auth.check(auth, &keys.credentials) {
            return Outcome::unauthorized(why).refused(Refusal::Webhook, why);
        }
        // From here on the sender holds a key: each delivery is an audit row of its own.
        let delivery = headers
            .get("x-zammad-delivery")
            .and_then(|v| v.to_str().ok())
            .map(|d| truncate(d.trim(), 200))
            .filter(|d| !d.is_empty());
        let ticket = match ticket_id(&body.bytes) {
            Ok(Some(id)) => id,
            Ok(None) => {
                return Outcome::error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "no ticket id in payload (ticket.id or ticket_id)",
                )
                .hook("no_ticket")
                .signed(delivery, None);
            }
            Err(_) => {
                return Outcome::error(StatusCode::BAD_REQUEST, "malformed JSON")
                    .hook("bad_request")
                    .signed(delivery, None);
            }
        };
        drop(body);
        if let Some(id) = delivery {
            if !self.deliveries.first_time(id) {
                return Outcome::json_text(
                    StatusCode::OK,
                    format!(r#"{{"status":"duplicate","ticket_id":{ticket}}}"#),
                )
                .hook("duplicate")
                .signed(Some(id), Some(ticket));
            }
            self.writer.delivery(DeliveryRow {
                id: id.to_string(),
                ticket_id: ticket,
                received_at: chrono::Utc::now(),
            });
        }
        self.runner.submit_ticket(ticket);
        Outcome::json_text(
            StatusCode::ACCEPTED,
            format!(r#"{{"status":"accepted","ticket_id":{ticket}}}"#),
        )
        .hook("accepted")
        .signed(delivery, Some(ticket))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_ids() {
        let v: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/webhook_signature_test_vectors.json"
        ))
        .unwrap();
        let default = v["vectors"][0]["raw_body_utf8"].as_str().unwrap();
        assert_eq!(ticket_id(default.as_bytes()).unwrap(), Some(81));
        let id = |s: &str| ticket_id(s.as_bytes()).unwrap();
        assert_eq!(id(r#"{"ticket_id": "42", "article_id": ""}"#), Some(42));
        assert_eq!(id(r#"{"ticket_id": 7}"#), Some(7));
        assert_eq!(id(r#"{"ticket": "x"}"#), None);
        assert_eq!(id(r#"{"ticket": {"id": null}, "ticket_id": 5}"#), Some(5));
        assert_eq!(id(r##"{"ticket_id": "#{ticket.id}"}"##), None);
        assert_eq!(id(r#"{"ticket_id": -3}"#), None);
        assert_eq!(id("[]"), None);
        assert!(ticket_id(b"{not json").is_err());
        assert!(ticket_id(br#"{"ticket_id": 1} trailing"#).is_err());
    }
}
