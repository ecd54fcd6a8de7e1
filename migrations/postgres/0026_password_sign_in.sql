-- Whether an institution's members may sign in with a password as well as through its identity providers.
-- PostgreSQL dialect; keep in step with ../sqlite/0026_password_sign_in.sql. 1: allowed (every institution so far),
-- 0: only its identity providers (operators keep their passwords whatever their institutions say).
ALTER TABLE institutions ADD COLUMN password_sign_in BIGINT NOT NULL DEFAULT 1 CHECK (password_sign_in IN (0, 1));
