-- Sign-ins waiting for an operator to link them. SQLite dialect; keep in step with ../postgres/0024_link_requests.sql.
-- A person an identity provider vouched for whose e-mail address already belongs to a Convene account is not let
-- into that account (the provider may not speak for it): the attempt waits here until an operator links the
-- provider's identity to the account, or dismisses it. Personal data, seen by operators only; forgotten after 30
-- days (housekeeping) or when resolved.
CREATE TABLE link_requests (
    id             INTEGER PRIMARY KEY,
    provider       TEXT    NOT NULL CHECK (length(provider) BETWEEN 1 AND 300),
    subject        TEXT    NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    email          TEXT    NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    display_name   TEXT    NOT NULL DEFAULT '' CHECK (length(display_name) <= 120),
    provider_name  TEXT    NOT NULL CHECK (length(provider_name) BETWEEN 1 AND 120),
    institution_id BIGINT  NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    created_at     BIGINT  NOT NULL,
    UNIQUE (provider, subject)
);
