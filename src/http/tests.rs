use super::core::decode_body;
use super::*;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use std::time::Duration;

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

/// A body no service claims: only the status decides.
fn no_body(_: u16, _: &serde_json::Value) -> ErrorBody {
    ErrorBody::default()
}

fn answer(status: u16, headers: &[(&str, &str)]) -> ApiError {
    status_error(
        Service::Kimai,
        "GET",
        "/api/x",
        StatusCode::from_u16(status).unwrap(),
        &hm(headers),
        b"",
        no_body,
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
fn rate_limit_and_retry_policy() {
    let e = answer(429, &[("retry-after", "7")]);
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
    let long = answer(429, &[("retry-after", "3600")]);
    assert_eq!(p.delay_for(1, &long), None);
    let server = answer(503, &[]);
    for retry in 1..10 {
        let d = p.delay_for(retry, &server).unwrap();
        let full = p.base_delay * (1 << (retry - 1));
        let cap = full.min(p.max_delay);
        assert!(d <= cap && d >= cap / 2, "retry {retry}: {d:?}");
    }
    assert_eq!(p.delay_for(1, &answer(404, &[])), None);
}

#[tokio::test]
async fn a_create_is_sent_again_only_when_nothing_was_stored() {
    let p = RetryPolicy {
        attempts: 4,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    // Refused twice (429), then created: three sends.
    let mut sent = 0;
    let r = p
        .run(Replay::Create, |_| {
            sent += 1;
            let n = sent;
            async move {
                if n < 3 {
                    Err(answer(429, &[("retry-after", "0")]))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
    assert_eq!(r.unwrap(), 3);
    // A 502 may have been stored: one send, and the caller gets `Unknown`.
    let mut sent = 0;
    let e = p
        .run(Replay::Create, |_| {
            sent += 1;
            async { Err::<(), _>(answer(502, &[])) }
        })
        .await
        .unwrap_err();
    assert_eq!(sent, 1);
    assert_eq!(e.outcome(), Outcome::Unknown);
    // The same 502 on an idempotent request is retried to the end.
    let mut sent = 0;
    let _ = p
        .run(Replay::Idempotent, |_| {
            sent += 1;
            async { Err::<(), _>(answer(502, &[])) }
        })
        .await;
    assert_eq!(sent, 4);
}

#[test]
fn decode_error_quotes_body_and_is_unknown() {
    let body = "<html>".to_string() + &"x".repeat(500);
    let e = decode_body::<Vec<i64>>(Service::Kimai, "GET", "/api/x", body.as_bytes()).unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Decode);
    assert!(
        e.message
            .starts_with("unexpected response (not JSON of the expected shape): <html>xx")
    );
    assert!(!e.message.contains(&"x".repeat(200)));
    assert_eq!(e.outcome(), Outcome::Unknown);
}
