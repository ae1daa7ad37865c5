//! `X-Hub-Signature: sha1=<hex HMAC-SHA1(secret, raw body)>` as Zammad sends it
//! (`lib/user_agent.rb`, `UserAgent.set_signature`). Verified in constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

type HmacSha1 = Hmac<Sha1>;

/// The header value Zammad would send for `body` signed with `secret`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = HmacSha1::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let mut out = String::with_capacity(45);
    out.push_str("sha1=");
    for b in tag {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Why a signature was refused; the text goes into the 401 body (it never reveals the
/// expected value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Malformed,
    Mismatch,
}

impl Refused {
    pub fn reason(self) -> &'static str {
        match self {
            Refused::Missing => {
                "missing X-Hub-Signature header: set the Zammad webhook's HMAC SHA1 Signature Token to a syncd webhook secret"
            }
            Refused::Malformed => "X-Hub-Signature is not sha1=<40 hex digits>",
            Refused::Mismatch => "X-Hub-Signature does not match the body under any webhook secret",
        }
    }
}

/// True when `header` is `sha1=` (exactly, lowercase) followed by the 40 hex digits of the
/// HMAC-SHA1 of `body` under one of `secrets`.
pub fn verify<S: AsRef<[u8]>>(secrets: &[S], header: Option<&[u8]>, body: &[u8]) -> bool {
    check(secrets, header, body).is_ok()
}

/// Like [`verify`], saying what is wrong. Every secret is checked (no early exit), and each
/// comparison runs in constant time.
pub fn check<S: AsRef<[u8]>>(
    secrets: &[S],
    header: Option<&[u8]>,
    body: &[u8],
) -> Result<(), Refused> {
    let header = header.filter(|h| !h.is_empty()).ok_or(Refused::Missing)?;
    let given = header
        .strip_prefix(b"sha1=")
        .and_then(decode_hex20)
        .ok_or(Refused::Malformed)?;
    let mut ok = subtle::Choice::from(0u8);
    for secret in secrets {
        let mut mac = HmacSha1::new_from_slice(secret.as_ref()).expect("HMAC takes any key length");
        mac.update(body);
        let tag = mac.finalize().into_bytes();
        ok |= tag.as_slice().ct_eq(&given);
    }
    if bool::from(ok) {
        Ok(())
    } else {
        Err(Refused::Mismatch)
    }
}

/// Constant-time equality for other credentials (Basic password, Bearer token).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    bool::from(a.ct_eq(b))
}

fn decode_hex20(hex: &[u8]) -> Option<[u8; 20]> {
    if hex.len() != 40 {
        return None;
    }
    let mut out = [0u8; 20];
    for (i, pair) in hex.chunks(2).enumerate() {
        out[i] = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> Vec<(String, Vec<u8>, String)> {
        let text = include_str!("../../tests/fixtures/webhook_signature_test_vectors.json");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let hex = x["raw_body_hex"].as_str().unwrap();
                let body: Vec<u8> = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                    .collect();
                assert_eq!(body, x["raw_body_utf8"].as_str().unwrap().as_bytes());
                (
                    x["signature_token"].as_str().unwrap().to_string(),
                    body,
                    x["expected_header_value"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn test_vectors_sign_and_verify() {
        for (secret, body, expected) in vectors() {
            assert_eq!(sign(secret.as_bytes(), &body), expected);
            assert!(verify(
                &[secret.as_bytes()],
                Some(expected.as_bytes()),
                &body
            ));
            // Rotation: the right secret among others.
            assert!(verify(
                &[b"old".as_slice(), secret.as_bytes()],
                Some(expected.as_bytes()),
                &body
            ));
        }
    }

    #[test]
    fn rejects_bad_headers() {
        for (secret, body, expected) in vectors() {
            let s = [secret.as_bytes()];
            assert!(!verify(&s, None, &body));
            assert!(!verify(
                &s,
                Some(&expected.as_bytes()[..expected.len() - 1]),
                &body
            ));
            assert!(!verify(
                &s,
                Some(expected.replace("sha1=", "SHA1=").as_bytes()),
                &body
            ));
            assert!(!verify(
                &s,
                Some(expected.trim_start_matches("sha1=").as_bytes()),
                &body
            ));
            assert!(!verify(
                &[b"other secret".as_slice()],
                Some(expected.as_bytes()),
                &body
            ));
            let mut tampered = body.clone();
            tampered.push(b' ');
            assert!(!verify(&s, Some(expected.as_bytes()), &tampered));
            let none: [&[u8]; 0] = [];
            assert!(!verify(&none, Some(expected.as_bytes()), &body));
        }
    }
}
