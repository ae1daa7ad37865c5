//! Zammad webhooks and triggers (`/api/v1/webhooks`, `/api/v1/triggers`; needs
//! `admin.webhook` and `admin.trigger`). See "Webhook and trigger objects" in
//! `shared/api/zammad.md`.
//!
//! A webhook's secrets are never read back: recent servers mask them, and syncd keeps the
//! token it generated. [`Webhook`] records only whether one is set.

use super::ZammadClient;
use crate::http::ApiError;
use reqwest::Method;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A webhook as the index returns it (unknown attributes ignored).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Webhook {
    pub id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub endpoint: String,
    /// Whether a signature token is set (its value, masked or not, is dropped on read).
    #[serde(default, rename = "signature_token", deserialize_with = "is_set")]
    pub has_signature_token: bool,
    #[serde(default = "yes")]
    pub ssl_verify: bool,
    /// Zammad 7.0+; absent before.
    #[serde(default)]
    pub http_method: Option<String>,
    /// Zammad 6.0+; absent before.
    #[serde(default)]
    pub customized_payload: Option<bool>,
    #[serde(default)]
    pub custom_payload: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default, deserialize_with = "is_set")]
    pub bearer_token: bool,
    #[serde(default)]
    pub basic_auth_username: Option<String>,
}

/// A trigger as the index returns it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Trigger {
    pub id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub condition: Value,
    #[serde(default)]
    pub perform: Value,
    #[serde(default)]
    pub activator: Option<String>,
    #[serde(default)]
    pub execution_condition_mode: Option<String>,
    #[serde(default)]
    pub disable_notification: Option<bool>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Any non-empty string (or other non-null value) counts as set; the value is not kept.
fn is_set<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        _ => true,
    })
}

/// Index pages are this long; a shorter page is the last.
const PER_PAGE: u32 = 100;

impl ZammadClient {
    async fn index<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, ApiError> {
        let mut all = Vec::new();
        for page in 1.. {
            let batch: Vec<T> = self
                .get(
                    path,
                    &[
                        ("page", page.to_string()),
                        ("per_page", PER_PAGE.to_string()),
                    ],
                )
                .await?;
            let last = batch.len() < PER_PAGE as usize;
            all.extend(batch);
            if last {
                break;
            }
        }
        Ok(all)
    }

    async fn write<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &Value,
    ) -> Result<T, ApiError> {
        let resp = self.core.send(method, path, &[], Some(body)).await?;
        self.core.decode(&resp)
    }

    /// Every webhook (403 without `admin.webhook`).
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, ApiError> {
        self.index("webhooks").await
    }

    /// Every trigger (403 without `admin.trigger`).
    pub async fn triggers(&self) -> Result<Vec<Trigger>, ApiError> {
        self.index("triggers").await
    }

    /// `body` may hold a signature token: it is sent, never logged.
    pub async fn create_webhook(&self, body: &Value) -> Result<Webhook, ApiError> {
        self.write(Method::POST, "webhooks", body).await
    }

    pub async fn update_webhook(&self, id: i64, body: &Value) -> Result<Webhook, ApiError> {
        self.write(Method::PUT, &format!("webhooks/{id}"), body)
            .await
    }

    pub async fn create_trigger(&self, body: &Value) -> Result<Trigger, ApiError> {
        self.write(Method::POST, "triggers", body).await
    }

    pub async fn update_trigger(&self, id: i64, body: &Value) -> Result<Trigger, ApiError> {
        self.write(Method::PUT, &format!("triggers/{id}"), body)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_token_is_only_a_flag() {
        let w: Webhook = serde_json::from_value(serde_json::json!({
            "id": 3, "name": "syncd", "endpoint": "https://x.example/webhooks/zammad",
            "signature_token": "**********", "ssl_verify": true, "note": null,
            "customized_payload": true, "custom_payload": "{}", "active": true
        }))
        .unwrap();
        assert!(w.has_signature_token);
        assert!(!format!("{w:?}").contains("****"));
        let none: Webhook =
            serde_json::from_value(serde_json::json!({"id": 4, "signature_token": null})).unwrap();
        assert!(!none.has_signature_token && none.ssl_verify && none.active);
    }
}
