//! Measures the SAML figures recorded in docs/performance.md:
//!
//!     scripts/saml-figures      (starts the test IdP and a federation of 5,000 synthetic IdPs, then runs this)
//!     cargo run --release -p server --example saml_figures -- RESPONSE.xml IDP-METADATA.xml AGGREGATE.xml FED-CERT.pem
//!
//! 1. verifying one signed SAML Response (xmlsec through samael, rsa-sha256, the IdP's key from its metadata):
//!    p50 and p99 over 200 runs;
//! 2. verifying and reading a federation's signed aggregate (5,000 IdPs): time, and the process's peak memory
//!    before and after.

use std::time::Instant;

use samael::crypto::{AllowedSignatureAlgorithm, CertificateDer, CryptoProvider, ReduceMode, XmlSec};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [response, idp_metadata, aggregate, fed_cert] = args.as_slice() else {
        anyhow::bail!("usage: saml_figures RESPONSE.xml IDP-METADATA.xml AGGREGATE.xml FED-CERT.pem");
    };
    let response = std::fs::read_to_string(response)?;
    let now = chrono::Utc::now();
    let idp = convene::auth::saml::idp::parse(&std::fs::read_to_string(idp_metadata)?, now)?;
    let certs: Vec<CertificateDer> = idp
        .signing_certs
        .iter()
        .map(|b64| {
            use base64::Engine;
            CertificateDer::from(base64::engine::general_purpose::STANDARD.decode(b64).unwrap_or_default())
        })
        .collect();
    let allowed = [AllowedSignatureAlgorithm::RsaSha256];
    let mut times = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        XmlSec::reduce_xml_to_signed_with_allowed_algorithms(
            &response,
            &certs,
            ReduceMode::ValidateAndMarkNoAncestors,
            Some(&allowed),
        )
        .map_err(|e| anyhow::anyhow!("the response does not verify: {e}"))?;
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "one signed Response ({} bytes): verify p50 {:.2} ms, p99 {:.2} ms",
        response.len(),
        times[100].as_secs_f64() * 1e3,
        times[198].as_secs_f64() * 1e3
    );

    let before = peak_rss_kib();
    let xml = std::fs::read_to_string(aggregate)?;
    let cert = std::fs::read_to_string(fed_cert)?;
    let t = Instant::now();
    let unverified = convene::auth::saml::federation::read(&xml, now)?;
    println!(
        "reading alone (no signature check): {} IdPs in {:.2} s",
        unverified.idps.len(),
        t.elapsed().as_secs_f64()
    );
    drop(unverified);
    let t = Instant::now();
    let read = convene::auth::saml::federation::verify_and_read(&xml, &cert, now)?;
    let took = t.elapsed();
    println!(
        "aggregate of {} bytes: {} IdPs verified and read in {:.2} s; peak memory {} MiB before, {} MiB after",
        xml.len(),
        read.idps.len(),
        took.as_secs_f64(),
        before / 1024,
        peak_rss_kib() / 1024
    );
    Ok(())
}
