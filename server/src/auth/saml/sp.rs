//! Convene as a SAML 2.0 service provider: its key and certificate (made once, kept in the database so every
//! instance signs and decrypts with the same), and its metadata at a stable address (`/saml/metadata`): entity id,
//! the assertion consumer service (HTTP-POST), single logout, the signing and the encryption certificate, the name
//! and logo people see at their IdP, the attributes it asks for.

use base64::Engine;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::db::{self, Db};

#[derive(Debug, thiserror::Error)]
pub enum SamlError {
    #[error("the service provider's key could not be made: {0}")]
    Key(String),
    #[error(transparent)]
    Db(#[from] db::DbError),
}

/// Convene's SAML addresses under the public origin.
pub fn entity_id(origin: &str) -> String {
    format!("{origin}/saml/metadata")
}
pub fn acs_url(origin: &str) -> String {
    format!("{origin}/saml/acs")
}
pub fn slo_url(origin: &str) -> String {
    format!("{origin}/saml/slo")
}

/// An ID for a request or a RelayState: 256 random bits, starting with a letter (an XML ID may not start with a
/// digit).
pub fn random_id() -> String {
    format!("_{}", super::super::oidc::random_token())
}

/// The service provider's key (PKCS#8 PEM) and its self-signed certificate (PEM).
#[derive(Clone)]
pub struct SpCredentials {
    pub key_pem: String,
    pub cert_pem: String,
}

impl std::fmt::Debug for SpCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpCredentials").field("key_pem", &"<redacted>").finish_non_exhaustive()
    }
}

/// A new RSA-3072 key and a self-signed certificate for `common_name`, valid ten years.
pub fn make_credentials(common_name: &str) -> Result<SpCredentials, SamlError> {
    use openssl::asn1::Asn1Time;
    use openssl::bn::{BigNum, MsbOption};
    use openssl::hash::MessageDigest;
    use openssl::pkey::PKey;
    use openssl::rsa::Rsa;
    use openssl::x509::{X509, X509NameBuilder};
    let e = |e: openssl::error::ErrorStack| SamlError::Key(e.to_string());
    let key = PKey::from_rsa(Rsa::generate(3072).map_err(e)?).map_err(e)?;
    let mut name = X509NameBuilder::new().map_err(e)?;
    let cn: String = common_name.chars().filter(|c| !c.is_control()).take(64).collect();
    name.append_entry_by_text("CN", &cn).map_err(e)?;
    let name = name.build();
    let mut cert = X509::builder().map_err(e)?;
    cert.set_version(2).map_err(e)?;
    let mut serial = BigNum::new().map_err(e)?;
    serial.rand(127, MsbOption::MAYBE_ZERO, false).map_err(e)?;
    let serial = serial.to_asn1_integer().map_err(e)?;
    cert.set_serial_number(&serial).map_err(e)?;
    cert.set_subject_name(&name).map_err(e)?;
    cert.set_issuer_name(&name).map_err(e)?;
    cert.set_pubkey(&key).map_err(e)?;
    let (from, until) = (Asn1Time::days_from_now(0).map_err(e)?, Asn1Time::days_from_now(3650).map_err(e)?);
    cert.set_not_before(&from).map_err(e)?;
    cert.set_not_after(&until).map_err(e)?;
    cert.sign(&key, MessageDigest::sha256()).map_err(e)?;
    let key_pem =
        String::from_utf8(key.private_key_to_pem_pkcs8().map_err(e)?).map_err(|e| SamlError::Key(e.to_string()))?;
    let cert_pem = String::from_utf8(cert.build().to_pem().map_err(e)?).map_err(|e| SamlError::Key(e.to_string()))?;
    Ok(SpCredentials { key_pem, cert_pem })
}

/// The service provider's credentials: read, or made and stored at the first need. Two instances making them at
/// once store one (the table holds a single row) and both use it.
pub async fn credentials(db: &Db, now: i64, common_name: &str) -> Result<SpCredentials, SamlError> {
    if let Some(c) = read(db).await? {
        return Ok(c);
    }
    let name = common_name.to_owned();
    let made = tokio::task::spawn_blocking(move || make_credentials(&name))
        .await
        .map_err(|e| SamlError::Key(e.to_string()))??;
    let stored = sqlx::query(
        "INSERT INTO sp_credentials (slot, key_pem, cert_pem, created_at) VALUES (1, $1, $2, $3) \
         ON CONFLICT (slot) DO NOTHING",
    )
    .bind(&made.key_pem)
    .bind(&made.cert_pem)
    .bind(now)
    .execute(db.pool())
    .await
    .map_err(db::DbError::from)?;
    if stored.rows_affected() == 1 {
        return Ok(made);
    }
    read(db).await?.ok_or(SamlError::Db(db::DbError::NotFound))
}

