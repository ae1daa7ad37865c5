//! What the Zammad and Kimai clients share: one readable error type for every way an HTTP
//! call can fail, and whether trying again can help.

use std::time::Duration;

/// Which service answered (or failed to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Zammad,
    Kimai,
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Service::Zammad => "Zammad",
            Service::Kimai => "Kimai",
        })
    }
}

/// One field-level validation message (Kimai 400 bodies, Zammad 422).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Form field name, or empty for a form-level message.
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 401: token wrong or expired.
    Unauthorized,
    /// 403: the token lacks a permission (or, for Zammad, no credentials were sent).
    Forbidden,
    /// 404 for a record or page.
    NotFound,
    /// 404 "No route matches": the endpoint does not exist on this server version.
    NoRoute,
    /// 400/422 with validation messages.
    Validation(Vec<FieldError>),
    /// Other 4xx.
    BadRequest,
    /// 429, with the server's Retry-After if any.
    RateLimited(Option<Duration>),
    /// 5xx.
    Server,
    /// The request timed out.
    Timeout,
    /// TCP connection refused or reset / dropped mid-request.
    Connect,
    /// The host name did not resolve.
    Dns,
    /// TLS handshake or certificate problem.
    Tls,
    /// The server answered 2xx but the body was not what the API promises.
    Decode,
}

/// A failed call to Zammad or Kimai, with a message a person can act on.
/// Never contains a token: messages are built from status, URL path and response body.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{service} {method} {path}: {message}")]
pub struct ApiError {
    pub service: Service,
    pub method: String,
    /// Path and query of the request (no host, never credentials).
    pub path: String,
    pub status: Option<u16>,
    pub kind: ApiErrorKind,
    pub message: String,
}

impl ApiError {
    /// True when the same request may succeed later (429, 5xx, timeouts, refused or dropped
    /// connections). Auth, validation and not-found errors are final.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::RateLimited(_)
                | ApiErrorKind::Server
                | ApiErrorKind::Timeout
                | ApiErrorKind::Connect
                | ApiErrorKind::Dns
        )
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self.kind {
            ApiErrorKind::RateLimited(d) => d,
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared HTTP machinery for both clients: TLS setup, retries, error mapping, request counting.
// ---------------------------------------------------------------------------------------------

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU64, Ordering};

/// Install the ring crypto provider for rustls (reqwest is built with `rustls-no-provider`).
/// Idempotent; call before building any reqwest client.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// How idempotent requests (GET, PUT, PATCH, DELETE) are retried. POST is never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first one (1 = no retries).
    pub attempts: u32,
    /// Delay before the first retry; doubled on each further retry (with jitter).
    pub base_delay: Duration,
    /// Upper bound for one backoff delay. A Retry-After longer than this ends the retries.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            attempts: 1,
            ..Self::default()
        }
    }

    /// Delay before retry number `retry` (1-based) after `err`, or `None` when the error
    /// should not be retried (not retryable, or a Retry-After beyond `max_delay`).
    pub fn delay_for(&self, retry: u32, err: &ApiError) -> Option<Duration> {
        if !err.is_retryable() {
            return None;
        }
        if let Some(ra) = err.retry_after() {
            return if ra <= self.max_delay { Some(ra) } else { None };
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << (retry.saturating_sub(1)).min(20));
        let capped = exp.min(self.max_delay);
        // Jitter: 50 %..100 % of the capped delay.
        let factor = 0.5 + rand::random::<f64>() * 0.5;
        Some(capped.mul_f64(factor))
    }
}

impl ApiError {
    /// An error that is not tied to an HTTP exchange (bad configuration).
    pub fn config(service: Service, message: impl Into<String>) -> Self {
        ApiError {
            service,
            method: "configure".into(),
            path: "base_url".into(),
            status: None,
            kind: ApiErrorKind::BadRequest,
            message: message.into(),
        }
    }

