//! Who is asking: the peer address, or, behind trusted proxies, the client they name in
//! `X-Forwarded-For`.

use hyper::header::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// `daemon.trusted_proxies`: addresses and CIDR blocks whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parse addresses (`10.0.0.1`, `::1`) and blocks (`10.0.0.0/8`); the error names the
    /// entry that is neither.
    pub fn parse(list: &[String]) -> Result<TrustedProxies, String> {
        list.iter()
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
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) as plain IPv4.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// The client address: the peer, or, when the peer is a trusted proxy, the right-most
/// address in `X-Forwarded-For` that is not itself a trusted proxy. A malformed header
/// means the peer.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, proxies: &TrustedProxies) -> IpAddr {
    let peer = canonical(peer);
    if proxies.is_empty() || !proxies.contains(peer) {
        return peer;
    }
    let mut chain: Vec<IpAddr> = Vec::new();
    for v in headers.get_all("x-forwarded-for") {
        let Ok(v) = v.to_str() else { return peer };
        for part in v.split(',') {
            match part.trim().parse::<IpAddr>() {
                Ok(ip) => chain.push(canonical(ip)),
                Err(_) => return peer,
            }
        }
    }
    let mut client = peer;
    for ip in chain.into_iter().rev() {
        client = ip;
        if !proxies.contains(ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_only_from_trusted() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "::1".into()]).unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.9, 10.1.2.3".parse().unwrap());
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("203.0.113.9"));
        assert_eq!(client_ip(ip("192.0.2.1"), &h, &proxies), ip("192.0.2.1"));
        assert_eq!(client_ip(ip("::1"), &h, &proxies), ip("203.0.113.9"));
        assert_eq!(
            client_ip(ip("::ffff:10.9.9.9"), &h, &proxies),
            ip("203.0.113.9")
        );
        h.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("10.0.0.1"));
    }

    #[test]
    fn parse_names_the_bad_entry() {
        assert!(TrustedProxies::parse(&["192.168.0.0/16".into(), "fd00::/8".into()]).is_ok());
        let e = TrustedProxies::parse(&["10.0.0.0/33".into()]).unwrap_err();
        assert_eq!(e, "`10.0.0.0/33` is not an IP address or CIDR block");
        assert!(TrustedProxies::parse(&["nonsense".into()]).is_err());
        let mapped = TrustedProxies::parse(&["::ffff:10.0.0.0/104".into()]).unwrap();
        assert!(mapped.contains(ip("10.2.3.4")));
    }
}
