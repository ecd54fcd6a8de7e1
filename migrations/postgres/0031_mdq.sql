-- Federations that publish per-entity metadata through the Metadata Query protocol (MDQ) instead of an aggregate:
-- metadata_url is then the service's base address, and federation_idps holds the entities looked up so far, each
-- with the validity its own signed answer gave. PostgreSQL dialect; keep in step with ../sqlite/0031_mdq.sql.
ALTER TABLE saml_federations ADD COLUMN mdq BIGINT NOT NULL DEFAULT 0 CHECK (mdq IN (0, 1));
ALTER TABLE federation_idps ADD COLUMN valid_until BIGINT;
