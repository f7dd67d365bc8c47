//! Where the node may send requests: the address rules of the one
//! outgoing-request policy (DESIGN §6).
//!
//! Every request the node makes — ActivityPub fetches, WebFinger, keys,
//! deliveries, feed polls and their archive links — is checked against
//! these rules twice: here, on the URL, before anything is sent (the
//! scheme, the port, and a host written as an IP address in any notation),
//! and by `ecities_federation::egress` at connect time, on every address a
//! host name resolves to (so a name that resolves to an internal address,
//! or re-resolves to one later, is refused too).
//!
//! The rules are pure functions of the URL and the addresses: no IO here.
//! In dev mode (`ECITIES_DEV_MODE=1`, a test network on one machine)
//! loopback and private addresses and plain http are allowed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// What a request is for: ActivityPub needs https outside dev mode; a
/// portal's public feed may still be served over plain http.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Federation,
    Feed,
}

/// The rules in force on this node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EgressRules {
    /// Dev mode: loopback, private addresses and plain http allowed.
    pub allow_private: bool,
}

impl EgressRules {
    pub const PRODUCTION: Self = Self { allow_private: false };
    pub const DEV: Self = Self { allow_private: true };

    pub fn new(dev_mode: bool) -> Self {
        Self { allow_private: dev_mode }
    }

    /// Checks a URL before any request is made to it.
    pub fn check_url(&self, url: &Url, purpose: Purpose) -> Result<(), Refused> {
        match (url.scheme(), purpose) {
            ("https", _) => {}
            ("http", Purpose::Feed) => {}
            ("http", Purpose::Federation) if self.allow_private => {}
            ("http", Purpose::Federation) => return Err(Refused::Scheme("http (other servers require https)".into())),
            (other, _) => return Err(Refused::Scheme(other.to_owned())),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refused::Credentials);
        }
        if let Some(port) = url.port()
            && !self.allow_private
            && !port_allowed(port)
        {
            return Err(Refused::Port(port));
        }
        // The URL parser already turned every IPv4 notation (`127.1`,
        // `2130706433`, `0x7f.0.0.1`, `0177.0.0.1`) into an address.
        match url.host() {
            None => Err(Refused::NoHost),
            Some(Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip)),
            Some(Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if !self.allow_private && (name == "localhost" || name.ends_with(".localhost")) {
                    return Err(Refused::Address(format!("{name} (this machine)")));
                }
                Ok(())
            }
        }
    }

    /// Checks one address a request would connect to.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Refused> {
        if self.allow_private || is_public(ip) { Ok(()) } else { Err(Refused::Address(ip.to_string())) }
    }
}

/// Why a destination was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the scheme {0} is not allowed")]
    Scheme(String),
    #[error("URLs with a user name or password are not allowed")]
    Credentials,
    #[error("port {0} is not allowed (only 80, 443 and ports from 1024)")]
    Port(u16),
    #[error("the URL has no host")]
    NoHost,
    #[error("{0} is not a public internet address")]
    Address(String),
}

/// Ports below 1024 other than 80 and 443 belong to other protocols (mail,
/// SSH, databases' admin ports…): a request there is never ActivityPub or a
/// feed, and is the classic way to smuggle a request into another service.
fn port_allowed(port: u16) -> bool {
    port == 80 || port == 443 || port >= 1024
}

