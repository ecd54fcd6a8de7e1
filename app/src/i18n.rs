//! Every string of the interface in English, Italian, Brazilian Portuguese and Russian. A key without all four
//! translations does not compile.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    It,
    PtBr,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::It, Lang::PtBr, Lang::Ru];

    /// The BCP 47 tag, as used in `lang` attributes, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::PtBr => "pt-BR",
            Lang::Ru => "ru",
        }
    }

    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
            Lang::PtBr => "Português (Brasil)",
            Lang::Ru => "Русский",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        match c.as_str() {
            "en" => Some(Lang::En),
            "it" => Some(Lang::It),
            "pt-br" | "pt_br" | "pt" => Some(Lang::PtBr),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header, honouring q-values; `None` if none fits.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in accept_language.split(',').take(20) {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = Lang::from_code(&tag).or_else(|| Lang::from_code(primary));
            if let Some(l) = lang
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, l));
            }
        }
        best.map(|(_, l)| l)
    }
}

macro_rules! messages {
    ($($key:ident { $en:expr, $it:expr, $pt:expr, $ru:expr $(,)? })*) => {
        /// A message of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn in_lang(self, lang: Lang) -> &'static str {
                match self {
                    $(T::$key => match lang {
                        Lang::En => $en,
                        Lang::It => $it,
                        Lang::PtBr => $pt,
                        Lang::Ru => $ru,
                    }),*
                }
            }
        }
    };
}

