//! What Convene writes by e-mail, in the reader's language: invitations, reminders, approval decisions and
//! cancellations. The words are messages of the app's Fluent files (`app/locales/`), as the pages' are. Pure: the
//! caller gives the facts (already in the reader's time zone) and gets subject and body.

use app::i18n::{Lang, T};

/// The facts of one booking as the reader sees them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub title: String,
    pub description: String,
    pub room: String,
    pub institution: String,
    /// When, in the reader's zone, e.g. `2026-11-23 10:00–11:00 (Europe/Rome)`.
    pub when: String,
    /// For a series: how many occurrences the invitation covers.
    pub occurrences: Option<usize>,
    /// Who booked it.
    pub organizer: String,
    /// The room's page (members join from there).
    pub room_url: String,
    /// A guest link for people without an account, when the room admits guests.
    pub guest_url: Option<String>,
}

/// A subject and a plain-text body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

fn details(lang: Lang, f: &Facts) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}: {}\n", T::MailWhen.in_lang(lang), f.when));
    if let Some(n) = f.occurrences.filter(|n| *n > 1) {
        out.push_str(&T::MailRepeats.with(lang, &[("n", n.into())]));
        out.push('\n');
    }
    out.push_str(&format!("{}: {} — {}\n", T::MailRoom.in_lang(lang), f.room, f.institution));
    if !f.organizer.is_empty() {
        out.push_str(&format!("{}: {}\n", T::MailOrganizer.in_lang(lang), f.organizer));
    }
    if !f.description.is_empty() {
        out.push('\n');
        out.push_str(&f.description);
        out.push('\n');
    }
    out
}

fn join_lines(lang: Lang, f: &Facts) -> String {
    let mut out = format!("\n{}\n  {}\n", T::MailJoinMembers.in_lang(lang), f.room_url);
    if let Some(g) = &f.guest_url {
        out.push_str(&format!("{}\n  {}\n", T::MailJoinGuests.in_lang(lang), g));
    }
    out
}

/// The closing line: the institution whose room it is, through Convene (or Convene alone).
fn signature(lang: Lang, institution: &str) -> String {
    let institution: String = institution.chars().filter(|c| !c.is_control()).take(200).collect();
    if institution.is_empty() {
        format!("\n{}\n", T::MailSignature.in_lang(lang))
    } else {
        format!("\n{}\n", T::MailSignatureOf.with(lang, &[("institution", institution.into())]))
    }
}

/// `Word: title — when`, the subject of every message about a booking.
fn subject(word: T, lang: Lang, f: &Facts) -> String {
    format!("{}: {} — {}", word.in_lang(lang), f.title, f.when)
}

/// To someone invited to a booking (the calendar file goes with it).
pub fn invitation(lang: Lang, f: &Facts) -> Letter {
    let who = if f.organizer.is_empty() { "Convene" } else { &f.organizer };
    let intro = T::MailInvites.with(lang, &[("who", who.into())]);
    Letter {
        subject: subject(T::MailInvitation, lang, f),
        body: format!("{intro}\n\n{}{}{}", details(lang, f), join_lines(lang, f), signature(lang, &f.institution)),
    }
}

/// To the person who booked, listing whom the invitation went to.
pub fn invitations_sent(lang: Lang, f: &Facts, to: &[String]) -> Letter {
    let intro = T::MailBookedIntro.in_lang(lang);
    let list: String = to.iter().map(|t| format!("  {t}\n")).collect();
    Letter {
        subject: subject(T::MailBooked, lang, f),
        body: format!(
            "{intro}\n{list}\n{}{}{}",
            details(lang, f),
            join_lines(lang, f),
            signature(lang, &f.institution)
        ),
    }
}

