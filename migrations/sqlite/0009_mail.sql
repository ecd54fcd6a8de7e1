-- E-mail: who a booking invites, the outbox every message goes through, and which bookings had their reminder.
-- SQLite dialect; keep in step with ../postgres/0009_mail.sql.

-- People invited to a booking, or to every occurrence of a series (exactly one of the two is set).
CREATE TABLE booking_invitees (
    id         INTEGER PRIMARY KEY,
    booking_id BIGINT REFERENCES bookings (id) ON DELETE CASCADE,
    series_id  BIGINT REFERENCES booking_series (id) ON DELETE CASCADE,
    email      TEXT   NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    CHECK ((booking_id IS NULL) <> (series_id IS NULL))
);
CREATE INDEX booking_invitees_booking ON booking_invitees (booking_id);
CREATE INDEX booking_invitees_series ON booking_invitees (series_id);

-- Every message is written here in the same transaction as the change it tells about, then sent by the mail
-- worker with retries: nothing is lost when the SMTP relay is down or the process stops. Once sent, the body and
-- the attachment are wiped (they may carry a guest link).
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT   NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    subject         TEXT   NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body            TEXT   NOT NULL,
    -- an iCalendar attachment and its METHOD (REQUEST, CANCEL, PUBLISH)
    ics             TEXT,
    ics_method      TEXT   CHECK (ics_method IS NULL OR ics_method IN ('REQUEST', 'CANCEL', 'PUBLISH')),
    kind            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    sent_at         BIGINT,
    failed_at       BIGINT,
    last_error      TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- A booking whose reminder went out (the row is taken before the messages are queued, so two workers never
-- remind twice).
CREATE TABLE booking_reminders (
    booking_id BIGINT PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
    sent_at    BIGINT NOT NULL
);
