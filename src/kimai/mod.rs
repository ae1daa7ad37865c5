//! Typed async client for the Kimai 2.x REST API (`/api`). See `shared/api/kimai.md`.
//!
//! Ids are the `Kimai*Id` newtypes of `crate::ids`. Datetimes come back as `+0200`-style offsets and go out as wall-clock
//! `YYYY-MM-DDTHH:mm:ss` (see [`time`]).

pub(crate) mod errors;
mod models;
pub(crate) mod time;

pub(crate) use models::{
    Activity, Customer, NewActivity, NewCustomer, NewProject, Project, Tag, Timesheet,
    TimesheetConfig, TimesheetPage, TimesheetQuery, TimesheetWrite, User, UserFilter, Version,
};

use crate::http::{ApiError, AuthScheme, HttpCore, RawResponse, RetryPolicy, Service};
use crate::ids::KimaiTimesheetId;
use reqwest::Method;
use secrecy::SecretString;
use serde::Deserialize;
use std::time::Duration;

/// Kimai API client. Never prints its token.
pub struct KimaiClient {
    core: HttpCore,
}

impl std::fmt::Debug for KimaiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KimaiClient")
            .field("api_root", &self.core.api_root().as_str())
            .field("token", &"[redacted]")
            .field("retry", &self.core.retry)
            .finish()
    }
}

fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn header_num<T: std::str::FromStr>(resp: &RawResponse, name: &str) -> Option<T> {
    resp.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.trim().parse().ok())
}

impl KimaiClient {
    /// `base_url` is the Kimai root (e.g. `https://kimai.example.com` or `https://host/kimai`);
    /// a trailing `/api` is accepted and ignored.
    pub fn new(base_url: &str, token: SecretString, timeout: Duration) -> Result<Self, ApiError> {
        let root = crate::http::parse_base_url(Service::Kimai, base_url, &["/api"])?;
        let api_root = root
            .join("api/")
            .map_err(|e| ApiError::config(Service::Kimai, format!("invalid base URL: {e}")))?;
        let core = HttpCore::new(
            Service::Kimai,
            api_root,
            token,
            AuthScheme::Bearer,
            timeout,
            errors::error_body,
        )?;
        Ok(KimaiClient { core })
    }

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