/// Shortly before a booking starts; `invited` adds a word for guests about their link.
pub fn reminder(lang: Lang, f: &Facts, minutes: u32, invited: bool) -> Letter {
    let intro = T::MailReminderIntro.with(lang, &[("n", minutes.into())]);
    let join = Facts { guest_url: None, ..f.clone() };
    let hint = if invited { format!("{}\n", T::MailGuestHint.in_lang(lang)) } else { String::new() };
    Letter {
        subject: subject(T::MailReminder, lang, f),
        body: format!(
            "{intro}\n\n{}{}{hint}{}",
            details(lang, f),
            join_lines(lang, &join),
            signature(lang, &f.institution)
        ),
    }
}

/// To the person who booked, when an institution admin decided on a booking that needed approval.
pub fn decision(lang: Lang, f: &Facts, approved: bool, reason: &str) -> Letter {
    let (word, intro) =
        if approved { (T::MailApproved, T::MailApprovedIntro) } else { (T::MailNotApproved, T::MailNotApprovedIntro) };
    let mut body = format!("{}\n", intro.in_lang(lang));
    if !reason.is_empty() {
        body.push_str(&format!("{}: {reason}\n", T::MailReason.in_lang(lang)));
    }
    body.push('\n');
    body.push_str(&details(lang, f));
    if approved {
        body.push_str(&join_lines(lang, &Facts { guest_url: None, ..f.clone() }));
    }
    body.push_str(&signature(lang, &f.institution));
    Letter { subject: subject(word, lang, f), body }
}

/// To the people invited, when the time or the details of a booking (or of several occurrences) changed.
pub fn update(lang: Lang, f: &Facts) -> Letter {
    let join = Facts { guest_url: None, ..f.clone() };
    Letter {
        subject: subject(T::MailUpdated, lang, f),
        body: format!(
            "{}\n\n{}{}{}",
            T::MailUpdatedIntro.in_lang(lang),
            details(lang, f),
            join_lines(lang, &join),
            signature(lang, &f.institution)
        ),
    }
}

/// To the people invited, when a booking (or one occurrence) is cancelled.
pub fn cancellation(lang: Lang, f: &Facts) -> Letter {
    Letter {
        subject: subject(T::MailCancelled, lang, f),
        body: format!(
            "{}\n\n{}{}",
            T::MailCancelledIntro.in_lang(lang),
            details(lang, f),
            signature(lang, &f.institution)
        ),
    }
}

/// To someone who asked to choose a new password: the link, how long it works, and what to do if they did not
/// ask. `name` is the account's (written by a person: only ever placed as text in a plain-text body).
pub fn password_reset(lang: Lang, name: &str, url: &str, minutes: i64) -> Letter {
    let name: String = name.chars().filter(|c| !c.is_control()).take(120).collect();
    Letter {
        subject: T::MailResetSubject.in_lang(lang).to_owned(),
        body: format!(
            "{}\n\n{}\n\n  {url}\n\n{}\n{}",
            T::MailResetHello.with(lang, &[("name", name.into())]),
            T::MailResetIntro.with(lang, &[("n", minutes.into())]),
            T::MailResetIgnore.in_lang(lang),
            signature(lang, "")
        ),
    }
}

