-- An institution's help page, privacy notice and contact (https:// or mailto: addresses; empty: none), set by its
-- admins and shown in its members' page footers. PostgreSQL dialect; keep in step with
-- ../sqlite/0035_institution_links.sql.
ALTER TABLE institutions ADD COLUMN help_url TEXT NOT NULL DEFAULT '' CHECK (length(help_url) <= 2000);
ALTER TABLE institutions ADD COLUMN privacy_url TEXT NOT NULL DEFAULT '' CHECK (length(privacy_url) <= 2000);
ALTER TABLE institutions ADD COLUMN contact_url TEXT NOT NULL DEFAULT '' CHECK (length(contact_url) <= 2000);
