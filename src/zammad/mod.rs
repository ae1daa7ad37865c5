//! Typed async client for the Zammad REST API (`/api/v1`). See `shared/api/zammad.md`.
//!
//! Ids are plain `i64` (as on the wire); `time_unit` is kept as the exact decimal string.

pub(crate) mod errors;
pub(crate) mod install;
mod models;
mod webhooks;

pub(crate) use models::{Organization, Ticket, TimeAccounting, TimeAccountingType, User};
pub(crate) use webhooks::{Trigger, Webhook};

use crate::http::{ApiError, ApiErrorKind, AuthScheme, HttpCore, RetryPolicy, Service};
use reqwest::Method;
use secrecy::SecretString;
use serde::Deserialize;
use std::time::Duration;

/// Zammad API client. Cheap to share behind an `Arc`; never prints its token.
pub struct ZammadClient {
    core: HttpCore,
}

impl std::fmt::Debug for ZammadClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZammadClient")
            .field("api_root", &self.core.api_root().as_str())
            .field("token", &"[redacted]")
            .field("retry", &self.core.retry)
            .finish()
    }
}

fn q(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

impl ZammadClient {
    /// `base_url` is the Zammad root (e.g. `https://helpdesk.example.com`); a trailing
    /// `/api/v1` is accepted and ignored.
    pub fn new(base_url: &str, token: SecretString, timeout: Duration) -> Result<Self, ApiError> {
        let root = crate::http::parse_base_url(Service::Zammad, base_url, &["/api/v1"])?;
        let api_root = root
            .join("api/v1/")
            .map_err(|e| ApiError::config(Service::Zammad, format!("invalid base URL: {e}")))?;
        let core = HttpCore::new(
            Service::Zammad,
            api_root,
            token,
            AuthScheme::ZammadToken,
            timeout,
            errors::error_body,
        )?;
        Ok(ZammadClient { core })
    }

    /// Replace the retry policy for idempotent requests.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.core.retry = policy;
        self
    }

    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.core.retry = policy;
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        self.core.retry
    }

    /// Number of HTTP requests sent so far (including retries).
    pub fn request_count(&self) -> u64 {
        self.core.request_count()
    }

    /// Zammad's clock at its latest answer (its `Date` header).
    pub fn server_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.core.server_time()
    }

    async fn get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        let resp = self.core.send(Method::GET, path, &q(query), None).await?;
        self.core.decode(&resp)
    }

    /// Global list of time accountings (needs `admin.time_accounting`; Zammad ≥ 6.2).
    /// `sort_by` is a column (e.g. `updated_at`, `id`), `order_by` is `asc`/`desc`.
    /// A server without this endpoint answers `ApiErrorKind::NoRoute`.
    pub async fn time_accountings(
        &self,
        page: u32,
        per_page: u32,
        sort_by: &str,
        order_by: &str,
    ) -> Result<Vec<TimeAccounting>, ApiError> {
        self.get(
            "time_accountings",
            &[
                ("page", page.to_string()),
                ("per_page", per_page.to_string()),
                ("sort_by", sort_by.to_string()),
                ("order_by", order_by.to_string()),
            ],
        )
        .await
    }

    /// Time accountings of one ticket (Zammad ≥ 6.1).
    pub async fn ticket_time_accountings(
        &self,
        ticket_id: i64,
        page: u32,
        per_page: u32,
    ) -> Result<Vec<TimeAccounting>, ApiError> {
        self.get(
            &format!("tickets/{ticket_id}/time_accountings"),
            &[
                ("page", page.to_string()),
                ("per_page", per_page.to_string()),
            ],
        )
        .await
    }

    pub async fn ticket(&self, id: i64) -> Result<Ticket, ApiError> {
        self.get(&format!("tickets/{id}"), &[]).await
    }

    /// Tickets ordered by id (max 100 per page server-side).
    pub async fn tickets(&self, page: u32, per_page: u32) -> Result<Vec<Ticket>, ApiError> {
        self.get(
            "tickets",
            &[
                ("page", page.to_string()),
                ("per_page", per_page.to_string()),
            ],
        )
        .await
    }

    /// Find a ticket by its *number* (e.g. `"77001"`): searches, then matches `number` exactly.
    pub async fn find_ticket_by_number(&self, number: &str) -> Result<Option<Ticket>, ApiError> {
        let number = number.trim();
        if number.is_empty() {
            return Ok(None);
        }
        let result: SearchResult = self
            .get(
                "tickets/search",
                &[
                    ("query", number.to_string()),
                    ("expand", "true".to_string()),
                    ("limit", "50".to_string()),
                ],
            )
            .await?;
        Ok(result
            .into_tickets()
            .into_iter()
            .find(|t| t.number == number))
    }

    pub async fn user(&self, id: i64) -> Result<User, ApiError> {
        self.get(&format!("users/{id}"), &[]).await
    }

    pub async fn users(&self, page: u32, per_page: u32) -> Result<Vec<User>, ApiError> {
        self.get(
            "users",
            &[
                ("page", page.to_string()),
                ("per_page", per_page.to_string()),
            ],
        )
        .await
    }

    pub async fn organization(&self, id: i64) -> Result<Organization, ApiError> {
        self.get(&format!("organizations/{id}"), &[]).await
    }

    pub async fn organizations(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<Vec<Organization>, ApiError> {
        self.get(
            "organizations",
            &[
                ("page", page.to_string()),
                ("per_page", per_page.to_string()),
            ],
        )
        .await
    }

    /// Activity types (needs `admin.time_accounting`; Zammad ≥ 6.1).
    pub async fn time_accounting_types(&self) -> Result<Vec<TimeAccountingType>, ApiError> {
        self.get("time_accounting/types", &[]).await
    }

    /// Server version, or `None` when the token may not read it (403).
    pub async fn version(&self) -> Result<Option<String>, ApiError> {
        #[derive(Deserialize)]
        struct V {
            version: String,
        }
        match self.get::<V>("version", &[]).await {
            Ok(v) => Ok(Some(v.version)),
            Err(e) if e.kind == ApiErrorKind::Forbidden => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// `/tickets/search` answers an array (expand=true) or, on some versions, an object.
#[derive(Deserialize)]
#[serde(untagged)]
enum SearchResult {
    List(Vec<Ticket>),
    Records {
        records: Vec<Ticket>,
    },
    Assets {
        #[serde(default)]
        assets: SearchAssets,
    },
}

#[derive(Deserialize, Default)]
struct SearchAssets {
    #[serde(rename = "Ticket", default)]
    ticket: std::collections::BTreeMap<String, Ticket>,
}

impl SearchResult {
    fn into_tickets(self) -> Vec<Ticket> {
        match self {
            SearchResult::List(v) => v,
            SearchResult::Records { records } => records,
            SearchResult::Assets { assets } => assets.ticket.into_values().collect(),
        }
    }
}

#[cfg(test)]
mod tests;
