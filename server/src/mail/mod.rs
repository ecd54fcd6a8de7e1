//! E-mail: invitations with the calendar file, reminders, approval decisions and cancellations. Messages are
//! composed in the reader's language (`compose`, pure), queued in the outbox with the change they tell about, and
//! sent through the SMTP relay by the worker (`sender`).

pub mod compose;
pub mod outbox_page;
pub mod sender;