/// The operators' test message (`convene mail-test`).
pub fn test_message() -> Letter {
    Letter {
        subject: "Convene: test message".into(),
        body: "This message shows that Convene can send e-mail through the configured relay.\n".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_letter_carries_the_link_and_no_control_characters_of_the_name() {
        let l = password_reset(Lang::En, "Eve\r\nBcc: x@evil.example", "https://c.example/login/reset/ab", 30);
        assert!(l.body.contains("https://c.example/login/reset/ab"), "{}", l.body);
        assert!(l.body.contains("EveBcc: x@evil.example"), "control characters dropped: {}", l.body);
        assert!(l.body.contains("30 minutes"), "{}", l.body);
        assert!(!l.subject.contains('\n'));
    }

    fn facts() -> Facts {
        Facts {
            title: "Fisica 1".into(),
            description: "Capitolo 3".into(),
            room: "Aula Magna".into(),
            institution: "Sapienza".into(),
            when: "2026-11-23 10:00–11:00 (Europe/Rome)".into(),
            occurrences: Some(4),
            organizer: "Marco Rossi".into(),
            room_url: "https://convene.example/rooms/3".into(),
            guest_url: Some("https://convene.example/guest/abc".into()),
        }
    }

    #[test]
    fn an_invitation_says_who_when_where_and_how_to_join() {
        let l = invitation(Lang::En, &facts());
        assert_eq!(l.subject, "Invitation: Fisica 1 — 2026-11-23 10:00–11:00 (Europe/Rome)");
        for part in ["Marco Rossi invites you", "When: 2026-11-23", "4 meetings", "Aula Magna — Sapienza", "Capitolo 3"]
        {
            assert!(l.body.contains(part), "{part}: {}", l.body);
        }
        assert!(l.body.contains("https://convene.example/rooms/3") && l.body.contains("/guest/abc"));
        let it = invitation(Lang::It, &facts());
        assert!(it.subject.starts_with("Invito:") && it.body.contains("ti invita"));
        // Signed by the room's institution, through Convene; a message about no institution by Convene alone.
        assert!(l.body.trim_end().ends_with("— Sapienza, with Convene, web conferencing of the network"), "{}", l.body);
        let reset = password_reset(Lang::En, "Ada", "https://convene.example/login/reset/x", 30);
        assert!(reset.body.trim_end().ends_with("— Convene, web conferencing of the network"));
    }

    #[test]
    fn every_language_has_its_own_words() {
        let f = facts();
        for lang in Lang::ALL {
            let all = [
                invitation(lang, &f),
                reminder(lang, &f, 30, true),
                decision(lang, &f, true, ""),
                decision(lang, &f, false, "no"),
                cancellation(lang, &f),
                update(lang, &f),
                invitations_sent(lang, &f, &["a@b.example".into()]),
            ];
            for l in &all {
                assert!(l.subject.contains("Fisica 1") && !l.body.is_empty());
            }
            if lang != Lang::En {
                assert_ne!(all[0].subject, invitation(Lang::En, &f).subject, "{lang:?}");
            }
        }
    }

    #[test]
    fn a_series_is_counted_in_the_reader_plural_forms() {
        let with = |lang, n| invitation(lang, &Facts { occurrences: Some(n), ..facts() }).body;
        assert!(with(Lang::Ru, 3).contains("Повторяется: всего 3 встречи ("), "{}", with(Lang::Ru, 3));
        assert!(with(Lang::Ru, 5).contains("всего 5 встреч ("));
        assert!(with(Lang::Ru, 21).contains("всего 21 встреча ("));
        assert!(with(Lang::It, 2).contains("Si ripete: 2 incontri in tutto"));
        assert!(with(Lang::PtBr, 2).contains("Repete: 2 reuniões ao todo"));
        assert!(with(Lang::En, 4).contains("Repeats: 4 meetings in all"));
        // One occurrence is no series: nothing said.
        assert!(!with(Lang::En, 1).contains("Repeats"));
        let ru = reminder(Lang::Ru, &facts(), 1, false);
        assert!(ru.body.starts_with("Встреча начнётся через 1 минуту."), "{}", ru.body);
    }

    #[test]
    fn reminders_and_decisions_leave_the_guest_link_out() {
        let f = facts();
        assert!(!reminder(Lang::En, &f, 30, true).body.contains("/guest/abc"));
        assert!(reminder(Lang::En, &f, 30, true).body.contains("in 30 minutes"));
        assert!(reminder(Lang::En, &f, 30, true).body.contains("guest link from the invitation"));
        assert!(!reminder(Lang::En, &f, 30, false).body.contains("guest link"));
        let rejected = decision(Lang::En, &f, false, "room needed for exams");
        assert!(
            rejected.subject.starts_with("Not approved") && rejected.body.contains("Reason: room needed for exams")
        );
        assert!(!rejected.body.contains("/rooms/3"));
        assert!(decision(Lang::En, &f, true, "").body.contains("/rooms/3"));
    }
}
