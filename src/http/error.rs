//! The error taxonomy both clients share: what failed, a message a person can act on, and
//! what the failure says about a write (applied, not applied, or unknown).

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
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
    /// No answer within the timeout, after the request was sent.
    Timeout,
    /// No connection: refused, unreachable, or timed out while connecting. Nothing was sent.
    Connect,
    /// The connection broke after the request went out (reset, closed, cut-off body).
    Dropped,
    /// The host name did not resolve.
    Dns,
    /// TLS handshake or certificate problem.
    Tls,
    /// The server answered 2xx but the body was not what the API promises.
    Decode,
}

/// What an answer says about a write. Real Kimai keeps working on a request long after a
/// client or proxy gave up, so anything but a clear answer is `Unknown`, never "failed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A 2xx whose body decodes.
    Applied,
    /// The service's own refusal (its JSON 400/401/403/404/422, a 429), or no connection
    /// at all: nothing was stored.
    NotApplied,
    /// Timeouts after sending, resets, any 5xx (a proxy's 502/504 page included), a 2xx
    /// that does not decode, a 4xx page that is not the service's: it may have been stored.
    Unknown,
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
    /// `NotApplied` or `Unknown`; see [`Outcome`].
    pub outcome: Outcome,
}

impl ApiError {
    /// An error that is not tied to an HTTP exchange (bad configuration): nothing was sent.
    pub fn config(service: Service, message: impl Into<String>) -> Self {
        ApiError {
            service,
            method: "configure".into(),
            path: "base_url".into(),
            status: None,
            kind: ApiErrorKind::BadRequest,
            message: message.into(),
            outcome: Outcome::NotApplied,
        }
    }

    /// True when the same request may succeed later (429, 5xx, timeouts, refused or dropped
    /// connections). Auth, validation and not-found errors are final.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::RateLimited(_)
                | ApiErrorKind::Server
                | ApiErrorKind::Timeout
                | ApiErrorKind::Connect
                | ApiErrorKind::Dropped
                | ApiErrorKind::Dns
        )
    }

    /// What this failure says about a write.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The write may have been stored: it must not be sent again blind.
    pub fn is_unknown(&self) -> bool {
        self.outcome == Outcome::Unknown
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self.kind {
            ApiErrorKind::RateLimited(d) => d,
            _ => None,
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

/// What a service's JSON error body says (each client knows its own shape).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorBody {
    /// The body has the service's own error shape (not a proxy's or a WAF's).
    pub own: bool,
    pub message: Option<String>,
    pub fields: Vec<FieldError>,
    /// 404 because the route does not exist on this server version.
    pub no_route: bool,
}

/// Reads a service's JSON error body, given the HTTP status.
pub(super) type ErrorBodyParser = fn(u16, &serde_json::Value) -> ErrorBody;

fn parse_body(parse: ErrorBodyParser, status: u16, body: &[u8]) -> ErrorBody {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => parse(status, &v),
        Err(_) => {
            let text = String::from_utf8_lossy(body).trim().to_string();
            ErrorBody {
                message: (!text.is_empty()).then(|| text.chars().take(200).collect()),
                ..ErrorBody::default()
            }
        }
    }
}

pub(crate) fn format_field_errors(fields: &[FieldError]) -> String {
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
    parse: ErrorBodyParser,
) -> ApiError {
    let code = status.as_u16();
    let parsed = parse_body(parse, code, body);
    let server_msg = parsed.message.clone();
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
            (
                ApiErrorKind::Forbidden,
                format!("permission denied (403): {m}"),
            )
        }
        404 if parsed.no_route => (
            ApiErrorKind::NoRoute,
            with_server("endpoint not available on this server version (404 no route)".into()),
        ),
        404 => (
            ApiErrorKind::NotFound,
            with_server("not found (404)".into()),
        ),
        400 | 422 if !parsed.fields.is_empty() => (
            ApiErrorKind::Validation(parsed.fields.clone()),
            format!(
                "validation failed ({code}): {}",
                format_field_errors(&parsed.fields)
            ),
        ),
        422 => {
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
        }
        400 => (
            ApiErrorKind::BadRequest,
            with_server(format!("bad request ({code})")),
        ),
        429 => {
            let ra = super::retry::parse_retry_after(headers);
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
    // Authentication runs before any handler and a 429 is a refusal by definition (RFC
    // 6585); other refusals count only in the service's own words: a proxy's 4xx page
    // says nothing about what the application did.
    let outcome = match kind {
        ApiErrorKind::Unauthorized | ApiErrorKind::RateLimited(_) => Outcome::NotApplied,
        ApiErrorKind::Forbidden
        | ApiErrorKind::NotFound
        | ApiErrorKind::NoRoute
        | ApiErrorKind::Validation(_)
        | ApiErrorKind::BadRequest
            if parsed.own =>
        {
            Outcome::NotApplied
        }
        _ => Outcome::Unknown,
    };
    ApiError {
        service,
        method: method.to_string(),
        path: path.to_string(),
        status: Some(code),
        kind,
        message,
        outcome,
    }
}

/// A 2xx body that is not the JSON the API promises: the write may well have been stored
/// (a WAF or proxy page in front of a server that committed).
pub(crate) fn decode_error(
    service: Service,
    method: &str,
    path: &str,
    body: &[u8],
    err: &serde_json::Error,
) -> ApiError {
    let text = String::from_utf8_lossy(body);
    let snippet: String = text.chars().take(200).collect();
    ApiError {
        service,
        method: method.to_string(),
        path: path.to_string(),
        status: None,
        kind: ApiErrorKind::Decode,
        message: format!("unexpected response (not JSON of the expected shape): {snippet} [{err}]"),
        outcome: Outcome::Unknown,
    }
}
