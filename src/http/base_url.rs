//! URLs as admins paste them: the one check every URL syncd is given goes through
//! ([`http_url`]), and base URLs normalised to an API root.

use super::error::{ApiError, Service};

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
    let mut url = http_url(trimmed).map_err(|fault| {
        ApiError::config(
            service,
            match fault {
                UrlFault::Unparsable(e) => format!(
                    "invalid base URL {trimmed:?}: {e} (expected e.g. https://host.example.com)"
                ),
                UrlFault::Credentials => format!("invalid base URL: {fault} (use the token)"),
                _ => format!("invalid base URL: {fault}"),
            },
        )
    })?;
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

/// Why a pasted URL is refused; callers say which URL it was.
#[derive(Debug, thiserror::Error)]
pub enum UrlFault {
    #[error("{0}")]
    Unparsable(url::ParseError),
    #[error("the scheme must be http or https, not `{0}`")]
    Scheme(String),
    #[error("it has no host name")]
    NoHost,
    #[error("it must not contain user:password")]
    Credentials,
}

/// An http(s) URL with a host and no credentials: the rule for connector base URLs and
/// the webhook URL alike.
pub fn http_url(raw: &str) -> Result<url::Url, UrlFault> {
    let url = url::Url::parse(raw.trim()).map_err(UrlFault::Unparsable)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlFault::Scheme(url.scheme().to_string()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(UrlFault::NoHost);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlFault::Credentials);
    }
    Ok(url)
}
