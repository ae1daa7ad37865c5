//! Zammad's error bodies: `{"error": …, "error_human": …}` (`api/zammad.md`). A 404 "No
//! route matches" means the endpoint does not exist on this server version.

use crate::http::{ErrorBody, FieldError};
use serde_json::Value;

/// Read one Zammad error body (the HTTP layer calls this for every non-2xx answer).
pub(crate) fn error_body(status: u16, v: &Value) -> ErrorBody {
    let mut message = v
        .get("error_human")
        .and_then(Value::as_str)
        .or_else(|| v.get("error").and_then(Value::as_str))
        .map(str::to_string);
    let no_route = status == 404
        && message
            .as_deref()
            .is_some_and(|m| m.contains("No route matches"));
    if status == 403
        && let Some(m) = message.as_mut()
        && m.contains("Authentication required")
    {
        m.push_str(" (no credentials were sent or accepted; check the Authorization header/token)");
    }
    // Zammad's 400 and 422 carry one sentence for the whole record.
    let fields = match (&message, status) {
        (Some(m), 400 | 422) => vec![FieldError {
            field: String::new(),
            message: m.clone(),
        }],
        _ => Vec::new(),
    };
    ErrorBody {
        own: message.is_some(),
        message,
        fields,
        no_route,
    }
}

#[cfg(test)]
mod tests {
    use crate::http::{ApiError, ApiErrorKind, FieldError, Service, status_error};
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    fn zammad(status: u16, body: &str) -> ApiError {
        status_error(
            Service::Zammad,
            "GET",
            "/api/v1/time_accountings",
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
            super::error_body,
        )
    }

    #[test]
    fn zammad_errors() {
        let e = zammad(
            401,
            include_str!("../../tests/fixtures/zammad/error_401_invalid_api_token.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Unauthorized);
        assert!(e.message.contains("token rejected (401)"));
        assert!(e.message.contains("Can't find User for Token"));
        let e = zammad(
            403,
            include_str!("../../tests/fixtures/zammad/error_403_authentication_required.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Forbidden);
        assert!(
            e.message
                .starts_with("permission denied (403): Authentication required")
        );
        assert!(e.message.contains("no credentials"));
        let e = zammad(
            403,
            include_str!("../../tests/fixtures/zammad/error_403_not_authorized.json"),
        );
        assert_eq!(e.message, "permission denied (403): Not authorized");
        let e = zammad(
            404,
            include_str!("../../tests/fixtures/zammad/error_404_no_route.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::NoRoute);
        let e = zammad(
            404,
            include_str!("../../tests/fixtures/zammad/error_404_record_not_found.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert!(e.message.contains("Couldn't find Ticket::State"));
        let e = zammad(
            422,
            include_str!("../../tests/fixtures/zammad/error_422_validation.json"),
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
            include_str!("../../tests/fixtures/zammad/error_500_non_admin.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Server);
        assert!(e.message.contains("Please contact your administrator"));
    }
}