async fn read(db: &Db) -> Result<Option<SpCredentials>, SamlError> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT key_pem, cert_pem FROM sp_credentials WHERE slot = 1")
        .fetch_optional(db.pool())
        .await
        .map_err(db::DbError::from)?;
    Ok(row.map(|(key_pem, cert_pem)| SpCredentials { key_pem, cert_pem }))
}

/// The certificate's DER, base64 (as `ds:X509Certificate` holds it): the PEM's body without its armour.
pub fn cert_base64(cert_pem: &str) -> String {
    let body: String = cert_pem.lines().filter(|l| !l.starts_with("-----")).map(str::trim).collect();
    // Checked: a body that is not base64 would publish garbage.
    match base64::engine::general_purpose::STANDARD.decode(&body) {
        Ok(der) => base64::engine::general_purpose::STANDARD.encode(der),
        Err(_) => String::new(),
    }
}

/// What the metadata says about Convene.
pub struct SpDescription<'a> {
    /// The public origin (`https://convene.example`): the entity id is `<origin>/saml/metadata`.
    pub origin: &'a str,
    pub cert_base64: &'a str,
    /// Display names by language (`en`, `it`…).
    pub names: &'a [(&'a str, &'a str)],
    pub logo_url: Option<&'a str>,
}

pub const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
pub const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const MDUI: &str = "urn:oasis:names:tc:SAML:metadata:ui";

/// The attributes Convene asks for: (OID name, friendly name, required).
pub const REQUESTED: &[(&str, &str, bool)] = &[
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "eduPersonPrincipalName", false),
    ("urn:oid:0.9.2342.19200300.100.1.3", "mail", true),
    ("urn:oid:2.16.840.1.113730.3.1.241", "displayName", false),
    ("urn:oid:2.5.4.42", "givenName", false),
    ("urn:oid:2.5.4.4", "sn", false),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.9", "eduPersonScopedAffiliation", false),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.7", "eduPersonEntitlement", false),
    ("urn:oid:1.3.6.1.4.1.25178.1.2.9", "schacHomeOrganization", false),
    ("urn:oasis:names:tc:SAML:attribute:subject-id", "subject-id", false),
    ("urn:oasis:names:tc:SAML:attribute:pairwise-id", "pairwise-id", false),
];

