//! What the Zammad and Kimai clients share, one job per module: the error taxonomy and what
//! a failure says about a write (`error`), transport failures classified from their types
//! (`transport`), response-size and clear-text limits (`limits`), the one retry policy (`retry`), base URLs (`base_url`), the request
//! machinery (`core`) and serde helpers. Each service parses its own error bodies
//! (`kimai::errors`, `zammad::errors`).

mod base_url;
mod core;
mod error;
mod limits;
mod retry;
pub(crate) mod serde_util;
#[cfg(test)]
mod tests;
mod transport;

pub(crate) use base_url::parse_base_url;
pub use base_url::{UrlFault, http_url};
pub use core::install_tls_provider;
pub(crate) use core::{AuthScheme, HttpCore, RawResponse};
#[cfg(test)]
pub(crate) use error::status_error;
pub use error::{ApiError, ApiErrorKind, ErrorBody, FieldError, Outcome, Service};
pub use limits::{CappedRead, MAX_RESPONSE_BYTES, cleartext_warning, read_capped};
pub use retry::{Attempted, Replay, RetryPolicy};