    /// Field-level validation messages, if this is a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        match &self.kind {
            ApiErrorKind::Validation(v) => v,
            _ => &[],
        }
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self.kind, ApiErrorKind::NotFound)
    }

    /// 404 "No route matches": the endpoint does not exist on this server version.
    pub fn is_no_route(&self) -> bool {
        matches!(self.kind, ApiErrorKind::NoRoute)
    }

    /// 401 or 403: retrying will not help until the token or its permissions change.
    pub fn is_auth(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::Unauthorized | ApiErrorKind::Forbidden
        )
    }
}

/// Validate and normalise a base URL: http/https with a host. `strip_suffixes` are API path
/// suffixes a user may have pasted (e.g. `/api/v1`), removed so the client can append its own.
pub(crate) fn parse_base_url(
    service: Service,
    raw: &str,
    strip_suffixes: &[&str],
) -> Result<url::Url, ApiError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ApiError::config(service, "base URL is empty"));
    }
    let mut url = url::Url::parse(trimmed).map_err(|e| {
        ApiError::config(
            service,
            format!("invalid base URL {trimmed:?}: {e} (expected e.g. https://host.example.com)"),
        )
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(ApiError::config(
            service,
            format!(
                "invalid base URL: scheme must be http or https, got {:?}",
                url.scheme()
            ),
        ));
    }
    if url.host_str().is_none_or(|h| h.is_empty()) {
        return Err(ApiError::config(
            service,
            "invalid base URL: it has no host name",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::config(
            service,
            "invalid base URL: must not contain user:password (use the token)",
        ));
    }
    url.set_query(None);
    url.set_fragment(None);
    let mut path = url.path().trim_end_matches('/').to_string();
    for suf in strip_suffixes {
        if let Some(p) = path.strip_suffix(suf) {
            path = p.to_string();
            break;
        }
    }
    path.push('/');
    url.set_path(&path);
    Ok(url)
}

/// A response with a 2xx status, body fully read.
#[derive(Debug)]
pub(crate) struct RawResponse {
    #[allow(dead_code)]
    pub status: u16,
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

impl HttpCore {
    pub fn new(
        service: Service,
        api_root: url::Url,
        token: SecretString,
        auth: AuthScheme,
        timeout: Duration,
    ) -> Result<Self, ApiError> {
        install_tls_provider();
        if token.expose_secret().trim().is_empty() {
            return Err(ApiError {
                service,
                method: "configure".into(),
                path: "token".into(),
                status: None,
                kind: ApiErrorKind::BadRequest,
                message: "API token is empty".into(),
            });
        }
        if HeaderValue::from_str(token.expose_secret()).is_err()
            || token.expose_secret().contains(char::is_whitespace)
        {
            return Err(ApiError {
                service,
                method: "configure".into(),
                path: "token".into(),
                status: None,
                kind: ApiErrorKind::BadRequest,
                message:
                    "API token contains whitespace or characters not allowed in an HTTP header"
                        .into(),
            });
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
            .map_err(|e| ApiError {
                service,
                method: "configure".into(),
                path: "client".into(),
                status: None,
                kind: ApiErrorKind::Tls,
                message: format!("cannot build HTTP client: {e}"),
            })?;
        Ok(HttpCore {
            service,
            client,
            api_root,
            token,
            auth,
            retry: RetryPolicy::default(),
            timeout,
            requests: AtomicU64::new(0),
            server_time: std::sync::Mutex::new(None),
            max_response_bytes: MAX_RESPONSE_BYTES,
        })
    }

    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The server's clock at its latest answer (from the Date header), so cursors compare
    /// the server's time with the server's time.
    pub fn server_time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        *self.server_time.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn api_root(&self) -> &url::Url {
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

    /// Send a request, retrying idempotent methods per the policy. Returns the 2xx response
    /// or a mapped `ApiError`.
    pub async fn send(
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
        let idempotent = method != Method::POST;
        let attempts = if idempotent {
            self.retry.attempts.max(1)
        } else {
            1
        };
        let mut attempt = 1;
        loop {
            let res = self.send_once(&method, &url, &shown_path, body).await;
            match res {
                Ok(r) => return Ok(r),
                Err(e) => {
                    if attempt >= attempts {
                        return Err(e);
                    }
                    let Some(delay) = self.retry.delay_for(attempt, &e) else {
                        return Err(e);
                    };
                    tracing::debug!(
                        service = %self.service,
                        method = %method,
                        path = %shown_path,
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        error = %e.message,
                        "retrying request"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
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
        let bytes = match read_capped(resp, self.max_response_bytes).await {
            Ok(b) => b,
            Err(CappedRead::Transport(e)) => {
                return Err(self.transport_error(method, shown_path, url, &e));
            }
            Err(CappedRead::TooLarge) => {
                // A write whose answer is unread is an unknown outcome (Decode), as it should be.
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
                });
            }
        };
        tracing::debug!(service = %self.service, method = %method, path = %shown_path, status = status.as_u16(), "HTTP response");
        if status.is_success() {
            return Ok(RawResponse {
                status: status.as_u16(),
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
        let (kind, message) = classify_transport(e, &host, &host_port, self.timeout);
        ApiError {
            service: self.service,
            method: method.as_str().to_string(),
            path: path.to_string(),
            status: None,
            kind,
            message,
        }
    }

    /// Decode a 2xx JSON body, or a Decode error quoting the start of the body.
    pub fn decode<T: DeserializeOwned>(&self, resp: &RawResponse) -> Result<T, ApiError> {
        decode_body(self.service, resp.method.as_str(), &resp.path, &resp.body)
    }
}

/// A warning when `url` sends credentials in clear text: plain `http://` to a host that is
/// not loopback (tokens and notify URLs travel in every request).
pub fn cleartext_warning(url: &url::Url) -> Option<String> {
    if url.scheme() != "http" {
        return None;
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    (!loopback).then(|| {
        format!(
            "{} uses plain http:// to a host that is not loopback: the token travels unencrypted; use https://",
            url.host_str().unwrap_or("the URL")
        )
    })
}

/// Responses from Zammad and Kimai are read up to this size, never whole.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Why [`read_capped`] stopped.
#[derive(Debug)]
pub enum CappedRead {
    /// Declared or grown past the cap.
    TooLarge,
    Transport(reqwest::Error),
}

/// Read a response body chunk by chunk, refusing more than `cap` bytes (a declared
/// `Content-Length` above it is refused before reading).
pub async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> Result<hyper::body::Bytes, CappedRead> {
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(CappedRead::TooLarge);
    }
    let mut buf: Vec<u8> = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(CappedRead::Transport)? {
        if buf.len() + chunk.len() > cap {
            return Err(CappedRead::TooLarge);
        }
        if buf.is_empty() && resp.content_length() == Some(chunk.len() as u64) {
            return Ok(chunk);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(hyper::body::Bytes::from(buf))
}

#[cfg(test)]
mod capped_tests {
    use super::test_server::{Reply, serve};

    #[tokio::test]
    async fn responses_are_read_up_to_the_cap() {
        super::install_tls_provider();
        let server = serve(|_, _| Reply::json(200, &format!("[\"{}\"]", "x".repeat(4000)))).await;
        let get = || async { reqwest::get(&server.base).await.unwrap() };
        let whole = super::read_capped(get().await, 1 << 20).await.unwrap();
        assert_eq!(whole.len(), 4004);
        assert!(matches!(
            super::read_capped(get().await, 1000).await,
            Err(super::CappedRead::TooLarge)
        ));
    }

    #[test]
    fn cleartext_to_other_hosts_warns() {
        let w = |u: &str| super::cleartext_warning(&url::Url::parse(u).unwrap());
        assert!(w("http://zammad.example.com/").is_some());
        assert!(w("http://10.0.0.5:8080/").is_some());
        assert!(w("https://zammad.example.com/").is_none());
        assert!(w("http://127.0.0.1:3000/").is_none());
        assert!(w("http://[::1]:3000/").is_none());
        assert!(w("http://localhost/").is_none());
    }
}

pub(crate) fn decode_body<T: DeserializeOwned>(
    service: Service,
    method: &str,
    path: &str,
    body: &[u8],
) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let text = String::from_utf8_lossy(body);
        let snippet: String = text.chars().take(200).collect();
        ApiError {
            service,
            method: method.to_string(),
            path: path.to_string(),
            status: None,
            kind: ApiErrorKind::Decode,
            message: format!(
                "unexpected response (not JSON of the expected shape): {snippet} [{e}]"
            ),
        }
    })
}

/// All source messages of an error chain, lower-cased, joined.
fn error_chain_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}

fn classify_transport(
    e: &reqwest::Error,
    host: &str,
    host_port: &str,
    timeout: Duration,
) -> (ApiErrorKind, String) {
    let chain = error_chain_text(e);
    let lower = chain.to_lowercase();
    if e.is_timeout() || lower.contains("timed out") {
        return (
            ApiErrorKind::Timeout,
            format!("timed out after {}s", timeout.as_secs_f64()),
        );
    }
    if lower.contains("dns")
        || lower.contains("resolve")
        || lower.contains("lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no address associated")
    {
        return (ApiErrorKind::Dns, format!("cannot resolve host {host}"));
    }
    if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        || lower.contains("invalidcontenttype")
        || lower.contains("corrupt message")
    {
        // Show the innermost detail, which names the actual problem.
        let detail = innermost(e);
        return (ApiErrorKind::Tls, format!("TLS handshake failed: {detail}"));
    }
    if lower.contains("refused") {
        return (
            ApiErrorKind::Connect,
            format!("connection refused by {host_port}: is the service running?"),
        );
    }
    if e.is_connect() {
        return (
            ApiErrorKind::Connect,
            format!("cannot connect to {host_port}: {}", innermost(e)),
        );
    }
    (
        ApiErrorKind::Connect,
        format!(
            "connection to {host_port} failed (dropped or reset): {}",
            innermost(e)
        ),
    )
}

fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: &(dyn std::error::Error + 'static) = e;
    while let Some(s) = cur.source() {
        cur = s;
    }
    cur.to_string()
}

/// Parse the server's message and validation errors from an error body, per service.
fn parse_error_body(service: Service, body: &[u8]) -> (Option<String>, Vec<FieldError>) {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        let text = String::from_utf8_lossy(body).trim().to_string();
        if text.is_empty() {
            return (None, vec![]);
        }
        let snippet: String = text.chars().take(200).collect();
        return (Some(snippet), vec![]);
    };
    match service {
        Service::Zammad => {
            let msg = v
                .get("error_human")
                .and_then(|x| x.as_str())
                .or_else(|| v.get("error").and_then(|x| x.as_str()))
                .map(str::to_string);
            (msg, vec![])
        }
        Service::Kimai => {
            let msg = v
                .get("message")
                .and_then(|x| x.as_str())
                .map(str::to_string);
            let mut fields = Vec::new();
            if let Some(errors) = v.get("errors") {
                collect_kimai_errors(errors, "", &mut fields);
            }
            (msg, fields)
        }
    }
}

/// Walk Kimai's `{"errors":[...], "children":{field:{...}}}` form error tree.
pub(crate) fn collect_kimai_errors(
    node: &serde_json::Value,
    prefix: &str,
    out: &mut Vec<FieldError>,
) {
    if let Some(list) = node.get("errors").and_then(|x| x.as_array()) {
        for m in list {
            let message = match m {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push(FieldError {
                field: prefix.to_string(),
                message,
            });
        }
    }
    if let Some(children) = node.get("children").and_then(|x| x.as_object()) {
        for (name, child) in children {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            collect_kimai_errors(child, &path, out);
        }
    }
}

fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // HTTP-date form.
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let now = chrono::Utc::now();
    let delta = when.with_timezone(&chrono::Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

fn format_field_errors(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| {
            if f.field.is_empty() {
                f.message.clone()
            } else {
                format!("{}: {}", f.field, f.message)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Map a non-2xx response to an `ApiError` with a distinct, actionable message.
pub(crate) fn status_error(
    service: Service,
    method: &str,
    path: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiError {
    let (server_msg, fields) = parse_error_body(service, body);
    let code = status.as_u16();
    let with_server = |base: String| match &server_msg {
        Some(m) if !m.is_empty() => format!("{base}: {m}"),
        _ => base,
    };
    let (kind, message) = match code {
        401 => {
            let mut m = "token rejected (401): the token is wrong or expired".to_string();
            if let Some(s) = &server_msg {
                m.push_str(&format!(" (server: {s})"));
            } else if let Some(w) = headers
                .get(reqwest::header::WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
            {
                m.push_str(&format!(" (empty body; WWW-Authenticate: {w})"));
            }
            (ApiErrorKind::Unauthorized, m)
        }
        403 => {
            let m = server_msg.clone().unwrap_or_else(|| "Forbidden".into());
            let hint = if service == Service::Zammad && m.contains("Authentication required") {
                " (no credentials were sent or accepted; check the Authorization header/token)"
            } else {
                ""
            };
            (
                ApiErrorKind::Forbidden,
                format!("permission denied (403): {m}{hint}"),
            )
        }
        404 => {
            if server_msg
                .as_deref()
                .is_some_and(|m| m.contains("No route matches"))
            {
                (
                    ApiErrorKind::NoRoute,
                    with_server(
                        "endpoint not available on this server version (404 no route)".into(),
                    ),
                )
            } else {
                (
                    ApiErrorKind::NotFound,
                    with_server("not found (404)".into()),
                )
            }
        }
        400 | 422 => {
            if !fields.is_empty() {
                (
                    ApiErrorKind::Validation(fields.clone()),
                    format!(
                        "validation failed ({code}): {}",
                        format_field_errors(&fields)
                    ),
                )
            } else if code == 422 || service == Service::Zammad {
                let m = server_msg
                    .clone()
                    .unwrap_or_else(|| "invalid request".into());
                (
                    ApiErrorKind::Validation(vec![FieldError {
                        field: String::new(),
                        message: m.clone(),
                    }]),
                    format!("validation failed ({code}): {m}"),
                )
            } else {
                (
                    ApiErrorKind::BadRequest,
                    with_server(format!("bad request ({code})")),
                )
            }
        }
        429 => {
            let ra = parse_retry_after(headers);
            let m = match ra {
                Some(d) => format!("rate limited (429): retry after {}s", d.as_secs()),
                None => "rate limited (429)".to_string(),
            };
            (ApiErrorKind::RateLimited(ra), m)
        }
        500..=599 => (
            ApiErrorKind::Server,
            with_server(format!("server error ({code})")),
        ),
        _ => (
            ApiErrorKind::BadRequest,
            with_server(format!("unexpected status ({code})")),
        ),
    };
    ApiError {
        service,
        method: method.to_string(),
        path: path.to_string(),
        status: Some(code),
        kind,
        message,
    }
}

/// Serde helpers shared by the models.
pub(crate) mod serde_util {
    use serde::{Deserialize, Deserializer};

    /// `null` → empty string.
    pub fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
    }

    /// `null` → false.
    pub fn null_as_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(Option::<bool>::deserialize(d)?.unwrap_or_default())
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum StrOrNum {
        S(String),
        N(serde_json::Number),
    }

    /// A decimal given as a JSON string (kept verbatim) or number (its string form).
    pub fn decimal_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        match StrOrNum::deserialize(d)? {
            StrOrNum::S(s) => Ok(s),
            StrOrNum::N(n) => Ok(n.to_string()),
        }
    }

    /// Optional version of [`decimal_string`].
    pub fn opt_decimal_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<StrOrNum>::deserialize(d)?.map(|v| match v {
            StrOrNum::S(s) => s,
            StrOrNum::N(n) => n.to_string(),
        }))
    }

    /// Empty string or null → None.
    pub fn empty_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.filter(|s| !s.is_empty()))
    }
}

/// A tiny hyper server on 127.0.0.1:0 for client tests.
#[cfg(test)]
pub(crate) mod test_server {
    use http_body_util::{BodyExt, Full};
    use hyper::body::Bytes;
    use hyper::{Request, Response};
    use hyper_util::rt::TokioIo;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    #[derive(Debug, Clone)]
    pub struct Seen {
        pub method: String,
        /// Path and query.
        pub uri: String,
        pub headers: hyper::HeaderMap,
        pub body: String,
    }

    impl Seen {
        pub fn header(&self, name: &str) -> Option<String> {
            self.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        }
        /// Decoded query pairs.
        pub fn query(&self) -> Vec<(String, String)> {
            let u = url::Url::parse(&format!("http://x{}", self.uri)).unwrap();
            u.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        }
        pub fn param(&self, k: &str) -> Option<String> {
            self.query()
                .into_iter()
                .find(|(a, _)| a == k)
                .map(|(_, v)| v)
        }
        pub fn path(&self) -> &str {
            self.uri.split('?').next().unwrap_or("")
        }
    }

    pub struct Reply {
        pub status: u16,
        pub headers: Vec<(String, String)>,
        pub body: String,
        pub delay: Duration,
    }

    impl Reply {
        pub fn json(status: u16, body: &str) -> Self {
            Reply {
                status,
                headers: vec![("content-type".into(), "application/json".into())],
                body: body.to_string(),
                delay: Duration::ZERO,
            }
        }
        pub fn header(mut self, k: &str, v: &str) -> Self {
            self.headers.push((k.to_string(), v.to_string()));
            self
        }
        pub fn delay(mut self, d: Duration) -> Self {
            self.delay = d;
            self
        }
    }

    pub struct Server {
        pub base: String,
        pub seen: Arc<Mutex<Vec<Seen>>>,
    }

    impl Server {
        pub fn requests(&self) -> Vec<Seen> {
            self.seen.lock().unwrap().clone()
        }
    }

    /// Serve `handler(request, index)` until the test ends.
    pub async fn serve<F>(handler: F) -> Server
    where
        F: Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let seen2 = seen.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = handler.clone();
                let seen = seen2.clone();
                tokio::spawn(async move {
                    let svc =
                        hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                            let handler = handler.clone();
                            let seen = seen.clone();
                            async move {
                                let (parts, body) = req.into_parts();
                                let bytes = body
                                    .collect()
                                    .await
                                    .map(|c| c.to_bytes())
                                    .unwrap_or_default();
                                let s = Seen {
                                    method: parts.method.to_string(),
                                    uri: parts
                                        .uri
                                        .path_and_query()
                                        .map(|p| p.to_string())
                                        .unwrap_or_default(),
                                    headers: parts.headers.clone(),
                                    body: String::from_utf8_lossy(&bytes).into_owned(),
                                };
                                let idx = {
                                    let mut g = seen.lock().unwrap();
                                    g.push(s.clone());
                                    g.len() - 1
                                };
                                let reply = handler(&s, idx);
                                if !reply.delay.is_zero() {
                                    tokio::time::sleep(reply.delay).await;
                                }
                                let mut resp = Response::builder().status(reply.status);
                                for (k, v) in &reply.headers {
                                    resp = resp.header(k.as_str(), v.as_str());
                                }
                                Ok::<_, std::convert::Infallible>(
                                    resp.body(Full::new(Bytes::from(reply.body))).unwrap(),
                                )
                            }
                        });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        Server {
            base: format!("http://{addr}"),
            seen,
        }
    }

    /// A `host:port` on which nothing listens (bound, then released).
    pub async fn closed_port_url() -> String {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        drop(l);
        format!("http://{addr}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    fn kimai(status: u16, body: &str) -> ApiError {
        status_error(
            Service::Kimai,
            "POST",
            "/api/timesheets",
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
        )
    }

    fn zammad(status: u16, body: &str) -> ApiError {
        status_error(
            Service::Zammad,
            "GET",
            "/api/v1/time_accountings",
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
        )
    }

    #[test]
    fn base_url_validation() {
        let u = parse_base_url(Service::Zammad, "https://z.example.com", &["/api/v1"]).unwrap();
        assert_eq!(u.as_str(), "https://z.example.com/");
        let u = parse_base_url(
            Service::Zammad,
            "https://z.example.com/api/v1/",
            &["/api/v1"],
        )
        .unwrap();
        assert_eq!(u.as_str(), "https://z.example.com/");
        let u = parse_base_url(Service::Kimai, "http://h:8001/kimai/", &["/api"]).unwrap();
        assert_eq!(u.as_str(), "http://h:8001/kimai/");
        let e = parse_base_url(Service::Kimai, "ftp://h", &[]).unwrap_err();
        assert!(e.message.contains("http or https"), "{e}");
        let e = parse_base_url(Service::Kimai, "kimai.example.com", &[]).unwrap_err();
        assert!(e.message.contains("invalid base URL"), "{e}");
        let e = parse_base_url(Service::Kimai, "", &[]).unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = parse_base_url(Service::Kimai, "https://u:pw@h", &[]).unwrap_err();
        assert!(!e.to_string().contains("pw"), "{e}");
    }

    #[test]
    fn kimai_validation_field_errors() {
        let e = kimai(
            400,
            include_str!("../tests/fixtures/kimai/error_400_validation_field_errors.json"),
        );
        let ApiErrorKind::Validation(f) = &e.kind else {
            panic!("{e:?}")
        };
        assert!(f.contains(&FieldError {
            field: String::new(),
            message: "This form should not contain extra fields.".into()
        }));
        assert!(f.contains(&FieldError {
            field: "project".into(),
            message: "This value is not valid.".into()
        }));
        assert!(f.contains(&FieldError {
            field: "activity".into(),
            message: "This value is not valid.".into()
        }));
        assert_eq!(f.len(), 3);
        assert!(e.message.starts_with("validation failed (400): "), "{e}");
        assert!(e.message.contains("project: This value is not valid."));
        assert!(!e.is_retryable());
    }

    #[test]
    fn kimai_validation_variants() {
        let e = kimai(
            400,
            include_str!("../tests/fixtures/kimai/error_400_validation_extra_fields.json"),
        );
        assert_eq!(
            e.field_errors(),
            &[FieldError {
                field: String::new(),
                message: "This form should not contain extra fields.".into()
            }]
        );
        let e = kimai(
            400,
            include_str!("../tests/fixtures/kimai/error_400_validation_end_before_begin.json"),
        );
        assert_eq!(e.field_errors().len(), 2);
        assert!(e.message.contains("The end date must not be earlier"));
        assert!(
            e.message
                .contains("activity: The selected choice is invalid.")
        );
        // `code` as a string, no form-level errors.
        let e = kimai(
            400,
            include_str!("../tests/fixtures/kimai/error_400_validation_exception.json"),
        );
        assert_eq!(
            e.field_errors(),
            &[FieldError {
                field: "duration".into(),
                message: "Maximum 12:30 hours allowed.".into()
            }]
        );
        // Nested children.
        let e = kimai(
            400,
            r#"{"code":"400","message":"Validation Failed","errors":{"children":{"a":{"children":{"b":{"errors":["deep"]}}}}}}"#,
        );
        assert_eq!(e.field_errors()[0].field, "a.b");
        let e = kimai(
            400,
            include_str!("../tests/fixtures/kimai/error_400_bad_request.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::BadRequest);
        assert_eq!(e.message, "bad request (400): Bad Request");
    }

    #[test]
    fn kimai_auth_and_other_errors() {
        let fx: serde_json::Value = serde_json::from_str(include_str!(
            "../tests/fixtures/kimai/error_401_invalid_bearer_token.response.json"
        ))
        .unwrap();
        let www = fx["headers"]["WWW-Authenticate"].as_str().unwrap();
        let e = status_error(
            Service::Kimai,
            "GET",
            "/api/users/me",
            StatusCode::UNAUTHORIZED,
            &hm(&[("www-authenticate", www)]),
            b"",
        );
        assert_eq!(e.kind, ApiErrorKind::Unauthorized);
        assert!(
            e.message
                .starts_with("token rejected (401): the token is wrong or expired"),
            "{e}"
        );
        assert!(e.message.contains("invalid_token"), "{e}");
        let e = kimai(
            401,
            include_str!("../tests/fixtures/kimai/error_401_missing_credentials.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Unauthorized);
        assert!(e.message.contains("Unauthorized"));
        let e = kimai(
            403,
            include_str!("../tests/fixtures/kimai/error_403_forbidden.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Forbidden);
        assert_eq!(e.message, "permission denied (403): Forbidden");
        let e = kimai(
            403,
            include_str!(
                "../tests/fixtures/kimai/error_403_legacy_x_auth_invalid_credentials.json"
            ),
        );
        assert_eq!(e.message, "permission denied (403): Invalid credentials");
        let e = kimai(
            404,
            include_str!("../tests/fixtures/kimai/error_404_not_found.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert_eq!(e.message, "not found (404): Not Found");
        let e = kimai(500, r#"{"code":500,"message":"Internal Server Error"}"#);
        assert_eq!(e.kind, ApiErrorKind::Server);
        assert!(e.is_retryable());
        let e = kimai(502, "<html>bad gateway</html>");
        assert_eq!(e.kind, ApiErrorKind::Server);
        assert!(e.message.contains("bad gateway"));
        assert_eq!(
            e.to_string(),
            "Kimai POST /api/timesheets: server error (502): <html>bad gateway</html>"
        );
    }

    #[test]
    fn zammad_errors() {
        let e = zammad(
            401,
            include_str!("../tests/fixtures/zammad/error_401_invalid_api_token.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Unauthorized);
        assert!(e.message.contains("token rejected (401)"));
        assert!(e.message.contains("Can't find User for Token"));
        let e = zammad(
            403,
            include_str!("../tests/fixtures/zammad/error_403_authentication_required.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Forbidden);
        assert!(
            e.message
                .starts_with("permission denied (403): Authentication required")
        );
        assert!(e.message.contains("no credentials"));
        let e = zammad(
            403,
            include_str!("../tests/fixtures/zammad/error_403_not_authorized.json"),
        );
        assert_eq!(e.message, "permission denied (403): Not authorized");
        let e = zammad(
            404,
            include_str!("../tests/fixtures/zammad/error_404_no_route.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::NoRoute);
        let e = zammad(
            404,
            include_str!("../tests/fixtures/zammad/error_404_record_not_found.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert!(e.message.contains("Couldn't find Ticket::State"));
        let e = zammad(
            422,
            include_str!("../tests/fixtures/zammad/error_422_validation.json"),
        );
        assert_eq!(
            e.field_errors(),
            &[FieldError {
                field: String::new(),
                message: "Time unit can't be blank".into()
            }]
        );
        assert_eq!(
            e.message,
            "validation failed (422): Time unit can't be blank"
        );
        let e = zammad(
            500,
            include_str!("../tests/fixtures/zammad/error_500_non_admin.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Server);
        assert!(e.message.contains("Please contact your administrator"));
    }

    #[test]
    fn rate_limit_and_retry_policy() {
        let e = status_error(
            Service::Kimai,
            "GET",
            "/api/x",
            StatusCode::TOO_MANY_REQUESTS,
            &hm(&[("retry-after", "7")]),
            b"",
        );
        assert_eq!(
            e.kind,
            ApiErrorKind::RateLimited(Some(Duration::from_secs(7)))
        );
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert!(e.message.contains("retry after 7s"));
        let p = RetryPolicy::default();
        assert_eq!(p.attempts, 6);
        assert_eq!(p.base_delay, Duration::from_millis(200));
        assert_eq!(p.max_delay, Duration::from_secs(10));
        assert_eq!(p.delay_for(1, &e), Some(Duration::from_secs(7)));
        let long = status_error(
            Service::Kimai,
            "GET",
            "/api/x",
            StatusCode::TOO_MANY_REQUESTS,
            &hm(&[("retry-after", "3600")]),
            b"",
        );
        assert_eq!(p.delay_for(1, &long), None);
        let server = kimai(503, "");
        for retry in 1..10 {
            let d = p.delay_for(retry, &server).unwrap();
            let full = p.base_delay * (1 << (retry - 1));
            let cap = full.min(p.max_delay);
            assert!(d <= cap && d >= cap / 2, "retry {retry}: {d:?}");
        }
        assert_eq!(p.delay_for(1, &kimai(404, "")), None);
    }

    #[test]
    fn decode_error_quotes_body() {
        let body = "<html>".to_string() + &"x".repeat(500);
        let e =
            decode_body::<Vec<i64>>(Service::Kimai, "GET", "/api/x", body.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Decode);
        assert!(
            e.message
                .starts_with("unexpected response (not JSON of the expected shape): <html>xx")
        );
        assert!(!e.message.contains(&"x".repeat(200)));
    }
}
