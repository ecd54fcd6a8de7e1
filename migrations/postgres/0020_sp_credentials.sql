-- Convene's own SAML service-provider key and certificate. PostgreSQL dialect; keep in step with
-- ../sqlite/0020_sp_credentials.sql. One row (slot 1), made at the first need and shared by every instance;
-- key_pem is a PKCS#8 PEM private key, cert_pem its self-signed certificate (published in the SP metadata).
CREATE TABLE sp_credentials (
    slot       BIGINT NOT NULL PRIMARY KEY CHECK (slot = 1),
    key_pem    TEXT   NOT NULL CHECK (char_length(key_pem) BETWEEN 100 AND 20000),
    cert_pem   TEXT   NOT NULL CHECK (char_length(cert_pem) BETWEEN 100 AND 20000),
    created_at BIGINT NOT NULL
);
