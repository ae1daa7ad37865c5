//! Limits on what syncd accepts from and sends to the servers: a response-size cap (an
//! answer is read chunk by chunk, never whole) and a warning for credentials in clear text.

/// Responses from Zammad and Kimai are read up to this size, never whole.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// A warning when `url` sends credentials in clear text: plain `http://` to a host that is
/// not loopback (tokens and notify URLs travel in every request).
pub fn cleartext_warning(url: &url::Url) -> Option<String> {
    if url.scheme() != "http" {
        return None;
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    (!loopback).then(|| {
        format!(
            "{} uses plain http:// to a host that is not loopback: the token travels unencrypted; use https://",
            url.host_str().unwrap_or("the URL")
        )
    })
}

/// Why [`read_capped`] stopped.
#[derive(Debug)]
pub enum CappedRead {
    /// Declared or grown past the cap.
    TooLarge,
    Transport(reqwest::Error),
}

/// Read a response body chunk by chunk, refusing more than `cap` bytes (a declared
/// `Content-Length` above it is refused before reading).
pub async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
) -> Result<hyper::body::Bytes, CappedRead> {
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(CappedRead::TooLarge);
    }
    let mut buf: Vec<u8> = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(CappedRead::Transport)? {
        if buf.len() + chunk.len() > cap {
            return Err(CappedRead::TooLarge);
        }
        if buf.is_empty() && resp.content_length() == Some(chunk.len() as u64) {
            return Ok(chunk);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(hyper::body::Bytes::from(buf))
}

#[cfg(test)]
mod tests {
    use syncd_sim::scripted::{Reply, serve};

    #[tokio::test]
    async fn responses_are_read_up_to_the_cap() {
        super::super::install_tls_provider();
        let server = serve(|_, _| Reply::json(200, &format!("[\"{}\"]", "x".repeat(4000)))).await;
        let get = || async { reqwest::get(&server.base).await.unwrap() };
        let whole = super::read_capped(get().await, 1 << 20).await.unwrap();
        assert_eq!(whole.len(), 4004);
        assert!(matches!(
            super::read_capped(get().await, 1000).await,
            Err(super::CappedRead::TooLarge)
        ));
    }

    #[test]
    fn cleartext_to_other_hosts_warns() {
        let w = |u: &str| super::cleartext_warning(&url::Url::parse(u).unwrap());
        assert!(w("http://zammad.example.com/").is_some());
        assert!(w("http://10.0.0.5:8080/").is_some());
        assert!(w("https://zammad.example.com/").is_none());
        assert!(w("http://127.0.0.1:3000/").is_none());
        assert!(w("http://[::1]:3000/").is_none());
        assert!(w("http://localhost/").is_none());
    }
}
