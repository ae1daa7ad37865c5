//! The HTTP machinery both clients share: TLS setup, auth header, one request with its
//! answer mapped to `ApiError`, request counting and the server's clock.

use super::error::{
    ApiError, ApiErrorKind, ErrorBodyParser, Outcome, Service, decode_error, status_error,
};
use super::retry::{Replay, RetryPolicy};
use super::transport;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Install the ring crypto provider for rustls (reqwest is built with `rustls-no-provider`).
/// Idempotent; call before building any reqwest client.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A response with a 2xx status, body fully read.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Path and query of the request, for error messages.
    pub path: String,
    pub method: Method,
}

/// How the token is sent.
#[derive(Clone, Copy)]
pub(crate) enum AuthScheme {
    /// `Authorization: Token token=<t>` (Zammad)
    ZammadToken,
    /// `Authorization: Bearer <t>` (Kimai)
    Bearer,
}

/// Shared core of both clients. Never prints the token.
pub(crate) struct HttpCore {
    pub service: Service,
    client: reqwest::Client,
    /// API root with trailing slash, e.g. `https://host/api/v1/`.
    api_root: url::Url,
    token: SecretString,
    auth: AuthScheme,
    /// Reads the service's own error bodies.
    error_body: ErrorBodyParser,
    pub retry: RetryPolicy,
    timeout: Duration,
    requests: AtomicU64,
    /// The server's clock (Date header) at its latest answer.
    server_time: std::sync::Mutex<Option<chrono::DateTime<chrono::Utc>>>,
    /// Largest response body read (default [`MAX_RESPONSE_BYTES`]).
    pub max_response_bytes: usize,
}

impl std::fmt::Debug for HttpCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpCore")
            .field("service", &self.service)
            .field("api_root", &self.api_root.as_str())
            .field("token", &"[redacted]")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("requests", &self.requests.load(Ordering::Relaxed))
            .finish()
    }
}

fn setup_error(service: Service, path: &str, kind: ApiErrorKind, message: String) -> ApiError {
    ApiError {
        service,
        method: "configure".into(),
        path: path.into(),
        status: None,
        kind,
        message,
        outcome: Outcome::NotApplied,
    }
}

impl HttpCore {
    pub(crate) fn new(
        service: Service,
        api_root: url::Url,
        token: SecretString,
        auth: AuthScheme,
        timeout: Duration,
        error_body: ErrorBodyParser,
    ) -> Result<Self, ApiError> {
        install_tls_provider();
        if token.expose_secret().trim().is_empty() {
            return Err(setup_error(
                service,
                "token",
                ApiErrorKind::BadRequest,
                "API token is empty".into(),
            ));
        }
        if HeaderValue::from_str(token.expose_secret()).is_err()
            || token.expose_secret().contains(char::is_whitespace)
        {
            return Err(setup_error(
                service,
                "token",
                ApiErrorKind::BadRequest,
                "API token contains whitespace or characters not allowed in an HTTP header".into(),
            ));
        }
        let mut headers = HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("syncd/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .build()
            .map_err(|e| {
                setup_error(
                    service,
                    "client",
                    ApiErrorKind::Tls,
                    format!("cannot build HTTP client: {e}"),
                )
            })?;
        Ok(HttpCore {
            service,
            client,
            api_root,
            token,
            auth,
            error_body,
            retry: RetryPolicy::default(),
            timeout,
            requests: AtomicU64::new(0),
            server_time: std::sync::Mutex::new(None),
            max_response_bytes: super::MAX_RESPONSE_BYTES,
        })
    }

    pub(crate) fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The server's clock at its latest answer (from the Date header), so cursors compare
    /// the server's time with the server's time.
    pub(crate) fn server_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        *self.server_time.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn api_root(&self) -> &url::Url {
        &self.api_root
    }

    fn auth_value(&self) -> HeaderValue {
        let raw = match self.auth {
            AuthScheme::ZammadToken => format!("Token token={}", self.token.expose_secret()),
            AuthScheme::Bearer => format!("Bearer {}", self.token.expose_secret()),
        };
        // A token with control characters cannot be sent; an empty value makes the server
        // answer 401/403, which is reported without the token.
        let mut v = HeaderValue::from_str(&raw).unwrap_or_else(|_| HeaderValue::from_static(""));
        v.set_sensitive(true);
        v
    }

    /// Build the full URL for a path relative to the API root (no leading slash needed).
    fn url_for(&self, path: &str, query: &[(String, String)]) -> url::Url {
        let mut url = self
            .api_root
            .join(path.trim_start_matches('/'))
            .unwrap_or_else(|_| self.api_root.clone());
        if !query.is_empty() {
            let mut qp = url.query_pairs_mut();
            for (k, v) in query {
                qp.append_pair(k, v);
            }
        }
        url
    }

    /// Send a request and return the 2xx response or a mapped `ApiError`. GET, PATCH, PUT
    /// and DELETE are retried per the policy; a POST is sent once, because only its caller
    /// can search for what it creates before sending it again ([`RetryPolicy::run`] with
    /// [`Replay::Create`]).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<RawResponse, ApiError> {
        let url = self.url_for(path, query);
        let shown_path = match url.query() {
            Some(q) => format!("{}?{}", url.path(), q),
            None => url.path().to_string(),
        };
        if method == Method::POST {
            return self.send_once(&method, &url, &shown_path, body).await;
        }
        self.retry
            .run(Replay::Idempotent, |_| {
                self.send_once(&method, &url, &shown_path, body)
            })
            .await
    }

