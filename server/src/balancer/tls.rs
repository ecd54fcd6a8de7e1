//! TLS around the pool: reading a conference server's extra certificate authority (private PKIs), naming the
//! certificate problem when a TLS handshake fails, and serving the simulator over TLS.

use std::error::Error as StdError;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// Largest CA file accepted (a few certificates of a chain).
pub const CA_PEM_MAX: usize = 64 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{0}")]
    Invalid(&'static str),
    #[error("the certificate or key cannot be used: {0}")]
    Rustls(#[from] rustls::Error),
}

/// Checks a PEM file of CA certificates: at least one certificate, nothing but certificates, bounded size, and
/// each one usable as a trust anchor. Returns the certificates as PEM, normalised.
pub fn read_ca_pem(pem: &str) -> Result<String, TlsError> {
    if pem.len() > CA_PEM_MAX {
        return Err(TlsError::Invalid("the CA file is larger than 64 KiB"));
    }
    // Kept as given in the database: a key pasted with the certificate must not be stored with it.
    if pem.contains("PRIVATE KEY") {
        return Err(TlsError::Invalid("the CA file holds a private key: give only the CA's certificate"));
    }
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|_| TlsError::Invalid("the CA file is not PEM certificates"))?;
    if certs.is_empty() {
        return Err(TlsError::Invalid("the CA file holds no certificate (-----BEGIN CERTIFICATE-----)"));
    }
    let mut roots = rustls::RootCertStore::empty();
    for c in &certs {
        roots.add(c.clone()).map_err(|_| TlsError::Invalid("a certificate of the CA file cannot be read"))?;
    }
    if reqwest::Certificate::from_pem_bundle(pem.as_bytes()).is_err() {
        return Err(TlsError::Invalid("the CA file cannot be used as a trust anchor"));
    }
    Ok(pem.trim().to_owned() + "\n")
}

/// The TLS problem behind a failed call, if it was one: rustls's error dug out of the error's source chain. An
/// `io::Error` hides the error it wraps from `source()` (and hyper-rustls wraps one `io::Error` in another), so
/// those are opened too.
pub fn tls_problem(err: &(dyn StdError + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    // Bounded: a chain is a handful of links.
    for _ in 0..16 {
        let e = cur?;
        if let Some(r) = e.downcast_ref::<rustls::Error>() {
            return Some(describe(r));
        }
        cur = match e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => e.source(),
        };
    }
    None
}

fn describe(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => format!("{c:?}"),
        other => other.to_string(),
    }
    .chars()
    .take(300)
    .collect()
}

/// A TLS server configuration (HTTP/1.1) from a PEM certificate chain and a PEM private key.
pub fn server_config(cert_pem: &[u8], key_pem: &[u8]) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|_| TlsError::Invalid("the certificate file is not PEM"))?;
    if chain.is_empty() {
        return Err(TlsError::Invalid("the certificate file holds no certificate"));
    }
    let key = PrivateKeyDer::from_pem_slice(key_pem).map_err(|_| TlsError::Invalid("the key file holds no key"))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A listener that hands axum TLS connections. Handshakes run in their own tasks (bounded in time), so a slow or
/// failing client never holds up the others.
pub struct TlsListener {
    rx: tokio::sync::mpsc::Receiver<(tokio_rustls::server::TlsStream<tokio::net::TcpStream>, SocketAddr)>,
    local: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl TlsListener {
    pub fn new(listener: tokio::net::TcpListener, config: Arc<rustls::ServerConfig>) -> std::io::Result<TlsListener> {
        let local = listener.local_addr()?;
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let task = tokio::spawn(async move {
            loop {
                let (tcp, addr) = match listener.accept().await {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::debug!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let (acceptor, tx) = (acceptor.clone(), tx.clone());
                tokio::spawn(async move {
                    match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, addr)).await;
                        }
                        Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener { rx, local, task })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.rx.recv().await {
            Some(c) => c,
            // The accept loop only ends when this listener is dropped.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rustls_error_is_found_inside_io_errors() {
        let inner = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        );
        let outer = std::io::Error::other(inner);
        assert_eq!(tls_problem(&outer).as_deref(), Some("UnknownIssuer"));
        assert_eq!(tls_problem(&std::io::Error::other("refused")), None);
    }

    #[test]
    fn ca_files_are_checked() {
        assert!(read_ca_pem("").is_err());
        assert!(read_ca_pem("hello").is_err());
        assert!(read_ca_pem("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n").is_err());
        assert!(read_ca_pem(&"A".repeat(CA_PEM_MAX + 1)).is_err());
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = params.self_signed(&key).unwrap();
        assert!(read_ca_pem(&ca.pem()).unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
        // a private key is not a certificate, and is not stored beside one either
        assert!(read_ca_pem(&key.serialize_pem()).is_err());
        let both = format!("{}{}", ca.pem(), key.serialize_pem());
        assert!(read_ca_pem(&both).unwrap_err().to_string().contains("private key"));
    }
}
