//! Where Convene's outbound calls may go: front ends' callback URLs and the servers institutions' admins add are
//! only called on public addresses — loopback, private, link-local, shared, reserved addresses and internal names
//! are refused before connecting, and again after name resolution (a public-looking name that resolves to
//! 127.0.0.1 is refused too). Hosts named in `pool.callback_allow_hosts` pass, for closed networks and tests.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use url::Url;

/// Is this an address anyone on the Internet could reach (not loopback, private, link-local, shared, reserved…)?
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public_v4(v4);
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || v6 == Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0))
        }
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // shared address space (carrier-grade NAT)
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking
        || o[0] >= 240)
}

/// Names that only mean something inside a network.
fn internal_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    !h.contains('.')
        || ["localhost", "local", "internal", "intranet", "lan", "home.arpa", "corp", "localdomain"]
            .iter()
            .any(|suffix| h == *suffix || h.ends_with(&format!(".{suffix}")))
}

fn allowed(host: &str, allow: &[String]) -> bool {
    allow.iter().any(|a| a.eq_ignore_ascii_case(host.trim_start_matches('[').trim_end_matches(']')))
}

/// Why a front end's callback URL will not be called, or the URL when it may be (before name resolution).
pub fn check_target(raw: &str, allow: &[String]) -> Result<Url, &'static str> {
    let url = Url::parse(raw.trim()).map_err(|_| "not an absolute URL")?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("only http and https callbacks are called");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("callback URLs must not carry credentials");
    }
    let Some(host) = url.host() else { return Err("the URL has no host") };
    let host_str = url.host_str().unwrap_or_default().to_owned();
    if allowed(&host_str, allow) {
        return Ok(url);
    }
    let ok = match host {
        url::Host::Ipv4(ip) => public_v4(ip),
        url::Host::Ipv6(ip) => is_public(IpAddr::V6(ip)),
        url::Host::Domain(d) => !internal_name(d),
    };
    if ok { Ok(url) } else { Err("callbacks to loopback, private or internal addresses are never made") }
}

/// A reqwest error with every cause after it (`error sending request: connection refused: …`), for operators.
pub fn error_chain(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(c) = cur {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
}

/// Resolves names and keeps public addresses only (all of them for an allowed host).
struct PublicOnly {
    allow: Arc<Vec<String>>,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let keep: Vec<SocketAddr> =
                addrs.into_iter().filter(|a| allowed(&host, &allow) || is_public(a.ip())).collect();
            if keep.is_empty() {
                return Err("the name resolves to no public address".into());
            }
            Ok(Box::new(keep.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A resolver that keeps public addresses only (all of them for an allowed host).
pub fn public_only_resolver(allow: Arc<Vec<String>>) -> Arc<impl reqwest::dns::Resolve + 'static> {
    Arc::new(PublicOnly { allow })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_internal_targets_are_refused() {
        for bad in [
            "http://127.0.0.1/cb",
            "http://127.1.2.3:8080/cb",
            "http://10.0.0.5/cb",
            "http://172.16.0.1/cb",
            "http://192.168.1.1/cb",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/cb",
            "http://[fe80::1]/cb",
            "http://[fd00::1]/cb",
            "http://[::ffff:127.0.0.1]/cb",
            "http://localhost:3000/cb",
            "http://api.localhost/cb",
            "http://metadata/computeMetadata",
            "http://db.internal/x",
            "http://printer.local/x",
            "file:///etc/passwd",
            "gopher://example.org/",
            "http://user:pw@example.org/",
            "not a url",
        ] {
            assert!(check_target(bad, &[]).is_err(), "{bad}");
        }
        for good in
            ["https://moodle.example.org/mod/bbb/end.php?x=1", "http://203.0.113.9.nip.io/cb", "http://8.8.8.8/"]
        {
            assert!(check_target(good, &[]).is_ok(), "{good}");
        }
        assert!(check_target("http://127.0.0.1:9000/cb", &["127.0.0.1".into()]).is_ok());
    }
}
