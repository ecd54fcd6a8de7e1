-- Trust around the pool. SQLite dialect; keep in step with ../postgres/0013_server_trust.sql.
-- shared: a server an institution contributes serves only that institution until an operator admits it to the
-- shared pool (1). The network's own servers (institution_id NULL) serve everyone whatever this says. Servers
-- institutions added before this migration start unshared: until now they received every institution's meetings
-- (with moderator passwords and callback tokens) without anyone deciding they should; an operator shares them.
-- Integers as booleans: the portable (Any) driver has no SQLite boolean type.
ALTER TABLE servers ADD COLUMN shared BIGINT NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));
-- ca_pem: PEM certificates of a private CA trusted for this server's https, besides the web PKI and the system's
-- trust store (NULL: those only).
ALTER TABLE servers ADD COLUMN ca_pem TEXT CHECK (ca_pem IS NULL OR length(ca_pem) <= 65536);
