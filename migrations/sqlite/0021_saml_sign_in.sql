-- Sign-in through SAML 2.0 identity providers. SQLite dialect; keep in step with ../postgres/0021_saml_sign_in.sql.
-- saml_idps: an IdP known by its metadata (entity id, single sign-on address, signing certificates, scopes), added
-- by an operator for an institution. metadata_xml is the IdP's EntityDescriptor as it was checked when stored;
-- scopes: its shibmd:Scope values, space-separated (a value it vouches for must end in one of them);
-- valid_until: the metadata's validUntil (unix seconds), after which it is not used.
CREATE TABLE saml_idps (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT  NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    entity_id      TEXT    NOT NULL UNIQUE CHECK (length(entity_id) BETWEEN 1 AND 290),
    display_name   TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    sso_url        TEXT    NOT NULL CHECK (length(sso_url) BETWEEN 8 AND 2000),
    scopes         TEXT    NOT NULL DEFAULT '' CHECK (length(scopes) <= 4000),
    metadata_xml   TEXT    NOT NULL CHECK (length(metadata_xml) BETWEEN 1 AND 1048576),
    metadata_url   TEXT    CHECK (metadata_url IS NULL OR length(metadata_url) <= 2000),
    valid_until    BIGINT,
    default_role   TEXT    NOT NULL DEFAULT 'member' CHECK (default_role IN ('admin', 'member', 'guest', 'none')),
    enabled        BIGINT  NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);
CREATE INDEX saml_idps_institution ON saml_idps (institution_id);

-- saml_flows: one browser's SAML sign-in in progress, found by the hash of its short-lived flow cookie (id) and by
-- the RelayState the IdP sends back (relay_state, random, never a URL). request_id: the AuthnRequest's ID, the
-- only InResponseTo accepted. person: set once by the assertion consumer service when the IdP's answer verified
-- (what the IdP said about the person, JSON), taken by the same browser's next request, which signs it in.
CREATE TABLE saml_flows (
    id          TEXT    PRIMARY KEY CHECK (length(id) = 64),
    idp_id      BIGINT  NOT NULL REFERENCES saml_idps (id) ON DELETE CASCADE,
    relay_state TEXT    NOT NULL UNIQUE CHECK (length(relay_state) BETWEEN 32 AND 80),
    request_id  TEXT    NOT NULL UNIQUE CHECK (length(request_id) BETWEEN 32 AND 80),
    next        TEXT    NOT NULL CHECK (length(next) <= 2000),
    person      TEXT    CHECK (person IS NULL OR length(person) <= 65536),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX saml_flows_expiry ON saml_flows (expires_at);

-- saml_assertions: the ids of assertions already used (the hash of the IdP's entity id and the assertion's ID),
-- kept until the assertion could no longer be accepted anyway: the same answer never signs anyone in twice, on
-- any instance.
CREATE TABLE saml_assertions (
    id         TEXT   PRIMARY KEY CHECK (length(id) = 64),
    expires_at BIGINT NOT NULL
);
CREATE INDEX saml_assertions_expiry ON saml_assertions (expires_at);
