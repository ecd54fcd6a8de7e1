-- A federation-wide OpenID Connect proxy: one issuer for many institutions, each person's institution read from a
-- claim (schac_home_organization, or the scope of a scoped value such as eduperson_principal_name) and found among
-- the institutions' home organization domains. PostgreSQL dialect; keep in step with ../sqlite/0030_home_organizations.sql.
ALTER TABLE identity_providers ADD COLUMN home_claim TEXT CHECK (home_claim IS NULL OR length(home_claim) BETWEEN 1 AND 200);

-- Each domain names one institution at most (two institutions cannot both claim a person's home).
CREATE TABLE institution_domains (
    domain         TEXT   PRIMARY KEY CHECK (length(domain) BETWEEN 3 AND 253),
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE
);
CREATE INDEX institution_domains_institution ON institution_domains (institution_id);