    /// Kimai's clock at its latest answer.
    pub fn server_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.core.server_time()
    }

    async fn get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(String, String)>,
    ) -> Result<T, ApiError> {
        let resp = self.core.send(Method::GET, path, &query, None).await?;
        self.core.decode(&resp)
    }

    async fn write<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let value = serde_json::to_value(body).map_err(|e| {
            ApiError::config(
                Service::Kimai,
                format!("cannot serialize request body: {e}"),
            )
        })?;
        let resp = self.core.send(method, path, &[], Some(&value)).await?;
        self.core.decode(&resp)
    }

    /// `GET /api/ping` → ok when the token is accepted.
    pub async fn ping(&self) -> Result<(), ApiError> {
        #[derive(Deserialize)]
        struct Pong {
            #[allow(dead_code)]
            message: String,
        }
        self.get::<Pong>("ping", vec![]).await.map(|_| ())
    }

    pub async fn version(&self) -> Result<Version, ApiError> {
        self.get("version", vec![]).await
    }

    /// The API user (its `timezone` decides how wall-clock input is read).
    pub async fn me(&self) -> Result<User, ApiError> {
        self.get("users/me", vec![]).await
    }

    /// All users, active and inactive (needs `view_user`; otherwise `Forbidden`).
    pub async fn users(&self) -> Result<Vec<User>, ApiError> {
        self.get("users", q(&[("visible", "3")])).await
    }

    pub async fn config_timesheet(&self) -> Result<TimesheetConfig, ApiError> {
        self.get("config/timesheet", vec![]).await
    }

    /// All customers, visible and hidden.
    pub async fn customers(&self) -> Result<Vec<Customer>, ApiError> {
        self.get("customers", q(&[("visible", "3")])).await
    }

    pub async fn create_customer(&self, c: &NewCustomer) -> Result<Customer, ApiError> {
        self.write(Method::POST, "customers", c).await
    }

    /// All projects, visible and hidden, regardless of their start/end dates.
    pub async fn projects(&self) -> Result<Vec<Project>, ApiError> {
        self.get("projects", q(&[("visible", "3"), ("ignoreDates", "1")]))
            .await
    }

    pub async fn create_project(&self, p: &NewProject) -> Result<Project, ApiError> {
        self.write(Method::POST, "projects", p).await
    }

    /// All activities (global and project-bound), visible and hidden.
    pub async fn activities(&self) -> Result<Vec<Activity>, ApiError> {
        self.get("activities", q(&[("visible", "3")])).await
    }

    pub async fn create_activity(&self, a: &NewActivity) -> Result<Activity, ApiError> {
        self.write(Method::POST, "activities", a).await
    }

    /// Tags whose name contains `name` (substring match, visible tags only).
    pub async fn find_tags(&self, name: &str) -> Result<Vec<Tag>, ApiError> {
        self.get("tags/find", q(&[("name", name)])).await
    }

    /// Create a visible tag (unknown tags on timesheets are silently dropped since 2.11).
    pub async fn create_tag(&self, name: &str) -> Result<Tag, ApiError> {
        let body = serde_json::json!({ "name": name, "visible": true });
        self.write(Method::POST, "tags", &body).await
    }

    /// One page of timesheets, with the pagination headers.
    pub async fn timesheets(&self, query: &TimesheetQuery) -> Result<TimesheetPage, ApiError> {
        let resp = self
            .core
            .send(Method::GET, "timesheets", &query.to_pairs(), None)
            .await?;
        let items: Vec<Timesheet> = self.core.decode(&resp)?;
        let requested_page = query.page.unwrap_or(1).max(1);
        let size = query.size.unwrap_or(50).clamp(1, 500) as usize;
        let page = header_num::<u32>(&resp, "x-page").unwrap_or(requested_page);
        let total_pages = header_num::<u32>(&resp, "x-total-pages")
            .unwrap_or(if items.len() < size { page } else { page + 1 });
        let total_count = header_num::<u64>(&resp, "x-total-count").unwrap_or(items.len() as u64);
        Ok(TimesheetPage {
            items,
            page,
            total_pages,
            total_count,
        })
    }

    /// Every timesheet matching `query`, paging with `orderBy=id&order=ASC` (size 500 unless
    /// set). Stops at `X-Page >= X-Total-Pages` or an empty page; a 404 past page 1 ends it.
    pub async fn all_timesheets(&self, query: &TimesheetQuery) -> Result<Vec<Timesheet>, ApiError> {
        let mut out = Vec::new();
        self.each_timesheet(query, |t| out.push(t)).await?;
        Ok(out)
    }

    /// As [`Self::all_timesheets`], handing each timesheet to `each` as its page arrives, so
    /// a reader of 100,000 timesheets holds one page of them, not all.
    pub async fn each_timesheet(
        &self,
        query: &TimesheetQuery,
        mut each: impl FnMut(Timesheet) + Send,
    ) -> Result<(), ApiError> {
        let mut q = query.clone();
        q.order_by = Some("id".into());
        q.order = Some("ASC".into());
        q.size = Some(q.size.unwrap_or(500).clamp(1, 500));
        let mut page = q.page.unwrap_or(1).max(1);
        let mut count = 0usize;
        let mut max_id: Option<KimaiTimesheetId> = None;
        loop {
            q.page = Some(page);
            let result = match self.timesheets(&q).await {
                Ok(p) => p,
                Err(e) if e.is_not_found() && page > 1 => break,
                Err(e) => return Err(e),
            };
            if result.items.is_empty() {
                break;
            }
            let last = result.page >= result.total_pages;
            // Ordered by id ASC, so every page must bring ids above the previous maximum;
            // a server that ignores `page` would otherwise make this loop forever.
            let before = count;
            for t in result.items {
                if max_id.is_none_or(|m| t.id > m) {
                    max_id = Some(t.id);
                    count += 1;
                    each(t);
                }
            }
            if last || count == before {
                break;
            }
            page += 1;
        }
        Ok(())
    }

    pub async fn timesheet(&self, id: KimaiTimesheetId) -> Result<Timesheet, ApiError> {
        self.get(&format!("timesheets/{id}"), vec![]).await
    }

    /// `POST /api/timesheets` (never retried by the client).
    pub async fn create_timesheet(&self, t: &TimesheetWrite) -> Result<Timesheet, ApiError> {
        self.write(Method::POST, "timesheets", t).await
    }

    /// `PATCH /api/timesheets/{id}`: only the `Some` fields change.
    pub async fn update_timesheet(
        &self,
        id: KimaiTimesheetId,
        t: &TimesheetWrite,
    ) -> Result<Timesheet, ApiError> {
        self.write(Method::PATCH, &format!("timesheets/{id}"), t)
            .await
    }

    /// `DELETE /api/timesheets/{id}` (204).
    pub async fn delete_timesheet(&self, id: KimaiTimesheetId) -> Result<(), ApiError> {
        self.core
            .send(Method::DELETE, &format!("timesheets/{id}"), &[], None)
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests;
