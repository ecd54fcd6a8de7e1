-- A guest link sent with an invitation is the invited person's own (invitee: their address), so that taking them off
-- the invitation stops their link and nobody else's. Links made before this column hold NULL (one link shared by
-- the people invited together). PostgreSQL dialect; keep in step with ../sqlite/0037_invitee_guest_links.sql.
ALTER TABLE guest_links ADD COLUMN invitee TEXT CHECK (invitee IS NULL OR char_length(invitee) <= 254);
