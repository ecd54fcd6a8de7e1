//! What Convene writes by e-mail, in the reader's language: invitations, reminders, approval decisions and
//! cancellations. Pure: the caller gives the facts (already in the reader's time zone) and gets subject and body.

use app::i18n::Lang;

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

macro_rules! words {
    ($lang:expr; $en:expr, $it:expr, $pt:expr, $ru:expr $(,)?) => {
        match $lang {
            Lang::En => $en,
            Lang::It => $it,
            Lang::PtBr => $pt,
            Lang::Ru => $ru,
        }
    };
}

fn details(lang: Lang, f: &Facts) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}: {}\n", words!(lang; "When", "Quando", "Quando", "Когда"), f.when));
    if let Some(n) = f.occurrences.filter(|n| *n > 1) {
        out.push_str(&format!(
            "{}\n",
            words!(lang;
                "Repeats: {n} meetings in all (the calendar file lists them).",
                "Si ripete: {n} incontri in tutto (il file del calendario li elenca).",
                "Repete: {n} reuniões ao todo (o arquivo de calendário lista todas).",
                "Повторяется: всего {n} встреч (все они есть в файле календаря).")
            .replace("{n}", &n.to_string())
        ));
    }
    out.push_str(&format!("{}: {} — {}\n", words!(lang; "Room", "Stanza", "Sala", "Комната"), f.room, f.institution));
    if !f.organizer.is_empty() {
        out.push_str(&format!(
            "{}: {}\n",
            words!(lang; "Organizer", "Organizzatore", "Organizador", "Организатор"),
            f.organizer
        ));
    }
    if !f.description.is_empty() {
        out.push('\n');
        out.push_str(&f.description);
        out.push('\n');
    }
    out
}

fn join_lines(lang: Lang, f: &Facts) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\n{}\n  {}\n",
        words!(lang;
            "With an account of the institution: sign in and join from the room's page",
            "Con un account dell'istituzione: accedi ed entra dalla pagina della stanza",
            "Com uma conta da instituição: entre e participe pela página da sala",
            "С учётной записью учреждения: войдите и подключитесь со страницы комнаты"),
        f.room_url
    ));
    if let Some(g) = &f.guest_url {
        out.push_str(&format!(
            "{}\n  {}\n",
            words!(lang;
                "Without an account: open this guest link and give your name",
                "Senza account: apri questo link per ospiti e indica il tuo nome",
                "Sem conta: abra este link de convidado e informe seu nome",
                "Без учётной записи: откройте гостевую ссылку и укажите своё имя"),
            g
        ));
    }
    out
}

fn signature(lang: Lang) -> &'static str {
    words!(lang;
        "\n— Convene, web conferencing of the network\n",
        "\n— Convene, videoconferenze della rete\n",
        "\n— Convene, webconferência da rede\n",
        "\n— Convene, веб-конференции сети\n")
}

/// To someone invited to a booking (the calendar file goes with it).
pub fn invitation(lang: Lang, f: &Facts) -> Letter {
    let subject =
        format!("{}: {} — {}", words!(lang; "Invitation", "Invito", "Convite", "Приглашение"), f.title, f.when);
    let intro = words!(lang;
        "{who} invites you to a web meeting.",
        "{who} ti invita a una riunione online.",
        "{who} convida você para uma reunião on-line.",
        "{who} приглашает вас на веб-встречу.")
    .replace("{who}", if f.organizer.is_empty() { "Convene" } else { &f.organizer });
    Letter { subject, body: format!("{intro}\n\n{}{}{}", details(lang, f), join_lines(lang, f), signature(lang)) }
}

/// To the person who booked, listing whom the invitation went to.
pub fn invitations_sent(lang: Lang, f: &Facts, to: &[String]) -> Letter {
    let subject =
        format!("{}: {} — {}", words!(lang; "Booked", "Prenotato", "Reservado", "Забронировано"), f.title, f.when);
    let intro = words!(lang;
        "Your booking is confirmed. The invitation went to:",
        "La tua prenotazione è confermata. L'invito è stato inviato a:",
        "Sua reserva está confirmada. O convite foi enviado para:",
        "Ваша бронь подтверждена. Приглашение отправлено:");
    let list: String = to.iter().map(|t| format!("  {t}\n")).collect();
    Letter { subject, body: format!("{intro}\n{list}\n{}{}{}", details(lang, f), join_lines(lang, f), signature(lang)) }
}

