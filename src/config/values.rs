//! Config values parsed while the file (or an environment variable) is read, so nothing
//! after `load` parses them again: listen addresses, trusted proxies, the request timeout,
//! the notification URL. Each serializes back to the text it is written as, because
//! `config show` prints the settings and environment overrides go through serde.
//!
//! Errors start with "key `section.key`: " so the loader can put the file and line (or the
//! environment variable) in front.

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

fn bad<E: serde::de::Error>(key: &str, msg: impl std::fmt::Display) -> E {
    E::custom(format!("key `{key}`: {msg}"))
}

/// `daemon.listen`: an address like 127.0.0.1:8787.
pub(super) mod listen {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(a: &SocketAddr, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(a)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SocketAddr, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(|_| {
            bad(
                "daemon.listen",
                format!("`{text}` is not an address like 127.0.0.1:8787"),
            )
        })
    }
}

/// `daemon.admin_listen`: a loopback address, or none.
pub(super) mod admin_listen {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        a: &Option<SocketAddr>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match a {
            Some(a) => s.collect_str(a),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SocketAddr>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        match text.parse::<SocketAddr>() {
            Ok(a) if a.ip().is_loopback() => Ok(Some(a)),
            Ok(_) => Err(bad(
                "daemon.admin_listen",
                format!("`{text}` is not a loopback address (127.0.0.1:PORT or [::1]:PORT)"),
            )),
            Err(_) => Err(bad(
                "daemon.admin_listen",
                format!("`{text}` is not an address like 127.0.0.1:8788"),
            )),
        }
    }
}

/// `sync.timeout_secs`: seconds, fractions allowed, 0.1 to 86400.
pub(super) mod timeout_secs {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(t: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(t.as_secs_f64())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let secs = f64::deserialize(d)?;
        if !(0.1..=86_400.0).contains(&secs) {
            return Err(bad(
                "sync.timeout_secs",
                format!("must be between 0.1 and 86400 seconds, got {secs}"),
            ));
        }
        Ok(Duration::from_secs_f64(secs))
    }
}

/// `notify.url`: an http(s) URL (credentials allowed: many hooks carry them).
pub(super) mod notify_url {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(u: &Option<url::Url>, s: S) -> Result<S::Ok, S::Error> {
        match u {
            Some(u) => s.serialize_str(u.as_str()),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<url::Url>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        match url::Url::parse(&text) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(Some(u)),
            _ => Err(bad("notify.url", "must be an http(s) URL")),
        }
    }
}

/// `daemon.trusted_proxies`: addresses and CIDR blocks whose `X-Forwarded-For` is
/// believed, parsed; the entries as written are kept for `config show`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    written: Vec<String>,
}

impl TrustedProxies {
    /// Parse addresses (`10.0.0.1`, `::1`) and blocks (`10.0.0.0/8`); the error names the
    /// entry that is neither.
    pub fn parse(list: &[String]) -> Result<TrustedProxies, String> {
        let nets = list
            .iter()
            .map(|s| {
                let s = s.trim();
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| match net {
                        // `::ffff:10.0.0.0/104` means the IPv4 block.
                        IpNet::V6(v6) => match v6.addr().to_ipv4_mapped() {
                            Some(v4) if v6.prefix_len() >= 96 => {
                                ipnet::Ipv4Net::new(v4, v6.prefix_len() - 96)
                                    .map(IpNet::V4)
                                    .unwrap_or(net)
                            }
                            _ => net,
                        },
                        v4 => v4,
                    })
                    .map_err(|_| format!("`{s}` is not an IP address or CIDR block"))
            })
            .collect::<Result<_, _>>()?;
        Ok(TrustedProxies {
            nets,
            written: list.to_vec(),
        })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|n| n.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.nets.is_empty()
    }

    /// The entries as written.
    pub fn written(&self) -> &[String] {
        &self.written
    }
}

impl Serialize for TrustedProxies {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.written.serialize(s)
    }
}

impl<'de> Deserialize<'de> for TrustedProxies {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<String>::deserialize(d)?;
        TrustedProxies::parse(&list).map_err(|msg| bad("daemon.trusted_proxies", msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn proxies_parse_names_the_bad_entry() {
        assert!(TrustedProxies::parse(&["192.168.0.0/16".into(), "fd00::/8".into()]).is_ok());
        let e = TrustedProxies::parse(&["10.0.0.0/33".into()]).unwrap_err();
        assert_eq!(e, "`10.0.0.0/33` is not an IP address or CIDR block");
        assert!(TrustedProxies::parse(&["nonsense".into()]).is_err());
        let mapped = TrustedProxies::parse(&["::ffff:10.0.0.0/104".into()]).unwrap();
        assert!(mapped.contains(ip("10.2.3.4")));
        assert_eq!(mapped.written(), ["::ffff:10.0.0.0/104"]);
    }
}