    async fn send_once(
        &self,
        method: &Method,
        url: &url::Url,
        shown_path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<RawResponse, ApiError> {
        let mut req = self
            .client
            .request(method.clone(), url.clone())
            .header(reqwest::header::AUTHORIZATION, self.auth_value());
        if let Some(b) = body {
            req = req.json(b);
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(service = %self.service, method = %method, path = %shown_path, "HTTP request");
        let resp = req
            .send()
            .await
            .map_err(|e| self.transport_error(method, shown_path, url, &e))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        if let Some(date) = headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
        {
            *self.server_time.lock().unwrap_or_else(|e| e.into_inner()) =
                Some(date.with_timezone(&chrono::Utc));
        }
        let bytes = match super::read_capped(resp, self.max_response_bytes).await {
            Ok(b) => b,
            Err(super::CappedRead::Transport(e)) => {
                return Err(self.transport_error(method, shown_path, url, &e));
            }
            Err(super::CappedRead::TooLarge) => {
                // An answer left unread says nothing about a write: its outcome is unknown.
                return Err(ApiError {
                    service: self.service,
                    method: method.as_str().to_string(),
                    path: shown_path.to_string(),
                    status: Some(status.as_u16()),
                    kind: ApiErrorKind::Decode,
                    message: format!(
                        "response larger than {} MiB; not read (a proxy page or a runaway query?)",
                        self.max_response_bytes / (1024 * 1024)
                    ),
                    outcome: Outcome::Unknown,
                });
            }
        };
        tracing::debug!(service = %self.service, method = %method, path = %shown_path, status = status.as_u16(), "HTTP response");
        if status.is_success() {
            return Ok(RawResponse {
                headers,
                body: bytes.to_vec(),
                path: shown_path.to_string(),
                method: method.clone(),
            });
        }
        Err(status_error(
            self.service,
            method.as_str(),
            shown_path,
            status,
            &headers,
            &bytes,
            self.error_body,
        ))
    }

    fn transport_error(
        &self,
        method: &Method,
        path: &str,
        url: &url::Url,
        e: &reqwest::Error,
    ) -> ApiError {
        let host = url.host_str().unwrap_or("?").to_string();
        let host_port = format!("{}:{}", host, url.port_or_known_default().unwrap_or(0));
        let c = transport::classify(e, &host, &host_port, self.timeout);
        ApiError {
            service: self.service,
            method: method.as_str().to_string(),
            path: path.to_string(),
            status: None,
            kind: c.kind,
            message: c.message,
            outcome: c.outcome,
        }
    }

    /// Decode a 2xx JSON body, or a Decode error quoting the start of the body.
    pub(crate) fn decode<T: DeserializeOwned>(&self, resp: &RawResponse) -> Result<T, ApiError> {
        decode_body(self.service, resp.method.as_str(), &resp.path, &resp.body)
    }
}

pub(crate) fn decode_body<T: DeserializeOwned>(
    service: Service,
    method: &str,
    path: &str,
    body: &[u8],
) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| decode_error(service, method, path, body, &e))
}
