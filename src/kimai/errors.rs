//! Kimai's error bodies: `{"code":…,"message":…}` and the Symfony form error tree of a 400
//! "Validation Failed" (`api/kimai.md` §8). `code` may be a number or a string.

use crate::http::{ErrorBody, FieldError};
use serde_json::Value;

/// Read one Kimai error body (the HTTP layer calls this for every non-2xx answer).
pub(crate) fn error_body(_status: u16, v: &Value) -> ErrorBody {
    let message = v.get("message").and_then(Value::as_str).map(str::to_string);
    let mut fields = Vec::new();
    if let Some(errors) = v.get("errors") {
        collect_form_errors(errors, "", &mut fields);
    }
    ErrorBody {
        // Kimai's error handlers always answer with a `message` (and usually a `code`).
        own: message.is_some(),
        message,
        fields,
        no_route: false,
    }
}

/// Walk Kimai's `{"errors":[...], "children":{field:{...}}}` form error tree.
fn collect_form_errors(node: &Value, prefix: &str, out: &mut Vec<FieldError>) {
    if let Some(list) = node.get("errors").and_then(Value::as_array) {
        for m in list {
            let message = match m {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push(FieldError {
                field: prefix.to_string(),
                message,
            });
        }
    }
    if let Some(children) = node.get("children").and_then(Value::as_object) {
        for (name, child) in children {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            collect_form_errors(child, &path, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::http::{ApiError, ApiErrorKind, FieldError, Outcome, Service, status_error};
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn kimai(status: u16, body: &str) -> ApiError {
        status_error(
            Service::Kimai,
            "POST",
            "/api/timesheets",
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
            super::error_body,
        )
    }

    #[test]
    fn validation_field_errors() {
        let e = kimai(
            400,
            include_str!("../../tests/fixtures/kimai/error_400_validation_field_errors.json"),
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
        assert_eq!(e.outcome(), Outcome::NotApplied);
    }

    #[test]
    fn validation_variants() {
        let e = kimai(
            400,
            include_str!("../../tests/fixtures/kimai/error_400_validation_extra_fields.json"),
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
            include_str!("../../tests/fixtures/kimai/error_400_validation_end_before_begin.json"),
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
            include_str!("../../tests/fixtures/kimai/error_400_validation_exception.json"),
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
            include_str!("../../tests/fixtures/kimai/error_400_bad_request.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::BadRequest);
        assert_eq!(e.message, "bad request (400): Bad Request");
        assert_eq!(e.outcome(), Outcome::NotApplied);
    }

    #[test]
    fn auth_and_other_errors() {
        let fx: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/kimai/error_401_invalid_bearer_token.response.json"
        ))
        .unwrap();
        let www = fx["headers"]["WWW-Authenticate"].as_str().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("www-authenticate", HeaderValue::from_str(www).unwrap());
        let e = status_error(
            Service::Kimai,
            "GET",
            "/api/users/me",
            StatusCode::UNAUTHORIZED,
            &headers,
            b"",
            super::error_body,
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
            include_str!("../../tests/fixtures/kimai/error_401_missing_credentials.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Unauthorized);
        assert!(e.message.contains("Unauthorized"));
        let e = kimai(
            403,
            include_str!("../../tests/fixtures/kimai/error_403_forbidden.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::Forbidden);
        assert_eq!(e.message, "permission denied (403): Forbidden");
        assert_eq!(e.outcome(), Outcome::NotApplied);
        let e = kimai(
            403,
            include_str!(
                "../../tests/fixtures/kimai/error_403_legacy_x_auth_invalid_credentials.json"
            ),
        );
        assert_eq!(e.message, "permission denied (403): Invalid credentials");
        let e = kimai(
            404,
            include_str!("../../tests/fixtures/kimai/error_404_not_found.json"),
        );
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert_eq!(e.message, "not found (404): Not Found");
        let e = kimai(500, r#"{"code":500,"message":"Internal Server Error"}"#);
        assert_eq!(e.kind, ApiErrorKind::Server);
        assert!(e.is_retryable());
        assert_eq!(
            e.outcome(),
            Outcome::Unknown,
            "Kimai's own 500 may have stored"
        );
        let e = kimai(502, "<html>bad gateway</html>");
        assert_eq!(e.kind, ApiErrorKind::Server);
        assert!(e.message.contains("bad gateway"));
        assert_eq!(
            e.to_string(),
            "Kimai POST /api/timesheets: server error (502): <html>bad gateway</html>"
        );
        assert_eq!(e.outcome(), Outcome::Unknown);
    }

    #[test]
    fn a_proxy_page_with_a_4xx_is_not_kimai_refusing() {
        let e = kimai(404, "<html><body>404 Not Found</body></html>");
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert_eq!(e.outcome(), Outcome::Unknown);
        let e = kimai(403, "");
        assert_eq!(e.outcome(), Outcome::Unknown);
        let e = kimai(429, "<html>slow down</html>");
        assert_eq!(e.outcome(), Outcome::NotApplied, "a 429 is a refusal");
    }
}
