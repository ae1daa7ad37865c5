//! The optional `Authorization` check on webhooks: Basic (user `daemon.webhook_basic_user`)
//! or Bearer, against the webhook credentials (`syncd webhook credential add`), which are
//! secrets of their own: the signing key never travels in a header.

use super::signature::ct_eq;
use base64::Engine;

/// What the daemon requires besides the signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AuthPolicy {
    pub basic_user: Option<String>,
    pub bearer: bool,
}

impl AuthPolicy {
    pub(crate) fn from_settings(d: &crate::config::DaemonSettings) -> AuthPolicy {
        AuthPolicy {
            basic_user: d.webhook_basic_user.clone(),
            bearer: d.webhook_require_bearer,
        }
    }

    pub(crate) fn required(&self) -> bool {
        self.basic_user.is_some() || self.bearer
    }

    /// `None` when `header` satisfies the policy, else what is wrong (for the 401 body).
    pub(crate) fn check(
        &self,
        header: Option<&[u8]>,
        credentials: &[Vec<u8>],
    ) -> Option<&'static str> {
        if !self.required() {
            return None;
        }
        let Some(header) = header else {
            return Some("missing Authorization header");
        };
        // Every credential is compared (no early exit), each in constant time.
        let any = |given: &[u8]| credentials.iter().fold(false, |ok, c| ct_eq(c, given) | ok);
        if let Some(user) = &self.basic_user {
            let Some(encoded) = header.strip_prefix(b"Basic ") else {
                return Some("Authorization is not Basic");
            };
            let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded) else {
                return Some("Authorization Basic is not base64");
            };
            let Some(colon) = decoded.iter().position(|&b| b == b':') else {
                return Some("Authorization Basic has no user:password");
            };
            let (u, p) = (&decoded[..colon], &decoded[colon + 1..]);
            if !(ct_eq(u, user.as_bytes()) & any(p)) {
                return Some("wrong Basic user or password");
            }
        }
        if self.bearer {
            let Some(token) = header.strip_prefix(b"Bearer ") else {
                return Some("Authorization is not Bearer");
            };
            if !any(token) {
                return Some("wrong Bearer token");
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_and_bearer() {
        let creds = vec![b"pw".to_vec()];
        let basic = AuthPolicy {
            basic_user: Some("zammad".into()),
            bearer: false,
        };
        assert_eq!(basic.check(Some(b"Basic emFtbWFkOnB3"), &creds), None); // zammad:pw
        assert_eq!(
            basic.check(Some(b"Basic emFtbWFkOnB4"), &creds),
            Some("wrong Basic user or password")
        );
        assert_eq!(
            basic.check(Some(b"Basic %%%"), &creds),
            Some("Authorization Basic is not base64")
        );
        assert_eq!(
            basic.check(None, &creds),
            Some("missing Authorization header")
        );
        let bearer = AuthPolicy {
            basic_user: None,
            bearer: true,
        };
        assert_eq!(bearer.check(Some(b"Bearer pw"), &creds), None);
        assert_eq!(
            bearer.check(Some(b"Bearer px"), &creds),
            Some("wrong Bearer token")
        );
        assert_eq!(
            bearer.check(Some(b"Bearer pw"), &[]),
            Some("wrong Bearer token")
        );
        assert_eq!(AuthPolicy::default().check(None, &[]), None);
    }
}