messages! {
    SkipToContent { "Skip to content", "Vai al contenuto", "Pular para o conteúdo", "Перейти к содержимому" }
    NavMain { "Main", "Principale", "Principal", "Основная навигация" }
    NavHome { "Home", "Home", "Início", "Главная" }
    NavLogin { "Sign in", "Accedi", "Entrar", "Войти" }
    NavAccount { "Account", "Account", "Conta", "Профиль" }
    NavInstitutions { "Institutions", "Istituzioni", "Instituições", "Организации" }
    NavMembers { "Members", "Membri", "Membros", "Участники" }
    Logout { "Sign out", "Esci", "Sair", "Выйти" }
    ChangeLanguage { "Change", "Cambia", "Alterar", "Сменить" }
    FooterTagline {
        "Convene — federated web conferencing for research and education",
        "Convene — videoconferenza federata per la ricerca e l'istruzione",
        "Convene — webconferência federada para pesquisa e educação",
        "Convene — федеративные веб-конференции для науки и образования",
    }
    Loading { "Loading…", "Caricamento…", "Carregando…", "Загрузка…" }
    HomeTitle { "Meet across your network", "Incontrarsi in tutta la rete", "Encontre-se em toda a sua rede", "Встречи по всей сети" }
    HomeLead {
        "Book virtual rooms, start meetings on the shared pool of conference servers, and invite guests — with your institution's account.",
        "Prenota stanze virtuali, avvia riunioni sul pool condiviso di server di conferenza e invita ospiti, con l'account della tua istituzione.",
        "Reserve salas virtuais, inicie reuniões no conjunto compartilhado de servidores de conferência e convide visitantes, com a conta da sua instituição.",
        "Бронируйте виртуальные комнаты, запускайте встречи на общем пуле серверов конференций и приглашайте гостей — с учётной записью вашей организации.",
    }
    HomeWelcome { "Welcome, {name}", "Benvenuto, {name}", "Bem-vindo(a), {name}", "Добро пожаловать, {name}" }
    HomeOperator { "Network operation", "Gestione della rete", "Operação da rede", "Управление сетью" }
    HomeOperatorText {
        "You operate the network: manage its institutions and their administrators.",
        "Gestisci la rete: amministra le istituzioni e i loro amministratori.",
        "Você opera a rede: gerencie as instituições e seus administradores.",
        "Вы управляете сетью: организациями и их администраторами.",
    }
    HomeYourInstitutions { "Your institutions", "Le tue istituzioni", "Suas instituições", "Ваши организации" }
    HomeNoInstitution {
        "You are not a member of any institution yet. Ask your institution's administrator to add you.",
        "Non fai ancora parte di alcuna istituzione. Chiedi all'amministratore della tua istituzione di aggiungerti.",
        "Você ainda não é membro de nenhuma instituição. Peça ao administrador da sua instituição para adicioná-lo(a).",
        "Вы пока не состоите ни в одной организации. Попросите администратора вашей организации добавить вас.",
    }
    RoleAdmin { "Administrator", "Amministratore", "Administrador", "Администратор" }
    RoleMember { "Member", "Membro", "Membro", "Участник" }
    RoleGuest { "Guest", "Ospite", "Convidado", "Гость" }
    You { "you", "tu", "você", "вы" }
    LoginTitle { "Sign in to Convene", "Accedi a Convene", "Entrar no Convene", "Вход в Convene" }
    LoginButton { "Sign in", "Accedi", "Entrar", "Войти" }
    LoginAlready { "You are already signed in.", "Hai già effettuato l'accesso.", "Você já está conectado.", "Вы уже вошли." }
    LoginInvalid {
        "The e-mail or the password is not right. Check both and try again.",
        "L'e-mail o la password non sono corrette. Controllale e riprova.",
        "O e-mail ou a senha não estão corretos. Verifique e tente novamente.",
        "Неверный адрес электронной почты или пароль. Проверьте и попробуйте снова.",
    }
    LoginExpired {
        "Your session has ended. Please sign in again.",
        "La sessione è scaduta. Accedi di nuovo.",
        "Sua sessão terminou. Entre novamente.",
        "Сеанс завершён. Войдите снова.",
    }
    LoginRequired {
        "Please sign in to see that page.",
        "Accedi per vedere quella pagina.",
        "Entre para ver essa página.",
        "Войдите, чтобы открыть эту страницу.",
    }
    LoginFederatedSoon {
        "Sign-in through your institution (SAML or OpenID Connect) appears here once your institution is connected.",
        "L'accesso tramite la tua istituzione (SAML o OpenID Connect) apparirà qui quando la tua istituzione sarà collegata.",
        "O acesso pela sua instituição (SAML ou OpenID Connect) aparecerá aqui quando ela estiver conectada.",
        "Вход через вашу организацию (SAML или OpenID Connect) появится здесь, когда она будет подключена.",
    }
    ShowPassword { "Show", "Mostra", "Mostrar", "Показать" }
    HidePassword { "Hide", "Nascondi", "Ocultar", "Скрыть" }
    FieldEmail { "E-mail", "E-mail", "E-mail", "Эл. почта" }
    FieldPassword { "Password", "Password", "Senha", "Пароль" }
    FieldName { "Name", "Nome", "Nome", "Название" }
    FieldSlug { "Short name (in addresses)", "Nome breve (negli indirizzi)", "Nome curto (nos endereços)", "Короткое имя (в адресах)" }
    FieldTimezone { "Time zone", "Fuso orario", "Fuso horário", "Часовой пояс" }
    FieldRegion { "Region", "Regione", "Região", "Регион" }
    FieldLatitude { "Latitude", "Latitudine", "Latitude", "Широта" }
    FieldLongitude { "Longitude", "Longitudine", "Longitude", "Долгота" }
    FieldDefaultLanguage { "Default language", "Lingua predefinita", "Idioma padrão", "Язык по умолчанию" }
    FieldBrandColor { "Brand colour", "Colore istituzionale", "Cor institucional", "Фирменный цвет" }
    FieldLogoUrl { "Logo address (URL)", "Indirizzo del logo (URL)", "Endereço do logotipo (URL)", "Адрес логотипа (URL)" }
    FieldDisplayName { "Display name", "Nome visualizzato", "Nome de exibição", "Отображаемое имя" }
    FieldRole { "Role", "Ruolo", "Papel", "Роль" }
    FieldInitialPassword { "Initial password", "Password iniziale", "Senha inicial", "Начальный пароль" }
    FieldLanguage { "Language", "Lingua", "Idioma", "Язык" }
    FieldCurrentPassword { "Current password", "Password attuale", "Senha atual", "Текущий пароль" }
    FieldNewPassword { "New password", "Nuova password", "Nova senha", "Новый пароль" }
    FieldField { "Field", "Campo", "Campo", "Поле" }
    HintSlug {
        "Lower-case letters, digits and hyphens, e.g. uni-roma",
        "Lettere minuscole, cifre e trattini, ad es. uni-roma",
        "Letras minúsculas, dígitos e hífens, ex.: uni-roma",
        "Строчные латинские буквы, цифры и дефисы, например uni-roma",
    }
    HintRegion {
        "Where the institution is, for placing meetings near it, e.g. eu-south",
        "Dove si trova l'istituzione, per collocare le riunioni vicino, ad es. eu-south",
        "Onde fica a instituição, para posicionar as reuniões perto dela, ex.: eu-south",
        "Где находится организация — чтобы размещать встречи ближе к ней, например eu-south",
    }
    HintDisplayNameNew {
        "Only needed for people without an account yet.",
        "Serve solo per chi non ha ancora un account.",
        "Necessário apenas para quem ainda não tem conta.",
        "Нужно только для тех, у кого ещё нет учётной записи.",
    }
    HintInitialPassword {
        "For a new local account: at least 10 characters. Leave empty for people who already have an account.",
        "Per un nuovo account locale: almeno 10 caratteri. Lascia vuoto per chi ha già un account.",
        "Para uma nova conta local: pelo menos 10 caracteres. Deixe vazio para quem já tem conta.",
        "Для новой локальной учётной записи: не менее 10 символов. Оставьте пустым, если учётная запись уже есть.",
    }
    HintPassword { "At least 10 characters.", "Almeno 10 caratteri.", "Pelo menos 10 caracteres.", "Не менее 10 символов." }
    HintTimezoneOverride {
        "Leave empty to use your institution's time zone.",
        "Lascia vuoto per usare il fuso orario della tua istituzione.",
        "Deixe vazio para usar o fuso horário da sua instituição.",
        "Оставьте пустым, чтобы использовать часовой пояс организации.",
    }
    LanguageAuto { "Automatic", "Automatica", "Automático", "Автоматически" }
    InstitutionsTitle { "Institutions", "Istituzioni", "Instituições", "Организации" }
    InstitutionsNew { "New institution", "Nuova istituzione", "Nova instituição", "Новая организация" }
    InstitutionsEmpty {
        "No institutions yet. Create the first one below.",
        "Ancora nessuna istituzione. Crea la prima qui sotto.",
        "Nenhuma instituição ainda. Crie a primeira abaixo.",
        "Организаций пока нет. Создайте первую ниже.",
    }
    MembersCount { "Members", "Membri", "Membros", "Участники" }
    MembersOf { "Members of {name}", "Membri di {name}", "Membros de {name}", "Участники: {name}" }
    MembersEmpty {
        "Nobody belongs to this institution yet. Add the first member below.",
        "Nessuno fa ancora parte di questa istituzione. Aggiungi il primo membro qui sotto.",
        "Ninguém pertence a esta instituição ainda. Adicione o primeiro membro abaixo.",
        "В этой организации пока никого нет. Добавьте первого участника ниже.",
    }
    MembersAdd { "Add a member", "Aggiungi un membro", "Adicionar um membro", "Добавить участника" }
    MembersAddButton { "Add", "Aggiungi", "Adicionar", "Добавить" }
    MemberAdded { "Member added.", "Membro aggiunto.", "Membro adicionado.", "Участник добавлен." }
    ChangeRole { "Change role", "Cambia ruolo", "Alterar papel", "Сменить роль" }
    Remove { "Remove…", "Rimuovi…", "Remover…", "Удалить…" }
    ConfirmRemove {
        "Remove {name} from this institution?",
        "Rimuovere {name} da questa istituzione?",
        "Remover {name} desta instituição?",
        "Удалить {name} из этой организации?",
    }
    ConfirmRemoveButton { "Yes, remove", "Sì, rimuovi", "Sim, remover", "Да, удалить" }
    Removed { "Removed.", "Rimosso.", "Removido.", "Удалено." }
    Actions { "Actions", "Azioni", "Ações", "Действия" }
    Edit { "Edit", "Modifica", "Editar", "Изменить" }
    Create { "Create", "Crea", "Criar", "Создать" }
    Created { "Created.", "Creato.", "Criado.", "Создано." }
    Save { "Save", "Salva", "Salvar", "Сохранить" }
    Saved { "Saved.", "Salvato.", "Salvo.", "Сохранено." }
    AccountTitle { "Your account", "Il tuo account", "Sua conta", "Ваша учётная запись" }
    AccountProfile { "Profile", "Profilo", "Perfil", "Профиль" }
    AccountPassword { "Password", "Password", "Senha", "Пароль" }
    ChangePassword { "Change password", "Cambia password", "Alterar senha", "Сменить пароль" }
    PasswordChanged { "Password changed.", "Password cambiata.", "Senha alterada.", "Пароль изменён." }
    NotFoundTitle { "Page not found", "Pagina non trovata", "Página não encontrada", "Страница не найдена" }
    NotFoundText {
        "The address may be mistyped, or the page has moved.",
        "L'indirizzo potrebbe essere sbagliato, oppure la pagina è stata spostata.",
        "O endereço pode estar errado, ou a página foi movida.",
        "Возможно, адрес введён с ошибкой или страница перемещена.",
    }
    ErrUnauthenticated {
        "Please sign in first.",
        "Accedi prima di continuare.",
        "Entre primeiro.",
        "Сначала войдите.",
    }
    ErrForbidden {
        "You are not allowed to do this. Ask an administrator of your institution if you need it.",
        "Non hai il permesso di farlo. Chiedi a un amministratore della tua istituzione se ti serve.",
        "Você não tem permissão para isso. Peça a um administrador da sua instituição, se precisar.",
        "У вас нет прав на это действие. Обратитесь к администратору вашей организации.",
    }
    ErrNotFound {
        "Not found: it may have been removed, or the address is wrong.",
        "Non trovato: potrebbe essere stato rimosso, o l'indirizzo è sbagliato.",
        "Não encontrado: pode ter sido removido, ou o endereço está errado.",
        "Не найдено: возможно, удалено или адрес неверен.",
    }
    ErrLastAdmin {
        "An institution needs at least one administrator: name another one first.",
        "Un'istituzione ha bisogno di almeno un amministratore: nominane prima un altro.",
        "Uma instituição precisa de pelo menos um administrador: nomeie outro primeiro.",
        "У организации должен быть хотя бы один администратор: сначала назначьте другого.",
    }
    ErrAlreadyMember {
        "This person is already a member; change their role in the list instead.",
        "Questa persona è già membro; cambia il suo ruolo nell'elenco.",
        "Esta pessoa já é membro; altere o papel dela na lista.",
        "Этот человек уже участник; измените его роль в списке.",
    }
    ErrRateLimited {
        "Too many attempts. Wait a few minutes, then try again.",
        "Troppi tentativi. Attendi qualche minuto e riprova.",
        "Tentativas demais. Aguarde alguns minutos e tente novamente.",
        "Слишком много попыток. Подождите несколько минут и попробуйте снова.",
    }
    UnavailableTitle { "Convene is unavailable for a moment", "Convene non è disponibile per un momento", "O Convene está indisponível por um momento", "Convene временно недоступен" }
    ErrUnavailable {
        "Convene cannot reach its database right now. Nothing was changed, and you are still signed in. Try again in a minute.",
        "Convene non riesce a raggiungere il proprio database in questo momento. Non è stato modificato nulla e il tuo accesso resta valido. Riprova tra un minuto.",
        "O Convene não consegue acessar seu banco de dados agora. Nada foi alterado e você continua conectado. Tente novamente em um minuto.",
        "Convene сейчас не может связаться со своей базой данных. Ничего не изменено, и вы по-прежнему в системе. Повторите попытку через минуту.",
    }
    ErrInternal {
        "Something went wrong on our side. Try again; if it persists, give this reference to support: {id}",
        "Qualcosa è andato storto da parte nostra. Riprova; se persiste, comunica questo riferimento all'assistenza: {id}",
        "Algo deu errado do nosso lado. Tente novamente; se persistir, informe esta referência ao suporte: {id}",
        "На нашей стороне произошла ошибка. Повторите попытку; если ошибка не исчезнет, сообщите в поддержку код: {id}",
    }
    ErrBadRequest {
        "The form could not be read. Reload the page and try again.",
        "Impossibile leggere il modulo. Ricarica la pagina e riprova.",
        "Não foi possível ler o formulário. Recarregue a página e tente novamente.",
        "Не удалось прочитать форму. Обновите страницу и попробуйте снова.",
    }
    ErrTransport {
        "The server could not be reached. Check your connection and try again.",
        "Impossibile raggiungere il server. Controlla la connessione e riprova.",
        "Não foi possível contatar o servidor. Verifique sua conexão e tente novamente.",
        "Не удалось связаться с сервером. Проверьте подключение и повторите попытку.",
    }
    NavPool { "Pool", "Pool", "Pool", "Пул" }
    PoolTitle { "Conference servers", "Server di conferenza", "Servidores de conferência", "Серверы конференций" }
    PoolLeadOperator {
        "Every server of the network's pool, its health and its load. Cordon a server to stop new meetings on it without ending the running ones.",
        "Tutti i server del pool della rete, il loro stato e il carico. Isola un server per non avviarvi nuove riunioni senza chiudere quelle in corso.",
        "Todos os servidores do pool da rede, sua saúde e sua carga. Isole um servidor para não receber novas reuniões sem encerrar as em andamento.",
        "Все серверы общего пула, их состояние и нагрузка. Изолируйте сервер, чтобы на нём не начинались новые встречи, не прерывая текущие.",
    }
    PoolLeadAdmin {
        "The servers your institution contributes to the network's pool, and the pool's totals.",
        "I server che la tua istituzione mette a disposizione del pool della rete, e i totali del pool.",
        "Os servidores que sua instituição contribui para o pool da rede, e os totais do pool.",
        "Серверы, которые ваша организация предоставляет в общий пул, и общие показатели пула.",
    }
    PoolLive {
        "Live: this page updates by itself.",
        "In diretta: questa pagina si aggiorna da sola.",
        "Ao vivo: esta página se atualiza sozinha.",
        "В реальном времени: страница обновляется сама.",
    }
    PoolTotals { "Pool totals", "Totali del pool", "Totais do pool", "Итоги пула" }
    PoolOnline { "servers online", "server attivi", "servidores ativos", "серверов в сети" }
    PoolMeetings { "Meetings", "Riunioni", "Reuniões", "Встречи" }
    PoolParticipants { "Participants", "Partecipanti", "Participantes", "Участники" }
    PoolCapacity { "Seats", "Posti", "Lugares", "Места" }
    PoolHealth { "Health", "Stato", "Saúde", "Состояние" }
    PoolState { "Admin state", "Stato amministrativo", "Estado administrativo", "Режим" }
    ProblemEndNotAfterStart {
        "the end must be after the start",
        "la fine deve essere dopo l'inizio",
        "o fim deve ser depois do início",
        "окончание должно быть позже начала",
    }
    ProblemInThePast {
        "that time has already passed",
        "quell'orario è già passato",
        "esse horário já passou",
        "это время уже прошло",
    }
    ProblemTooSoon {
        "your institution asks for at least {n} minutes' notice",
        "la tua istituzione chiede almeno {n} minuti di preavviso",
        "sua instituição exige pelo menos {n} minutos de antecedência",
        "ваше учреждение требует бронировать минимум за {n} мин.",
    }
    ProblemTooFarAhead {
        "your institution allows booking at most {n} days ahead",
        "la tua istituzione consente di prenotare al massimo {n} giorni prima",
        "sua instituição permite reservar no máximo {n} dias antes",
        "ваше учреждение разрешает бронировать не более чем за {n} дн.",
    }
    ProblemOverWeeklyHours {
        "this goes {ms} minutes over your {n} hours a week; shorten it or free another booking",
        "supera di {ms} minuti le tue {n} ore settimanali; accorciala o libera un'altra prenotazione",
        "ultrapassa em {ms} minutos suas {n} horas semanais; encurte-a ou libere outra reserva",
        "превышает ваш лимит {n} ч в неделю на {ms} мин.; сократите бронь или отмените другую",
    }
    ProblemTooMany {
        "at most {n} entries",
        "al massimo {n} voci",
        "no máximo {n} itens",
        "не более {n} записей",
    }
    ProblemNotMember {
        "no member of the room's institution has this address; add them to the institution first",
        "nessun membro dell'istituzione della stanza ha questo indirizzo; aggiungilo prima all'istituzione",
        "nenhum membro da instituição da sala tem este endereço; adicione-o primeiro à instituição",
        "ни у одного участника учреждения комнаты нет такого адреса; сначала добавьте его в учреждение",
    }
    ProblemSeriesDate {
        "several occurrences keep their dates; to move a series to other days, change only this one or cancel and book again",
        "più occorrenze mantengono le loro date; per spostare una serie in altri giorni, modifica solo questa o annulla e prenota di nuovo",
        "várias ocorrências mantêm suas datas; para mover uma série para outros dias, altere só esta ou cancele e reserve novamente",
        "у нескольких повторений даты не меняются; чтобы перенести серию на другие дни, измените только это или отмените и забронируйте заново",
    }
    EditBooking { "Edit", "Modifica", "Editar", "Изменить" }
    FieldScope { "Apply to", "Applica a", "Aplicar a", "Применить к" }
    ScopeThis { "this booking only", "solo questa prenotazione", "somente esta reserva", "только этой брони" }
    ScopeFollowing { "this and the following ones", "questa e le successive", "esta e as seguintes", "этой и следующим" }
    ScopeAll { "all upcoming ones in the series", "tutte le prossime della serie", "todas as próximas da série", "всем предстоящим в серии" }
    EditSaved { "Saved: {n} bookings changed.", "Salvato: {n} prenotazioni modificate.", "Salvo: {n} reservas alteradas.", "Сохранено: изменено броней — {n}." }
    EditCollisions {
        "Nothing was changed: these occurrences would overlap other bookings:",
        "Nessuna modifica: queste occorrenze si sovrapporrebbero ad altre prenotazioni:",
        "Nada foi alterado: estas ocorrências se sobreporiam a outras reservas:",
        "Ничего не изменено: эти повторения пересеклись бы с другими бронями:",
    }
    ProblemMailOff {
        "this server sends no e-mail; share a guest link instead",
        "questo server non invia e-mail; condividi invece un link per ospiti",
        "este servidor não envia e-mails; compartilhe um link de convidado",
        "этот сервер не отправляет почту; поделитесь гостевой ссылкой",
    }
    InviteesHint {
        "They receive the calendar file and a guest link; commas or new lines between addresses (at most 50).",
        "Ricevono il file del calendario e un link per ospiti; separa gli indirizzi con virgole o a capo (al massimo 50).",
        "Recebem o arquivo de calendário e um link de convidado; separe os endereços com vírgulas ou linhas (no máximo 50).",
        "Они получат файл календаря и гостевую ссылку; адреса через запятую или с новой строки (не более 50).",
    }
    InvitationsQueued {
        "Invitations are on their way to {n} people.",
        "Gli inviti stanno partendo per {n} persone.",
        "Os convites estão a caminho de {n} pessoas.",
        "Приглашения отправляются {n} адресатам.",
    }
    FieldInvitees {
        "Invite by e-mail",
        "Invita per e-mail",
        "Convidar por e-mail",
        "Пригласить по e-mail",
    }
    ProblemNonexistentTime {
        "that time does not exist on that day (the clocks change); pick another",
        "quell'orario non esiste in quel giorno (cambio dell'ora); scegline un altro",
        "esse horário não existe nesse dia (mudança de horário); escolha outro",
        "такого времени в этот день нет (перевод часов); выберите другое",
    }
    ErrBusy {
        "Someone else changed these bookings at the same moment; nothing was changed. Please try again.",
        "Qualcun altro ha modificato le stesse prenotazioni nello stesso momento; non è cambiato nulla. Riprova.",
        "Outra pessoa alterou as mesmas reservas no mesmo momento; nada foi alterado. Tente de novo.",
        "Кто-то изменил эти брони в тот же момент; ничего не изменено. Попробуйте ещё раз.",
    }
    ErrBookingChanged {
        "This booking was cancelled, approved or rejected meanwhile; nothing was changed. Reload the page and try again.",
        "Nel frattempo questa prenotazione è stata annullata, approvata o respinta; non è cambiato nulla. Ricarica la pagina e riprova.",
        "Enquanto isso esta reserva foi cancelada, aprovada ou rejeitada; nada foi alterado. Recarregue a página e tente de novo.",
        "Тем временем эту бронь отменили, одобрили или отклонили; ничего не изменено. Обновите страницу и попробуйте снова.",
    }
    ErrBookingOverlap {
        "That time overlaps another booking of this room. Pick a free slot.",
        "Quell'orario si sovrappone a un'altra prenotazione della stanza. Scegli uno spazio libero.",
        "Esse horário se sobrepõe a outra reserva desta sala. Escolha um horário livre.",
        "Это время пересекается с другой бронью этой комнаты. Выберите свободное время.",
    }
    ErrOverCapacity {
        "The pool cannot hold the seats booked at that time: {n} seats short. Lower the expected participants or pick another time.",
        "Il pool non può ospitare i posti prenotati a quell'ora: mancano {n} posti. Riduci i partecipanti previsti o scegli un altro orario.",
        "O pool não comporta os lugares reservados nesse horário: faltam {n} lugares. Reduza os participantes esperados ou escolha outro horário.",
        "Пул не вместит забронированные на это время места: не хватает {n}. Уменьшите число участников или выберите другое время.",
    }
    NavRooms { "Rooms", "Stanze", "Salas", "Комнаты" }
    RoomsTitle { "Rooms", "Stanze", "Salas", "Комнаты" }
    RoomsLead { "Virtual rooms of your institutions. Open one to see its calendar and book it.", "Le stanze virtuali delle tue istituzioni. Aprine una per vederne il calendario e prenotarla.", "As salas virtuais das suas instituições. Abra uma para ver a agenda e reservá-la.", "Виртуальные комнаты ваших учреждений. Откройте комнату, чтобы увидеть календарь и забронировать её." }
    RoomsEmpty { "No rooms yet. Create the first one below.", "Ancora nessuna stanza. Crea la prima qui sotto.", "Nenhuma sala ainda. Crie a primeira abaixo.", "Комнат пока нет. Создайте первую ниже." }
    RoomsCreate { "New room", "Nuova stanza", "Nova sala", "Новая комната" }
    RoomsCreateButton { "Create room", "Crea stanza", "Criar sala", "Создать комнату" }
    RoomCreated { "Room created.", "Stanza creata.", "Sala criada.", "Комната создана." }
    FieldDescription { "Description", "Descrizione", "Descrição", "Описание" }
    FieldSeats { "Seats", "Posti", "Lugares", "Мест" }
    FieldVisibility { "Visibility", "Visibilità", "Visibilidade", "Видимость" }
    VisibilityInstitution { "My institution", "La mia istituzione", "Minha instituição", "Моё учреждение" }
    VisibilityPublic { "Public listing", "Elenco pubblico", "Lista pública", "Публичный список" }
    RoomsOfNetwork { "Open to the whole network", "Aperte a tutta la rete", "Abertas a toda a rede", "Открыты для всей сети" }
    RoomsOfNetworkLead { "Rooms other institutions list for everyone: join their meetings while they run.", "Stanze che altre istituzioni elencano per tutti: partecipa alle loro riunioni mentre sono in corso.", "Salas que outras instituições listam para todos: participe das reuniões enquanto estiverem em andamento.", "Комнаты, которые другие учреждения открыли для всех: подключайтесь к их встречам, пока они идут." }
    FieldGuestPolicy { "Guests", "Ospiti", "Convidados", "Гости" }
    GuestOpen { "Guests join directly", "Gli ospiti entrano direttamente", "Convidados entram diretamente", "Гости входят сразу" }
    GuestAsk { "A moderator lets guests in", "Un moderatore fa entrare gli ospiti", "Um moderador admite os convidados", "Модератор впускает гостей" }
    GuestNone { "No guests", "Nessun ospite", "Sem convidados", "Без гостей" }
    FieldRecordAllowed { "Recording allowed", "Registrazione consentita", "Gravação permitida", "Запись разрешена" }
    FieldMuteOnStart { "Microphones muted on entry", "Microfoni spenti all'ingresso", "Microfones mudos ao entrar", "Микрофоны выключены при входе" }
    FieldAccessCode { "Access code (optional, 4–32 letters or digits)", "Codice di accesso (facoltativo, 4–32 lettere o cifre)", "Código de acesso (opcional, 4–32 letras ou dígitos)", "Код доступа (необязательно, 4–32 буквы или цифры)" }
    FieldWelcome { "Welcome message", "Messaggio di benvenuto", "Mensagem de boas-vindas", "Приветствие" }
    CalDay { "Day", "Giorno", "Dia", "День" }
    CalWeek { "Week", "Settimana", "Semana", "Неделя" }
    CalMonth { "Month", "Mese", "Mês", "Месяц" }
    CalPrev { "Previous", "Precedente", "Anterior", "Назад" }
    CalNext { "Next", "Successivo", "Próximo", "Вперёд" }
    CalTimes { "Times in {name}.", "Orari in {name}.", "Horários em {name}.", "Время: {name}." }
    CalNothing { "Nothing booked.", "Nessuna prenotazione.", "Nada reservado.", "Бронирований нет." }
    BookTitle { "Book this room", "Prenota questa stanza", "Reservar esta sala", "Забронировать комнату" }
    FieldTitle { "Title", "Titolo", "Título", "Название" }
    FieldDate { "Date", "Data", "Data", "Дата" }
    FieldStart { "Start", "Inizio", "Início", "Начало" }
    FieldEnd { "End", "Fine", "Fim", "Окончание" }
    FieldExpected { "Expected participants", "Partecipanti previsti", "Participantes esperados", "Ожидаемые участники" }
    FieldRepeat { "Repeat", "Ripeti", "Repetir", "Повтор" }
    RepeatNone { "Does not repeat", "Non si ripete", "Não se repete", "Не повторять" }
    RepeatDaily { "Every day", "Ogni giorno", "Todo dia", "Каждый день" }
    RepeatWeekly { "Every week", "Ogni settimana", "Toda semana", "Каждую неделю" }
    RepeatMonthlyDate { "Every month, same date", "Ogni mese, stessa data", "Todo mês, mesma data", "Каждый месяц, то же число" }
    RepeatMonthlyWeekday { "Every month, same weekday", "Ogni mese, stesso giorno della settimana", "Todo mês, mesmo dia da semana", "Каждый месяц, тот же день недели" }
    RepeatYearly { "Every year", "Ogni anno", "Todo ano", "Каждый год" }
    FieldInterval { "Every how many (1 = each)", "Ogni quanti (1 = ognuno)", "A cada quantos (1 = cada)", "Через сколько (1 = каждый)" }
    FieldWeekdays { "Weekdays (weekly; e.g. mo,we)", "Giorni (settimanale; es. mo,we)", "Dias (semanal; ex. mo,we)", "Дни (еженедельно; напр. mo,we)" }
    FieldUntil { "Until (date)", "Fino al (data)", "Até (data)", "До (дата)" }
    FieldCount { "Or number of times", "Oppure numero di volte", "Ou número de vezes", "Или число раз" }
    FieldExcept { "Leave out dates (YYYY-MM-DD, comma-separated)", "Escludi date (AAAA-MM-GG, separate da virgola)", "Excluir datas (AAAA-MM-DD, separadas por vírgula)", "Исключить даты (ГГГГ-ММ-ДД через запятую)" }
    OnConflictSkip { "Book the free dates and skip those already taken", "Prenota le date libere e salta quelle occupate", "Reservar as datas livres e pular as ocupadas", "Забронировать свободные даты, пропустив занятые" }
    BookButton { "Book", "Prenota", "Reservar", "Забронировать" }
    Booked { "Booked: {n}.", "Prenotato: {n}.", "Reservado: {n}.", "Забронировано: {n}." }
    BookedPending { "Waiting for approval by an institution admin.", "In attesa di approvazione da un amministratore dell'istituzione.", "Aguardando aprovação de um administrador da instituição.", "Ожидает одобрения администратора учреждения." }
    CollisionsFound { "These dates are already taken; nothing was booked. Tick the box to book the other dates, or change the time.", "Queste date sono già occupate; non è stato prenotato nulla. Spunta la casella per prenotare le altre date, o cambia orario.", "Estas datas já estão ocupadas; nada foi reservado. Marque a opção para reservar as outras datas, ou mude o horário.", "Эти даты уже заняты; ничего не забронировано. Отметьте флажок, чтобы забронировать остальные даты, или измените время." }
    CollisionsSkipped { "Skipped because already taken:", "Saltate perché già occupate:", "Puladas por já estarem ocupadas:", "Пропущены, так как заняты:" }
    CapacityWarning { "Warning: the pool is {n} seats short at the busiest booked moment.", "Attenzione: al momento più affollato mancano {n} posti nel pool.", "Atenção: no momento mais cheio faltam {n} lugares no pool.", "Внимание: в самый загруженный момент пулу не хватает {n} мест." }
    StatusPending { "pending approval", "in attesa di approvazione", "aguardando aprovação", "ожидает одобрения" }
    InSeries { "repeats", "si ripete", "repete", "повторяется" }
    CancelBooking { "Cancel booking", "Annulla prenotazione", "Cancelar reserva", "Отменить бронь" }
    ConfirmCancel { "Cancel “{name}”? The slot becomes free.", "Annullare «{name}»? Lo spazio torna libero.", "Cancelar “{name}”? O horário fica livre.", "Отменить «{name}»? Время освободится." }
    ConfirmCancelButton { "Yes, cancel it", "Sì, annulla", "Sim, cancelar", "Да, отменить" }
    BookingCancelled { "Booking cancelled.", "Prenotazione annullata.", "Reserva cancelada.", "Бронь отменена." }
    DoneBooked { "Booked: “{title}”, {day}, {from}–{to}, in {room}.", "Prenotato: «{title}», {day}, {from}–{to}, in {room}.", "Reservado: “{title}”, {day}, {from}–{to}, em {room}.", "Забронировано: «{title}», {day}, {from}–{to}, {room}." }
    DoneSaved { "Saved: “{title}”, {day}, {from}–{to}, in {room}.", "Salvato: «{title}», {day}, {from}–{to}, in {room}.", "Salvo: “{title}”, {day}, {from}–{to}, em {room}.", "Сохранено: «{title}», {day}, {from}–{to}, {room}." }
    DoneCancelled { "Cancelled: “{title}”, {day}, {from}–{to}, in {room}.", "Annullato: «{title}», {day}, {from}–{to}, in {room}.", "Cancelado: “{title}”, {day}, {from}–{to}, em {room}.", "Отменено: «{title}», {day}, {from}–{to}, {room}." }
    DoneCollided {
        "Nothing was changed: {n} of the times asked for are taken. Choose other times, or book again and skip them.",
        "Non è stato modificato nulla: {n} degli orari richiesti sono occupati. Scegli altri orari o prenota di nuovo saltandoli.",
        "Nada foi alterado: {n} dos horários pedidos estão ocupados. Escolha outros horários ou reserve de novo pulando-os.",
        "Ничего не изменено: занято времён из запрошенных — {n}. Выберите другое время или забронируйте снова, пропустив их.",
    }
    JoinNeedsGuestLink { "This room asks for an access code: join through a guest link from its organisers.", "Questa stanza chiede un codice di accesso: entra con un link per ospiti dei suoi organizzatori.", "Esta sala pede um código de acesso: entre com um link de convidado dos organizadores.", "Эта комната требует код доступа: подключайтесь по гостевой ссылке от организаторов." }
    MeetingsHeld { "Meetings held", "Riunioni svolte", "Reuniões realizadas", "Проведённые встречи" }
    MeetingHeld { "Meeting held on {day}, {from}–{to} ({n} min)", "Riunione svolta il {day}, {from}–{to} ({n} min)", "Reunião realizada em {day}, {from}–{to} ({n} min)", "Встреча прошла {day}, {from}–{to} ({n} мин)" }
    RoomPersonal { "personal", "personale", "pessoal", "личная" }
    OpenCalendar { "Calendar", "Calendario", "Agenda", "Календарь" }
    ErrNotStartable {
        "There is no booking of this room now. Its meeting can be started from {n} minutes before a booking; book the room first.",
        "Ora non c'è una prenotazione di questa stanza. La riunione si può avviare da {n} minuti prima di una prenotazione; prenota prima la stanza.",
        "Não há reserva desta sala agora. A reunião pode ser iniciada a partir de {n} minutos antes de uma reserva; reserve a sala primeiro.",
        "Сейчас нет брони этой комнаты. Встречу можно начать за {n} мин. до брони; сначала забронируйте комнату.",
    }
    ErrMeetingRunning {
        "The room's meeting is running. End it first, then delete the room.",
        "La riunione della stanza è in corso. Terminala prima, poi elimina la stanza.",
        "A reunião da sala está em andamento. Encerre-a primeiro e depois exclua a sala.",
        "В комнате идёт встреча. Сначала завершите её, затем удалите комнату.",
    }
    DialIn { "By telephone:", "Per telefono:", "Por telefone:", "По телефону:" }
    DialInPin { "conference number", "numero della conferenza", "número da conferência", "номер конференции" }
    MyBookingsTitle { "My bookings", "Le mie prenotazioni", "Minhas reservas", "Мои брони" }
    NavMyBookings { "My bookings", "Prenotazioni", "Reservas", "Брони" }
    MyBookingsEmpty {
        "You have no bookings in these days. Book a room from its calendar under Rooms.",
        "Nessuna prenotazione in questi giorni. Prenota una stanza dal suo calendario in Stanze.",
        "Você não tem reservas nestes dias. Reserve uma sala pelo calendário em Salas.",
        "В эти дни у вас нет броней. Забронируйте комнату в её календаре в разделе «Комнаты».",
    }
    BookingDetails { "Details", "Dettagli", "Detalhes", "Подробнее" }
    BackToCalendar { "Back to the calendar", "Torna al calendario", "Voltar ao calendário", "Назад к календарю" }
    RoomSettings { "Room settings", "Impostazioni della stanza", "Configurações da sala", "Настройки комнаты" }
    CoOwners { "Co-owners", "Co-proprietari", "Coproprietários", "Совладельцы" }
    CoOwnersLead {
        "Co-owners manage this room like its owner: settings, bookings, guest links; they join as moderators.",
        "I co-proprietari gestiscono la stanza come il proprietario: impostazioni, prenotazioni, link per ospiti; entrano come moderatori.",
        "Coproprietários gerenciam a sala como o dono: configurações, reservas, links de convidado; entram como moderadores.",
        "Совладельцы управляют комнатой как владелец: настройки, брони, гостевые ссылки; входят как модераторы.",
    }
    CoOwnersEmpty { "No co-owners yet.", "Ancora nessun co-proprietario.", "Ainda não há coproprietários.", "Совладельцев пока нет." }
    CoOwnerAdd { "Add co-owner", "Aggiungi co-proprietario", "Adicionar coproprietário", "Добавить совладельца" }
    CoOwnerRemove { "Remove", "Rimuovi", "Remover", "Удалить" }
    AccessCodeKeep {
        "Leave empty to keep the current code.",
        "Lascia vuoto per mantenere il codice attuale.",
        "Deixe vazio para manter o código atual.",
        "Оставьте пустым, чтобы сохранить текущий код.",
    }
    AccessCodeClear { "Remove the access code", "Rimuovi il codice di accesso", "Remover o código de acesso", "Убрать код доступа" }
    RoomDelete { "Delete this room", "Elimina questa stanza", "Excluir esta sala", "Удалить комнату" }
    RoomDeleteConfirm {
        "Delete “{name}” for good? Its {n} upcoming bookings are cancelled and the people invited are told.",
        "Eliminare definitivamente “{name}”? Le sue {n} prenotazioni future vengono annullate e gli invitati avvisati.",
        "Excluir “{name}” definitivamente? Suas {n} reservas futuras são canceladas e os convidados avisados.",
        "Удалить «{name}» навсегда? Её предстоящие брони ({n}) будут отменены, приглашённые получат уведомление.",
    }
    RoomDeleteButton { "Yes, delete the room", "Sì, elimina la stanza", "Sim, excluir a sala", "Да, удалить комнату" }
    ErrNotStarted {
        "The meeting has not started yet. Wait for its organiser to start it, then try again.",
        "La riunione non è ancora iniziata. Attendi che l'organizzatore la avvii, poi riprova.",
        "A reunião ainda não começou. Aguarde o organizador iniciá-la e tente de novo.",
        "Встреча ещё не началась. Дождитесь, пока организатор её начнёт, и попробуйте снова.",
    }
    ErrNoServer {
        "No conference server can take the meeting right now. Try again in a minute; the operators have been told.",
        "Nessun server di conferenza può ospitare la riunione ora. Riprova tra un minuto; gli operatori sono stati avvisati.",
        "Nenhum servidor de conferência pode receber a reunião agora. Tente de novo em um minuto; os operadores foram avisados.",
        "Сейчас ни один сервер конференций не может принять встречу. Попробуйте через минуту; операторы уведомлены.",
    }
    MeetingRunning { "The meeting is running.", "La riunione è in corso.", "A reunião está em andamento.", "Встреча идёт." }
    MeetingStart { "Start the meeting", "Avvia la riunione", "Iniciar a reunião", "Начать встречу" }
    MeetingJoin { "Join the meeting", "Entra nella riunione", "Entrar na reunião", "Войти во встречу" }
    MeetingEnd { "End the meeting", "Termina la riunione", "Encerrar a reunião", "Завершить встречу" }
    MeetingEndConfirm {
        "End it for everyone now?",
        "Terminarla ora per tutti?",
        "Encerrá-la agora para todos?",
        "Завершить её сейчас для всех?",
    }
    MeetingEnded { "Meeting ended.", "Riunione terminata.", "Reunião encerrada.", "Встреча завершена." }
    MeetingRejoin {
        "If the meeting stops for you, come back here and join again with the same button: Convene brings it back on another server.",
        "Se la riunione si interrompe, torna qui e rientra con lo stesso pulsante: Convene la riporta su un altro server.",
        "Se a reunião parar para você, volte aqui e entre de novo com o mesmo botão: o Convene a retoma em outro servidor.",
        "Если встреча прервётся, вернитесь сюда и войдите той же кнопкой: Convene перенесёт её на другой сервер.",
    }
    GuestLinksTitle { "Guest links", "Link per ospiti", "Links de convidados", "Гостевые ссылки" }
    GuestLinksLead { "People without an account join through a guest link. Links end at their expiry or when you revoke them.", "Chi non ha un account entra con un link per ospiti. I link scadono o si possono revocare.", "Quem não tem conta entra por um link de convidado. Os links expiram ou podem ser revogados.", "Люди без учётной записи входят по гостевой ссылке. Ссылка действует до срока или до отзыва." }
    GuestLinksEmpty { "No guest links yet.", "Ancora nessun link per ospiti.", "Nenhum link de convidado ainda.", "Гостевых ссылок пока нет." }
    FieldLabel { "Label (for you)", "Etichetta (per te)", "Rótulo (para você)", "Метка (для вас)" }
    FieldDays { "Valid for (days)", "Valido per (giorni)", "Válido por (dias)", "Действует (дней)" }
    GuestLinkCreate { "Create guest link", "Crea link per ospiti", "Criar link de convidado", "Создать гостевую ссылку" }
    GuestLinkCreated { "Copy this link now; it is shown only once:", "Copia ora questo link; viene mostrato una sola volta:", "Copie este link agora; ele é mostrado uma única vez:", "Скопируйте ссылку сейчас, она показывается один раз:" }
    GuestLinkUntil { "until {name}", "fino al {name}", "até {name}", "до {name}" }
    GuestLinkRevoked { "revoked", "revocato", "revogado", "отозвана" }
    GuestLinkExpired { "expired", "scaduto", "expirado", "истекла" }
    GuestLinkRevoke { "Revoke", "Revoca", "Revogar", "Отозвать" }
    GuestLinkRevokeConfirm { "Revoke this link? Nobody can join with it any more.", "Revocare questo link? Nessuno potrà più usarlo per entrare.", "Revogar este link? Ninguém mais poderá entrar com ele.", "Отозвать ссылку? Войти по ней больше не получится." }
    GuestTitle { "Join as a guest", "Entra come ospite", "Entrar como convidado", "Войти как гость" }
    GuestYourName { "Your name (shown to the others)", "Il tuo nome (visibile agli altri)", "Seu nome (visível aos outros)", "Ваше имя (видно другим)" }
    GuestCode { "Access code", "Codice di accesso", "Código de acesso", "Код доступа" }
    GuestJoin { "Join", "Entra", "Entrar", "Войти" }
    GuestWaiting { "A moderator will let you in once you join.", "Un moderatore ti farà entrare dopo che ti sarai unito.", "Um moderador vai admiti-lo depois que você entrar.", "После входа модератор впустит вас." }
    GuestNotRunning { "The meeting has not started yet. Keep this page open and try again when it starts.", "La riunione non è ancora iniziata. Tieni aperta questa pagina e riprova quando inizia.", "A reunião ainda não começou. Mantenha esta página aberta e tente de novo quando começar.", "Встреча ещё не началась. Не закрывайте страницу и попробуйте, когда она начнётся." }
    GuestLinkGone { "This guest link does not exist or has ended. Ask the person who invited you for a new one.", "Questo link per ospiti non esiste o è scaduto. Chiedine uno nuovo a chi ti ha invitato.", "Este link de convidado não existe ou expirou. Peça um novo a quem o convidou.", "Эта гостевая ссылка не существует или истекла. Попросите пригласившего новую." }
    FeedTitle { "Calendar feed", "Feed del calendario", "Feed da agenda", "Лента календаря" }
    FeedLeadRoom { "Follow this room's bookings in your calendar app with a private address. Making a new one stops the old one.", "Segui le prenotazioni di questa stanza nella tua app di calendario con un indirizzo privato. Crearne uno nuovo disattiva il precedente.", "Acompanhe as reservas desta sala no seu aplicativo de agenda com um endereço privado. Criar um novo desativa o anterior.", "Следите за бронями комнаты в своём календаре по личному адресу. Новый адрес отключает старый." }
    FeedLeadMine { "Your own bookings in your calendar app, through a private address.", "Le tue prenotazioni nella tua app di calendario, tramite un indirizzo privato.", "Suas reservas no seu aplicativo de agenda, por um endereço privado.", "Ваши брони в календаре по личному адресу." }
    FeedMake { "Make a private feed address", "Crea un indirizzo privato", "Criar um endereço privado", "Создать личный адрес" }
    FeedStop { "Stop the feed", "Disattiva il feed", "Desativar o feed", "Отключить ленту" }
    FeedStopped { "Feed stopped.", "Feed disattivato.", "Feed desativado.", "Лента отключена." }
    FeedUrl { "Subscribe with this address (keep it private):", "Iscriviti con questo indirizzo (tienilo privato):", "Assine com este endereço (mantenha-o privado):", "Подпишитесь по этому адресу (не передавайте его):" }
    DownloadIcs { "Add to calendar (.ics)", "Aggiungi al calendario (.ics)", "Adicionar à agenda (.ics)", "Добавить в календарь (.ics)" }
    DragHint { "Drag across free time to fill in the booking form; drag a booking to move it, or its lower edge to change its end. Or use each booking's “Change time”.", "Trascina su un orario libero per compilare il modulo di prenotazione; trascina una prenotazione per spostarla, o il suo bordo inferiore per cambiarne la fine. Oppure usa “Cambia orario”.", "Arraste sobre um horário livre para preencher o formulário de reserva; arraste uma reserva para movê-la, ou sua borda inferior para mudar o fim. Ou use “Mudar horário”.", "Проведите по свободному времени, чтобы заполнить форму брони; перетащите бронь, чтобы сдвинуть её, или её нижний край, чтобы изменить окончание. Или используйте «Изменить время»." }
    ChangeTime { "Change time", "Cambia orario", "Mudar horário", "Изменить время" }
    PendingTitle { "Waiting for approval", "In attesa di approvazione", "Aguardando aprovação", "Ожидают одобрения" }
    PendingEmpty { "Nothing is waiting for approval.", "Niente in attesa di approvazione.", "Nada aguardando aprovação.", "Нет броней, ожидающих одобрения." }
    Approve { "Approve", "Approva", "Aprovar", "Одобрить" }
    Reject { "Reject", "Rifiuta", "Recusar", "Отклонить" }
    FieldReason { "Reason (sent to the person who booked)", "Motivo (inviato a chi ha prenotato)", "Motivo (enviado a quem reservou)", "Причина (для того, кто бронировал)" }
    Decided { "Done.", "Fatto.", "Feito.", "Готово." }
    EndsAnotherDay { "Ends on another day", "Finisce un altro giorno", "Termina em outro dia", "Заканчивается в другой день" }
    FieldEndDate { "End date", "Data di fine", "Data de término", "Дата окончания" }
    PolicyTitle { "Booking rules of {name}", "Regole di prenotazione di {name}", "Regras de reserva de {name}", "Правила бронирования: {name}" }
    PolicyLead { "Who may create rooms, book and record, the limits on booking, and what happens when the pool would be full.", "Chi può creare stanze, prenotare e registrare, i limiti di prenotazione e cosa succede quando il pool sarebbe pieno.", "Quem pode criar salas, reservar e gravar, os limites de reserva e o que acontece quando o pool ficaria cheio.", "Кто может создавать комнаты, бронировать и записывать, ограничения бронирования и что делать, если пул переполнен." }
    PolicyLink { "Booking rules", "Regole di prenotazione", "Regras de reserva", "Правила бронирования" }
    FieldCreateRoomsRole { "Who may create rooms", "Chi può creare stanze", "Quem pode criar salas", "Кто может создавать комнаты" }
    FieldBookRole { "Who may book", "Chi può prenotare", "Quem pode reservar", "Кто может бронировать" }
    FieldRecordRole { "Who may record", "Chi può registrare", "Quem pode gravar", "Кто может записывать" }
    FieldPersonalRoomRole { "Who may have a personal room", "Chi può avere una stanza personale", "Quem pode ter uma sala pessoal", "Кому положена личная комната" }
    RoleAdmins { "Admins only", "Solo amministratori", "Somente administradores", "Только администраторы" }
    RoleMembers { "Members and admins", "Membri e amministratori", "Membros e administradores", "Участники и администраторы" }
    RoleEveryone { "Everyone, guests included", "Tutti, ospiti inclusi", "Todos, incluindo convidados", "Все, включая гостей" }
    RoleNobody { "Nobody", "Nessuno", "Ninguém", "Никто" }
    FieldMaxHours { "Hours a week per person (empty: no limit)", "Ore settimanali a persona (vuoto: nessun limite)", "Horas por semana por pessoa (vazio: sem limite)", "Часов в неделю на человека (пусто: без ограничения)" }
    FieldMaxDays { "Book at most this many days ahead (empty: no limit)", "Prenotare al massimo con questi giorni di anticipo (vuoto: nessun limite)", "Reservar no máximo com estes dias de antecedência (vazio: sem limite)", "Бронировать не более чем за столько дней (пусто: без ограничения)" }
    FieldMinNotice { "Minimum notice (minutes)", "Preavviso minimo (minuti)", "Antecedência mínima (minutos)", "Минимальное время до начала (мин.)" }
    FieldApproval { "Bookings need an admin's approval", "Le prenotazioni richiedono l'approvazione di un amministratore", "Reservas precisam de aprovação de um administrador", "Брони требуют одобрения администратора" }
    FieldCapacityPolicy { "When the pool would be short of seats", "Quando al pool mancherebbero posti", "Quando faltariam lugares no pool", "Если в пуле не хватит мест" }
    CapacityWarn { "Warn, and book anyway", "Avvisa e prenota comunque", "Avisar e reservar mesmo assim", "Предупредить и всё равно забронировать" }
    CapacityRefuse { "Refuse the booking", "Rifiuta la prenotazione", "Recusar a reserva", "Отказать в брони" }
    FieldStartEarly { "Meetings can start this many minutes early", "Le riunioni possono iniziare con questi minuti di anticipo", "As reuniões podem começar com estes minutos de antecedência", "Встречу можно начать раньше на (мин.)" }
    FieldGrace { "And this many minutes after the end", "E fino a questi minuti dopo la fine", "E até estes minutos após o fim", "И ещё столько минут после окончания" }
    FieldPersonal { "My personal room (no booking needed; one per person)", "La mia stanza personale (senza prenotazione; una a persona)", "Minha sala pessoal (sem reserva; uma por pessoa)", "Моя личная комната (без брони; одна на человека)" }
    MeetingExtend { "+{n} min", "+{n} min", "+{n} min", "+{n} мин" }
    PoolLastPoll {
        "Last poll",
        "Ultimo controllo",
        "Última consulta",
        "Последний опрос",
    }
    PoolNever {
        "never",
        "mai",
        "nunca",
        "никогда",
    }
    PoolSecondsAgo {
        "{n} s ago ({ms} ms)",
        "{n} s fa ({ms} ms)",
        "há {n} s ({ms} ms)",
        "{n} с назад ({ms} мс)",
    }
    PoolHistory {
        "Participants, last polls",
        "Partecipanti, ultimi controlli",
        "Participantes, últimas consultas",
        "Участники, последние опросы",
    }
    PoolHistoryLabel {
        "Participants over the last {n} polls: now {now}, highest {max}",
        "Partecipanti negli ultimi {n} controlli: ora {now}, massimo {max}",
        "Participantes nas últimas {n} consultas: agora {now}, máximo {max}",
        "Участники за последние {n} опросов: сейчас {now}, максимум {max}",
    }
    PoolWhy {
        "Last chosen {n} s ago: score {score}, the lowest of {eligible} eligible; {seats} seats in use; {km} km from the institution; {excluded} excluded.",
        "Scelto l'ultima volta {n} s fa: punteggio {score}, il più basso di {eligible} idonei; {seats} posti in uso; {km} km dall'istituzione; {excluded} esclusi.",
        "Escolhido pela última vez há {n} s: pontuação {score}, a menor de {eligible} elegíveis; {seats} lugares em uso; {km} km da instituição; {excluded} excluídos.",
        "Последний выбор {n} с назад: оценка {score}, наименьшая из {eligible} подходящих; занято мест: {seats}; {km} км от учреждения; исключено: {excluded}.",
    }
    PoolNeverChosen {
        "Not chosen for a meeting yet.",
        "Non ancora scelto per una riunione.",
        "Ainda não escolhido para uma reunião.",
        "Ещё не выбирался для встречи.",
    }
    PoolEmpty {
        "No servers yet. Add the first one below: Convene checks that it answers before accepting it.",
        "Ancora nessun server. Aggiungi il primo qui sotto: Convene verifica che risponda prima di accettarlo.",
        "Nenhum servidor ainda. Adicione o primeiro abaixo: o Convene verifica se ele responde antes de aceitá-lo.",
        "Серверов пока нет. Добавьте первый ниже: Convene проверит, что он отвечает, прежде чем принять его.",
    }
    PoolAdd { "Add a server", "Aggiungi un server", "Adicionar um servidor", "Добавить сервер" }
    PoolAddHint {
        "The secret is the one `bbb-conf --secret` shows on the server. Convene calls the server with it before saving.",
        "Il segreto è quello mostrato da `bbb-conf --secret` sul server. Convene chiama il server con esso prima di salvare.",
        "O segredo é o que `bbb-conf --secret` mostra no servidor. O Convene chama o servidor com ele antes de salvar.",
        "Секрет — тот, что показывает `bbb-conf --secret` на сервере. Convene проверит его вызовом сервера перед сохранением.",
    }
    PoolAddButton { "Check and add", "Verifica e aggiungi", "Verificar e adicionar", "Проверить и добавить" }
    PoolChecking { "Checking the server…", "Verifica del server…", "Verificando o servidor…", "Проверка сервера…" }
    PoolAdded { "Server added to the pool.", "Server aggiunto al pool.", "Servidor adicionado ao pool.", "Сервер добавлен в пул." }
    FieldServerUrl { "Server address", "Indirizzo del server", "Endereço do servidor", "Адрес сервера" }
    FieldServerSecret { "Shared secret", "Segreto condiviso", "Segredo compartilhado", "Общий секрет" }
    FieldTags { "Tags", "Etichette", "Etiquetas", "Метки" }
    StateEnabled { "Enabled", "Attivo", "Ativo", "Включён" }
    StateCordoned { "Cordoned", "Isolato", "Isolado", "Изолирован" }
    StateDisabled { "Disabled", "Disattivato", "Desativado", "Отключён" }
    HealthOnline { "online", "in linea", "online", "в сети" }
    HealthUnstable { "unstable", "instabile", "instável", "нестабилен" }
    HealthOffline { "offline", "non in linea", "offline", "недоступен" }
    ErrServerUnreachable {
        "The server could not be reached at that address. Check the address and that the server is up.",
        "Impossibile raggiungere il server a quell'indirizzo. Controlla l'indirizzo e che il server sia attivo.",
        "Não foi possível alcançar o servidor nesse endereço. Verifique o endereço e se o servidor está ativo.",
        "Не удалось связаться с сервером по этому адресу. Проверьте адрес и что сервер работает.",
    }
    ErrServerSecret {
        "The server refused the secret. Copy it again from `bbb-conf --secret` on the server.",
        "Il server ha rifiutato il segreto. Copialo di nuovo da `bbb-conf --secret` sul server.",
        "O servidor recusou o segredo. Copie-o novamente de `bbb-conf --secret` no servidor.",
        "Сервер отклонил секрет. Скопируйте его снова из `bbb-conf --secret` на сервере.",
    }
    ErrNotBbb {
        "That address does not answer like a BigBlueButton server.",
        "Quell'indirizzo non risponde come un server BigBlueButton.",
        "Esse endereço não responde como um servidor BigBlueButton.",
        "Этот адрес не отвечает как сервер BigBlueButton.",
    }
    ErrServerCertificate {
        "The server's TLS certificate is not trusted. If it comes from a private certificate authority, ask an operator to add the server with its CA.",
        "Il certificato TLS del server non è attendibile. Se proviene da un'autorità di certificazione privata, chiedi a un operatore di aggiungere il server con la sua CA.",
        "O certificado TLS do servidor não é confiável. Se vier de uma autoridade certificadora privada, peça a um operador que adicione o servidor com a sua CA.",
        "TLS-сертификат сервера не является доверенным. Если он выдан частным центром сертификации, попросите оператора добавить сервер с его CA.",
    }
    ErrServerNotPublic {
        "That address is loopback, private or internal. Only the network's operators can add such servers.",
        "Quell'indirizzo è di loopback, privato o interno. Solo gli operatori della rete possono aggiungere server simili.",
        "Esse endereço é de loopback, privado ou interno. Apenas os operadores da rede podem adicionar esses servidores.",
        "Этот адрес локальный, частный или внутренний. Только операторы сети могут добавлять такие серверы.",
    }
    PoolShared { "shared pool", "pool condiviso", "pool compartilhado", "общий пул" }
    PoolOwnOnly { "own meetings only", "solo riunioni proprie", "apenas reuniões próprias", "только свои встречи" }
    PoolShare { "Admit to the shared pool", "Ammetti al pool condiviso", "Admitir no pool compartilhado", "Допустить в общий пул" }
    PoolUnshare { "Take out of the shared pool", "Togli dal pool condiviso", "Retirar do pool compartilhado", "Убрать из общего пула" }
    ProblemRequired { "required", "obbligatorio", "obrigatório", "обязательное поле" }
    ProblemTooShort { "at least {n} characters", "almeno {n} caratteri", "pelo menos {n} caracteres", "не менее {n} символов" }
    ProblemTooLong { "at most {n} characters", "al massimo {n} caratteri", "no máximo {n} caracteres", "не более {n} символов" }
    ProblemFormat { "not in the expected form", "formato non valido", "formato inválido", "неверный формат" }
    ProblemOutOfRange { "outside the allowed range", "fuori dall'intervallo consentito", "fora do intervalo permitido", "вне допустимого диапазона" }
    ProblemTaken { "already in use", "già in uso", "já está em uso", "уже используется" }
}

