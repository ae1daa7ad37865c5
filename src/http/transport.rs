//! Transport failures (no HTTP status) classified from their types: whether anything was
//! sent decides whether a write may have been stored.

use super::error::{ApiErrorKind, Outcome};
use std::error::Error as StdError;
use std::time::Duration;

/// What a reqwest error means, with a message naming the host.
pub(crate) struct Classified {
    pub kind: ApiErrorKind,
    pub message: String,
    pub outcome: Outcome,
}

/// Every error in the chain, outermost first. `io::Error` hides a custom inner error from
/// `source()`, so it is looked into as well (rustls reports through it).
fn chain<'a>(e: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut out = Vec::new();
    let mut cur = Some(e);
    while let Some(err) = cur {
        out.push(err);
        cur = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => err.source(),
        };
    }
    out
}

fn io_kind(e: &reqwest::Error) -> Option<std::io::ErrorKind> {
    chain(e)
        .into_iter()
        .find_map(|x| x.downcast_ref::<std::io::Error>().map(|io| io.kind()))
}

fn tls_error(e: &reqwest::Error) -> Option<String> {
    chain(e)
        .into_iter()
        .find_map(|x| x.downcast_ref::<rustls::Error>().map(|t| t.to_string()))
}

fn innermost(e: &(dyn StdError + 'static)) -> String {
    chain(e).last().map(|x| x.to_string()).unwrap_or_default()
}

/// Classify a reqwest error by its type. `is_connect` covers DNS, TCP connect and the TLS
/// handshake: the request itself was never sent, so a write cannot have been stored.
pub(crate) fn classify(
    e: &reqwest::Error,
    host: &str,
    host_port: &str,
    timeout: Duration,
) -> Classified {
    use std::io::ErrorKind as Io;
    let not_sent = |kind, message| Classified {
        kind,
        message,
        outcome: Outcome::NotApplied,
    };
    let maybe_sent = |kind, message| Classified {
        kind,
        message,
        outcome: Outcome::Unknown,
    };
    if e.is_dns() {
        return not_sent(ApiErrorKind::Dns, format!("cannot resolve host {host}"));
    }
    if e.is_connect() {
        if let Some(detail) = tls_error(e) {
            return not_sent(ApiErrorKind::Tls, format!("TLS handshake failed: {detail}"));
        }
        return match io_kind(e) {
            Some(Io::ConnectionRefused) => not_sent(
                ApiErrorKind::Connect,
                format!("connection refused by {host_port}: is the service running?"),
            ),
            _ if e.is_timeout() => not_sent(
                ApiErrorKind::Connect,
                format!(
                    "cannot connect to {host_port} within {}s",
                    timeout.as_secs_f64()
                ),
            ),
            _ => not_sent(
                ApiErrorKind::Connect,
                format!("cannot connect to {host_port}: {}", innermost(e)),
            ),
        };
    }
    if e.is_timeout() {
        return maybe_sent(
            ApiErrorKind::Timeout,
            format!("timed out after {}s", timeout.as_secs_f64()),
        );
    }
    let how = if e.is_body() || e.is_decode() {
        "the answer was cut off"
    } else {
        match io_kind(e) {
            Some(Io::ConnectionReset) => "reset",
            Some(Io::ConnectionAborted | Io::BrokenPipe) => "aborted",
            Some(Io::UnexpectedEof) => "closed early",
            _ => "dropped or reset",
        }
    };
    maybe_sent(
        ApiErrorKind::Dropped,
        format!("connection to {host_port} failed ({how}): {}", innermost(e)),
    )
}
