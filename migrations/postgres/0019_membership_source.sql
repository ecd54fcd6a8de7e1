-- Where a membership's role comes from. PostgreSQL dialect; keep in step with ../sqlite/0019_membership_source.sql.
-- granted_by: NULL when an admin (or the demo, or an operator's command) set it by hand; otherwise what the
-- institution's sign-in rules matched at the person's last sign-in ("<claim> <value>", or "default <provider>"),
-- shown to the person on their account page.
ALTER TABLE memberships ADD COLUMN granted_by TEXT CHECK (granted_by IS NULL OR char_length(granted_by) <= 400);