/// Whether an address is on the public internet: not loopback, private,
/// link-local, unique-local, CGNAT, multicast, documentation, benchmark,
/// reserved or unspecified — and, for IPv6 forms that embed an IPv4
/// address (IPv4-mapped, IPv4-compatible, NAT64, 6to4), the embedded
/// address is judged.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let refused = a == 0                                  // "this network", 0.0.0.0
        || a == 10                                        // private
        || a == 127                                       // loopback
        || (a == 100 && (64..128).contains(&b))           // CGNAT 100.64/10
        || (a == 169 && b == 254)                         // link-local (cloud metadata)
        || (a == 172 && (16..32).contains(&b))            // private
        || (a == 192 && b == 0 && c == 0)                 // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)                 // TEST-NET-1
        || (a == 192 && b == 88 && c == 99)               // 6to4 relay anycast
        || (a == 192 && b == 168)                         // private
        || (a == 198 && (b == 18 || b == 19))             // benchmarking
        || (a == 198 && b == 51 && c == 100)              // TEST-NET-2
        || (a == 203 && b == 0 && c == 113)               // TEST-NET-3
        || a >= 224; // multicast, reserved, broadcast
    !refused
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // Forms that carry an IPv4 address: judge that address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    if s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0 {
        // ::/96, IPv4-compatible (deprecated), with :: and ::1 in it.
        return false;
    }
    if s[0] == 0x64 && s[1] == 0xff9b {
        // NAT64 (64:ff9b::/96 well-known, 64:ff9b:1::/48 local use).
        if s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0 {
            let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
            return is_public_v4(v4);
        }
        return false;
    }
    if s[0] == 0x2002 {
        // 6to4: the IPv4 address is in segments 1 and 2.
        let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
        return is_public_v4(v4);
    }
    let refused = (s[0] == 0x0100 && s[1] == 0 && s[2] == 0 && s[3] == 0) // discard 100::/64
        || (s[0] == 0x2001 && s[1] == 0)                  // Teredo 2001::/32
        || (s[0] == 0x2001 && s[1] == 0x0db8)             // documentation
        || (s[0] & 0xfe00) == 0xfc00                      // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80                      // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0                      // site-local (deprecated)
        || (s[0] & 0xff00) == 0xff00; // multicast
    !refused
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    #[test]
    fn every_notation_of_an_internal_address_is_refused() {
        let rules = EgressRules::PRODUCTION;
        for u in [
            "http://127.0.0.1:8080/feed.xml",
            "http://0/feed.xml",
            "http://0.0.0.0/",
            "http://127.1/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://0x7f.0.0.1/",
            "http://[::1]/",
            "http://[::ffff:7f00:1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::a00:1]/",
            "http://[2002:a00:1::]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[ff02::1]/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://localhost/",
            "http://api.localhost/",
        ] {
            assert!(rules.check_url(&url(u), Purpose::Feed).is_err(), "{u} must be refused");
        }
    }

    #[test]
    fn public_addresses_and_names_are_allowed() {
        let rules = EgressRules::PRODUCTION;
        for u in [
            "https://seoul.example/feed.xml",
            "http://portal.example:8080/rss",
            "https://93.184.215.14/",
            "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/",
            "https://[64:ff9b::5db8:d70e]/",
        ] {
            assert_eq!(rules.check_url(&url(u), Purpose::Feed), Ok(()), "{u} must be allowed");
        }
    }

    #[test]
    fn ports_schemes_and_credentials_are_checked() {
        let rules = EgressRules::PRODUCTION;
        assert_eq!(rules.check_url(&url("https://a.example:25/"), Purpose::Feed), Err(Refused::Port(25)));
        assert!(rules.check_url(&url("http://a.example/inbox"), Purpose::Federation).is_err());
        assert!(rules.check_url(&url("ftp://a.example/"), Purpose::Feed).is_err());
        assert!(rules.check_url(&url("file:///etc/passwd"), Purpose::Feed).is_err());
        assert_eq!(rules.check_url(&url("https://u:p@a.example/"), Purpose::Feed), Err(Refused::Credentials));
    }

    #[test]
    fn dev_mode_allows_a_test_network_on_this_machine() {
        let rules = EgressRules::DEV;
        assert_eq!(rules.check_url(&url("http://localhost:8081/inbox"), Purpose::Federation), Ok(()));
        assert_eq!(rules.check_ip("127.0.0.1".parse().expect("ip")), Ok(()));
    }
}