/// The service provider's metadata document.
pub fn metadata_xml(sp: &SpDescription<'_>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let entity_id = entity_id(sp.origin);
    let start = |name: &str, attrs: &[(&str, &str)]| {
        let mut e = BytesStart::new(name.to_owned());
        for (k, v) in attrs {
            e.push_attribute((*k, *v));
        }
        e
    };
    // Writing to a Vec cannot fail.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = w.write_event(Event::Start(start(
        "md:EntityDescriptor",
        &[("xmlns:md", MD), ("xmlns:ds", DS), ("xmlns:mdui", MDUI), ("entityID", &entity_id)],
    )));
    let _ = w.write_event(Event::Start(start(
        "md:SPSSODescriptor",
        &[
            ("AuthnRequestsSigned", "true"),
            ("WantAssertionsSigned", "true"),
            ("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol"),
        ],
    )));
    let _ = w.write_event(Event::Start(start("md:Extensions", &[])));
    let _ = w.write_event(Event::Start(start("mdui:UIInfo", &[])));
    for (lang, name) in sp.names {
        let _ = w.write_event(Event::Start(start("mdui:DisplayName", &[("xml:lang", lang)])));
        let _ = w.write_event(Event::Text(BytesText::new(name)));
        let _ = w.write_event(Event::End(BytesEnd::new("mdui:DisplayName")));
    }
    if let Some(logo) = sp.logo_url {
        let _ = w.write_event(Event::Start(start("mdui:Logo", &[("height", "64"), ("width", "64")])));
        let _ = w.write_event(Event::Text(BytesText::new(logo)));
        let _ = w.write_event(Event::End(BytesEnd::new("mdui:Logo")));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("mdui:UIInfo")));
    let _ = w.write_event(Event::End(BytesEnd::new("md:Extensions")));
    for usage in ["signing", "encryption"] {
        let _ = w.write_event(Event::Start(start("md:KeyDescriptor", &[("use", usage)])));
        let _ = w.write_event(Event::Start(start("ds:KeyInfo", &[])));
        let _ = w.write_event(Event::Start(start("ds:X509Data", &[])));
        let _ = w.write_event(Event::Start(start("ds:X509Certificate", &[])));
        let _ = w.write_event(Event::Text(BytesText::new(sp.cert_base64)));
        let _ = w.write_event(Event::End(BytesEnd::new("ds:X509Certificate")));
        let _ = w.write_event(Event::End(BytesEnd::new("ds:X509Data")));
        let _ = w.write_event(Event::End(BytesEnd::new("ds:KeyInfo")));
        let _ = w.write_event(Event::End(BytesEnd::new("md:KeyDescriptor")));
    }
    let slo = slo_url(sp.origin);
    let _ = w.write_event(Event::Empty(start(
        "md:SingleLogoutService",
        &[("Binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"), ("Location", &slo)],
    )));
    for format in
        ["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"]
    {
        let _ = w.write_event(Event::Start(start("md:NameIDFormat", &[])));
        let _ = w.write_event(Event::Text(BytesText::new(format)));
        let _ = w.write_event(Event::End(BytesEnd::new("md:NameIDFormat")));
    }
    let acs = acs_url(sp.origin);
    let _ = w.write_event(Event::Empty(start(
        "md:AssertionConsumerService",
        &[
            ("Binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"),
            ("Location", &acs),
            ("index", "0"),
            ("isDefault", "true"),
        ],
    )));
    let _ = w.write_event(Event::Start(start("md:AttributeConsumingService", &[("index", "0")])));
    for (lang, name) in sp.names {
        let _ = w.write_event(Event::Start(start("md:ServiceName", &[("xml:lang", lang)])));
        let _ = w.write_event(Event::Text(BytesText::new(name)));
        let _ = w.write_event(Event::End(BytesEnd::new("md:ServiceName")));
    }
    for (oid, friendly, required) in REQUESTED {
        let _ = w.write_event(Event::Empty(start(
            "md:RequestedAttribute",
            &[
                ("FriendlyName", friendly),
                ("Name", oid),
                ("NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"),
                ("isRequired", if *required { "true" } else { "false" }),
            ],
        )));
    }
    let _ = w.write_event(Event::End(BytesEnd::new("md:AttributeConsumingService")));
    let _ = w.write_event(Event::End(BytesEnd::new("md:SPSSODescriptor")));
    let _ = w.write_event(Event::End(BytesEnd::new("md:EntityDescriptor")));
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_names_the_endpoints_and_escapes_text() {
        let xml = metadata_xml(&SpDescription {
            origin: "https://convene.example",
            cert_base64: "MIIB",
            names: &[("en", "Convene <test> & co"), ("it", "Convene")],
            logo_url: Some("https://convene.example/favicon.svg"),
        });
        assert!(xml.contains(r#"entityID="https://convene.example/saml/metadata""#));
        assert!(xml.contains(r#"Location="https://convene.example/saml/acs""#));
        assert!(xml.contains(r#"AuthnRequestsSigned="true""#));
        assert!(xml.contains(r#"<md:KeyDescriptor use="encryption">"#));
        assert!(xml.contains("Convene &lt;test&gt; &amp; co"));
        assert!(!xml.contains("<test>"));
        assert_eq!(xml.matches("<md:RequestedAttribute ").count(), REQUESTED.len());
    }

    #[test]
    fn credentials_are_a_key_and_its_certificate() {
        let c = make_credentials("convene.example").unwrap();
        assert!(c.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let b64 = cert_base64(&c.cert_pem);
        assert!(b64.len() > 500, "a 3072-bit certificate");
        let der = base64::engine::general_purpose::STANDARD.decode(&b64).unwrap();
        let cert = openssl::x509::X509::from_der(&der).unwrap();
        let key = openssl::pkey::PKey::private_key_from_pem(c.key_pem.as_bytes()).unwrap();
        assert!(cert.public_key().unwrap().public_eq(&key));
        assert!(!format!("{c:?}").contains("PRIVATE"), "the key never in a log");
        assert_eq!(cert_base64("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"), "");
    }
}
