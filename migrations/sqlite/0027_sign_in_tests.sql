-- "Test sign-in": an institution's admin goes through one of its identity providers with a test account and sees
-- what Convene received and the role the rules would give, without signing in as that person or making an account.
-- SQLite dialect; keep in step with ../postgres/0027_sign_in_tests.sql.
-- test_by: the admin a flow is a test for (NULL: a real sign-in).
ALTER TABLE login_flows ADD COLUMN test_by BIGINT REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE saml_flows ADD COLUMN test_by BIGINT REFERENCES users (id) ON DELETE CASCADE;

-- The last test of each admin per institution (JSON, shown to that admin only; forgotten after a day).
CREATE TABLE sign_in_tests (
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    result         TEXT   NOT NULL CHECK (length(result) <= 262144),
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (user_id, institution_id)
);
