//! Base URLs as admins paste them, normalised to an API root.

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