/// The label of a form field named in an error.
pub fn field_label(field: &str, lang: Lang) -> &'static str {
    let t = match field {
        "email" => T::FieldEmail,
        "password" | "new" => T::FieldNewPassword,
        "current" => T::FieldCurrentPassword,
        "name" => T::FieldName,
        "slug" => T::FieldSlug,
        "timezone" => T::FieldTimezone,
        "region" => T::FieldRegion,
        "latitude" => T::FieldLatitude,
        "longitude" => T::FieldLongitude,
        "default_language" => T::FieldDefaultLanguage,
        "brand_color" => T::FieldBrandColor,
        "logo_url" => T::FieldLogoUrl,
        "display_name" => T::FieldDisplayName,
        "role" => T::FieldRole,
        "language" => T::FieldLanguage,
        "url" => T::FieldServerUrl,
        "secret" => T::FieldServerSecret,
        "capacity" => T::PoolCapacity,
        "tags" => T::FieldTags,
        "state" => T::PoolState,
        "description" => T::FieldDescription,
        "visibility" => T::FieldVisibility,
        "guest_policy" => T::FieldGuestPolicy,
        "access_code" => T::FieldAccessCode,
        "welcome" => T::FieldWelcome,
        "title" => T::FieldTitle,
        "date" => T::FieldDate,
        "start" => T::FieldStart,
        "end" => T::FieldEnd,
        "expected" => T::FieldExpected,
        "repeat" => T::FieldRepeat,
        "interval" => T::FieldInterval,
        "weekdays" => T::FieldWeekdays,
        "until" => T::FieldUntil,
        "count" => T::FieldCount,
        "except" => T::FieldExcept,
        "label" => T::FieldLabel,
        "reason" => T::FieldReason,
        "end_date" => T::FieldEndDate,
        "personal" => T::FieldPersonal,
        "create_rooms_role" => T::FieldCreateRoomsRole,
        "book_role" => T::FieldBookRole,
        "record_role" => T::FieldRecordRole,
        "personal_room_role" => T::FieldPersonalRoomRole,
        "max_hours_per_week" => T::FieldMaxHours,
        "max_days_ahead" => T::FieldMaxDays,
        "min_notice_minutes" => T::FieldMinNotice,
        "capacity_policy" => T::FieldCapacityPolicy,
        "start_early_minutes" => T::FieldStartEarly,
        "grace_minutes" => T::FieldGrace,
        "days" => T::FieldDays,
        "invitees" => T::FieldInvitees,
        "scope" => T::FieldScope,
        _ => T::FieldField,
    };
    t.in_lang(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_translated() {
        for t in T::ALL {
            for l in Lang::ALL {
                assert!(!t.in_lang(l).trim().is_empty(), "{t:?} is empty in {l:?}");
            }
            // Placeholders survive translation.
            for ph in [
                "{name}",
                "{n}",
                "{id}",
                "{ms}",
                "{now}",
                "{max}",
                "{score}",
                "{eligible}",
                "{seats}",
                "{km}",
                "{excluded}",
            ] {
                let en = t.in_lang(Lang::En).contains(ph);
                for l in Lang::ALL {
                    assert_eq!(t.in_lang(l).contains(ph), en, "{t:?} placeholder {ph} in {l:?}");
                }
            }
        }
        // Translations are real: most messages differ from the English text.
        for l in [Lang::It, Lang::PtBr, Lang::Ru] {
            let same = T::ALL.iter().filter(|t| t.in_lang(l) == t.in_lang(Lang::En)).count();
            assert!(same * 10 < T::ALL.len(), "{l:?} repeats English in {same} messages");
        }
    }

    #[test]
    fn language_codes_round_trip_and_negotiate() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::negotiate("pt-BR,pt;q=0.9,en;q=0.8"), Some(Lang::PtBr));
        assert_eq!(Lang::negotiate("de-DE,de;q=0.9,it;q=0.5,en;q=0.4"), Some(Lang::It));
        assert_eq!(Lang::negotiate("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::negotiate("fr, de"), None);
        assert_eq!(Lang::negotiate("en;q=0"), None);
    }
}
