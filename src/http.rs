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
