-- Who vouched for a server's address. PostgreSQL dialect; keep in step with ../sqlite/0016_server_public_only.sql.
-- public_only (1): added by an institution's admin, so reached only on public addresses, at registration and at
-- every later call (its name may come to resolve elsewhere). An operator may register a server on a private
-- address, also one contributed by an institution (0). Servers of institutions registered before this migration
-- keep the rule they had (public addresses only); the network's own servers never had it.
ALTER TABLE servers ADD COLUMN public_only BIGINT NOT NULL DEFAULT 0 CHECK (public_only IN (0, 1));
UPDATE servers SET public_only = 1 WHERE institution_id IS NOT NULL;
