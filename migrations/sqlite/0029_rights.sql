-- Rights beyond the role, from an institution's sign-in rules. SQLite dialect; keep in step with ../postgres/0029_rights.sql.
-- Each: NULL = as the institution's booking policy lets the role; 1 = may; 0 = may not.
ALTER TABLE role_rules ADD COLUMN may_book BIGINT CHECK (may_book IS NULL OR may_book IN (0, 1));
ALTER TABLE role_rules ADD COLUMN may_record BIGINT CHECK (may_record IS NULL OR may_record IN (0, 1));
ALTER TABLE role_rules ADD COLUMN may_personal_room BIGINT CHECK (may_personal_room IS NULL OR may_personal_room IN (0, 1));
-- What the rule that gave a membership said (NULL when an admin set the role by hand).
ALTER TABLE memberships ADD COLUMN may_book BIGINT CHECK (may_book IS NULL OR may_book IN (0, 1));
ALTER TABLE memberships ADD COLUMN may_record BIGINT CHECK (may_record IS NULL OR may_record IN (0, 1));
ALTER TABLE memberships ADD COLUMN may_personal_room BIGINT CHECK (may_personal_room IS NULL OR may_personal_room IN (0, 1));
