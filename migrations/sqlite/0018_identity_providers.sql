-- Federated sign-in, OpenID Connect first. SQLite dialect; keep in step with ../postgres/0018_identity_providers.sql.
-- identity_providers: where an institution's people sign in. An operator adds one (the provider's address is an
-- operator's decision, so it may be private); ca_pem: PEM certificates of a private CA trusted for its https
-- besides the web PKI. default_role: what a person matching no rule becomes ('none': not admitted).
CREATE TABLE identity_providers (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT  NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('oidc')),
    issuer         TEXT    NOT NULL CHECK (length(issuer) BETWEEN 8 AND 290),
    display_name   TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    client_id      TEXT    NOT NULL CHECK (length(client_id) BETWEEN 1 AND 300),
    client_secret  TEXT    NOT NULL CHECK (length(client_secret) BETWEEN 1 AND 500),
    ca_pem         TEXT    CHECK (ca_pem IS NULL OR length(ca_pem) <= 65536),
    scopes         TEXT    NOT NULL DEFAULT 'openid email profile' CHECK (length(scopes) BETWEEN 6 AND 500),
    default_role   TEXT    NOT NULL DEFAULT 'member' CHECK (default_role IN ('admin', 'member', 'guest', 'none')),
    enabled        BIGINT  NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at     BIGINT  NOT NULL,
    UNIQUE (issuer, client_id)
);
CREATE INDEX identity_providers_institution ON identity_providers (institution_id);

-- role_rules: an institution's rules from a claim's value to a role, tried in position order; the first match wins.
-- pattern: the value itself, or with a leading or trailing * (any prefix or suffix).
CREATE TABLE role_rules (
    id             INTEGER PRIMARY KEY,
    institution_id BIGINT  NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    position       BIGINT  NOT NULL,
    claim          TEXT    NOT NULL CHECK (length(claim) BETWEEN 1 AND 200),
    pattern        TEXT    NOT NULL CHECK (length(pattern) BETWEEN 1 AND 300),
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'member', 'guest', 'none')),
    created_at     BIGINT  NOT NULL,
    UNIQUE (institution_id, position)
);

-- login_flows: one browser's sign-in in progress, kept on the server and found by the hash of a short-lived flow
-- cookie; taken (deleted) by the callback, so a flow is used once. state, nonce and the PKCE verifier never leave
-- the server except as the provider's protocol sends them.
CREATE TABLE login_flows (
    id            TEXT    PRIMARY KEY CHECK (length(id) = 64),
    provider_id   BIGINT  NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    state         TEXT    NOT NULL,
    nonce         TEXT    NOT NULL,
    pkce_verifier TEXT    NOT NULL,
    next          TEXT    NOT NULL CHECK (length(next) <= 2000),
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL
);
CREATE INDEX login_flows_expiry ON login_flows (expires_at);