/// Shortly before a booking starts; `invited` adds a word for guests about their link.
pub fn reminder(lang: Lang, f: &Facts, minutes: u32, invited: bool) -> Letter {
    let subject =
        format!("{}: {} — {}", words!(lang; "Reminder", "Promemoria", "Lembrete", "Напоминание"), f.title, f.when);
    let intro = words!(lang;
        "Your meeting starts in {n} minutes.",
        "La riunione inizia tra {n} minuti.",
        "Sua reunião começa em {n} minutos.",
        "Встреча начнётся через {n} мин.")
    .replace("{n}", &minutes.to_string());
    let join = Facts { guest_url: None, ..f.clone() };
    let hint = if invited {
        words!(lang;
            "Without an account: use the guest link from the invitation.\n",
            "Senza account: usa il link per ospiti dell'invito.\n",
            "Sem conta: use o link de convidado do convite.\n",
            "Без учётной записи: используйте гостевую ссылку из приглашения.\n")
    } else {
        ""
    };
    Letter {
        subject,
        body: format!("{intro}\n\n{}{}{hint}{}", details(lang, f), join_lines(lang, &join), signature(lang)),
    }
}

/// To the person who booked, when an institution admin decided on a booking that needed approval.
pub fn decision(lang: Lang, f: &Facts, approved: bool, reason: &str) -> Letter {
    let (word, intro) = if approved {
        (
            words!(lang; "Approved", "Approvata", "Aprovada", "Одобрено"),
            words!(lang;
                "Your booking was approved; it is confirmed.",
                "La tua prenotazione è stata approvata ed è confermata.",
                "Sua reserva foi aprovada e está confirmada.",
                "Ваша бронь одобрена и подтверждена."),
        )
    } else {
        (
            words!(lang; "Not approved", "Non approvata", "Não aprovada", "Не одобрено"),
            words!(lang;
                "Your booking was not approved; the time is free again.",
                "La tua prenotazione non è stata approvata; l'orario è di nuovo libero.",
                "Sua reserva não foi aprovada; o horário está livre novamente.",
                "Ваша бронь не одобрена; время снова свободно."),
        )
    };
    let mut body = format!("{intro}\n");
    if !reason.is_empty() {
        body.push_str(&format!("{}: {reason}\n", words!(lang; "Reason", "Motivo", "Motivo", "Причина")));
    }
    body.push('\n');
    body.push_str(&details(lang, f));
    if approved {
        body.push_str(&join_lines(lang, &Facts { guest_url: None, ..f.clone() }));
    }
    body.push_str(signature(lang));
    Letter { subject: format!("{word}: {} — {}", f.title, f.when), body }
}

/// To the people invited, when the time or the details of a booking (or of several occurrences) changed.
pub fn update(lang: Lang, f: &Facts) -> Letter {
    let intro = words!(lang;
        "This meeting has changed. As it is now:",
        "Questa riunione è cambiata. Ecco com'è ora:",
        "Esta reunião mudou. Como está agora:",
        "Встреча изменилась. Сейчас она такая:");
    let join = Facts { guest_url: None, ..f.clone() };
    Letter {
        subject: format!(
            "{}: {} — {}",
            words!(lang; "Updated", "Aggiornata", "Atualizada", "Изменено"),
            f.title,
            f.when
        ),
        body: format!("{intro}\n\n{}{}{}", details(lang, f), join_lines(lang, &join), signature(lang)),
    }
}

/// To the people invited, when a booking (or one occurrence) is cancelled.
pub fn cancellation(lang: Lang, f: &Facts) -> Letter {
    let intro = words!(lang;
        "This meeting is cancelled.",
        "Questa riunione è annullata.",
        "Esta reunião foi cancelada.",
        "Эта встреча отменена.");
    Letter {
        subject: format!(
            "{}: {} — {}",
            words!(lang; "Cancelled", "Annullata", "Cancelada", "Отменено"),
            f.title,
            f.when
        ),
        body: format!("{intro}\n\n{}{}", details(lang, f), signature(lang)),
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
