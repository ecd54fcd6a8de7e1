### Convene: every text of the interface and of the e-mails, in Italian.
### One message per line: `Key = text`. `{ $name }` is filled in by the program; keep every one of them. Counts
### choose a form by the language's plural rules: `{ $n ->` then `[one]`, `[few]`, `[many]`, `*[other]`.
### A key missing here, or one that the program does not know, fails the tests.

## Pages

SkipToContent = Vai al contenuto
NavMain = Principale
NavHome = Home
NavLogin = Accedi
NavAccount = Account
NavInstitutions = Istituzioni
NavMembers = Membri
Logout = Esci
ChangeLanguage = Cambia
FooterTagline = Convene — videoconferenza federata per la ricerca e l'istruzione
Loading = Caricamento…
HomeTitle = Incontrarsi in tutta la rete
HomeLead = Prenota stanze virtuali, avvia riunioni sul pool condiviso di server di conferenza e invita ospiti, con l'account della tua istituzione.
HomeWelcome = Benvenuto, { $name }
HomeMoreSignIn = Altre istituzioni, e accesso con password
HomePasswordSignIn = Accedi con una password
HomeNext = Prossimi
HomeNothingNext = Nessuna prenotazione per la prossima settimana.
HomeBookARoom = Prenota una stanza
HomeAllBookings = Tutte le mie prenotazioni
HomeTimesIn = Orari in { $tz }
HomeLive = In corso
HomePendingBadge = In attesa di approvazione
HomeOpensAt = Apre alle { $time }
HomePending = { $n ->
    [one] Una prenotazione attende la vostra decisione.
   *[other] { $n } prenotazioni attendono la vostra decisione.
}
HomeYourRooms = Le vostre stanze
HomeAllRooms = Tutte le stanze
HomeOperator = Gestione della rete
HomeOperatorText = Gestisci la rete: amministra le istituzioni e i loro amministratori.
HomeYourInstitutions = Le tue istituzioni
HomeNoInstitution = Non fai ancora parte di alcuna istituzione. Chiedi all'amministratore della tua istituzione di aggiungerti.
RoleAdmin = Amministratore
RoleMember = Membro
RoleGuest = Ospite
You = tu
LoginTitle = Accedi a Convene
LoginButton = Accedi
LoginAlready = Hai già effettuato l'accesso.
LoginInvalid = L'e-mail o la password non sono corrette. Controllale e riprova.
LoginExpired = La sessione è scaduta. Accedi di nuovo.
LoginRequired = Accedi per vedere quella pagina.
LoginFederatedSoon = L'accesso tramite la tua istituzione (SAML o OpenID Connect) apparirà qui quando la tua istituzione sarà collegata.
LoginForgot = Password dimenticata?
LoginPasswordReset = La password è stata cambiata e tutte le sessioni del vostro account sono state chiuse. Accedete con la nuova password.
ResetTitle = Reimpostare la password
ResetLead = Per gli account che accedono qui con una password. Indicate l'indirizzo e-mail dell'account: vi sarà inviato un link per scegliere una nuova password.
ResetSend = Invia il link
ResetSent = Se un account con questo indirizzo accede qui con una password, un'e-mail con un link è in arrivo. Il link funziona per 30 minuti, una sola volta. Non è arrivato nulla? Controllate lo spam, o chiedete di nuovo tra qualche minuto.
ResetBackToSignIn = Torna all'accesso
ResetInvalidEmail = Indicate l'indirizzo e-mail del vostro account.
ResetMailOff = Questo server non invia e-mail, quindi qui le password non si possono reimpostare. Chiedete all'amministratore della vostra istituzione o agli operatori della rete di impostarne una nuova.
ResetLinkGone = Questo link è scaduto o è già stato usato. Chiedetene uno nuovo.
ResetTooShort = La nuova password è troppo corta: usate almeno 10 caratteri.
ResetTooLong = La nuova password è troppo lunga.
ResetMismatch = Le due password non coincidono: scrivete due volte la nuova password.
ResetChooseTitle = Scegliete una nuova password
ResetNewPassword = Nuova password
ResetHint = Almeno { $n } caratteri. Quando la salvate, tutte le sessioni del vostro account si chiudono.
ResetRepeat = Di nuovo la nuova password
ResetSave = Salva la nuova password
ResetAskAgain = Chiedi un nuovo link
LoginWithInstitution = Accedi con la tua istituzione
LoginWithPassword = Oppure con un account Convene
LoginFindInstitution = Trova la tua istituzione
LoginSearch = Cerca
LoginNoMatch = Nessuna istituzione corrisponde a “{ $q }”. Prova con una parte del nome o con la sigla.
LoginLastChoice = l'ultima volta
LoginFedExpired = L'accesso ha richiesto troppo tempo o è stato avviato in un altro browser. Ricomincia.
LoginFedRefused = La tua istituzione non ti ha fatto accedere. Se pensi che dovrebbe, chiedi al suo servizio di assistenza.
LoginFedUnreachable = Il servizio di accesso della tua istituzione non è raggiungibile in questo momento. Riprova tra qualche minuto.
FedMdq = L'indirizzo è un servizio Metadata Query (MDQ): gli IdP si cercano uno per uno con il loro entity id
FedLookupLabel = Cerca un IdP con il suo entity id
FedLookupButton = Cerca
FedLookedUp = I metadati firmati dell'IdP sono stati letti e conservati: trovalo per nome qui sotto per assegnarlo a un'istituzione.
FieldHomeDomains = Domini dell'organizzazione di appartenenza
HintHomeDomains = Per un accesso federato comune: le persone la cui organizzazione è uno di questi domini (es. uniroma1.it) appartengono a questa istituzione. Separali con spazi.
IdpHomeClaim = Claim dell'organizzazione di appartenenza (solo per un proxy federato)
IdpHomeClaimHint = Lascia vuoto per il provider di una singola istituzione. Per un proxy che serve molte istituzioni, il claim che indica l'organizzazione di ciascuno: entra nell'istituzione con quel dominio; chiunque altro è al massimo ospite dell'istituzione sopra.
IdpProxyNote = Federato: l'istituzione di ciascuno viene da { $claim }.
RightBook = può prenotare stanze
RightNoBook = non può prenotare stanze
RightRecord = può registrare
RightNoRecord = non può registrare
RightPersonalRoom = può avere una stanza personale
RightNoPersonalRoom = non può avere una stanza personale
RightAsRole = Come consente il ruolo
Yes = Sì
No = No
RightsLegend = Oltre il ruolo (lasciato come consente il ruolo, decide la politica di prenotazione)
FieldMayBook = Prenotare stanze
FieldMayRecord = Registrare le riunioni
FieldMayPersonalRoom = Avere una stanza personale
RoleRights = La regola dice anche: { $rights }.
LogoutAtIdpTitle = Chiusura dell'accesso presso la tua istituzione
LogoutAtIdpText = Sei uscito da Convene. Il browser ora passa alla tua istituzione per chiudere anche il suo accesso.
LogoutAtIdpContinue = Continua
LoginSignedOutEverywhere = Sei uscito da Convene e dall'accesso della tua istituzione.
LoginSignedOutHere = Sei uscito da Convene. L'accesso della tua istituzione potrebbe essere ancora aperto: chiudi il browser per terminarlo, soprattutto su un computer condiviso.
LoginLogoutInvalid = La tua istituzione ha chiesto di farti uscire, ma la richiesta non è verificabile, quindi non è cambiato nulla. Esci con il pulsante in alto nella pagina.
LoginFedInvalid = La risposta della tua istituzione non era affidabile, quindi l'accesso non è avvenuto. Riprova; se succede ancora, avvisa l'assistenza della tua istituzione.
LoginNoEmail = La tua istituzione non ha inviato un indirizzo e-mail verificato. Chiedi alla sua assistenza di renderlo disponibile a Convene.
LoginEmailTaken = Esiste già un account Convene con il tuo indirizzo e-mail. Chiedi a un operatore di collegarlo all'accesso della tua istituzione.
LoginNotAdmitted = Le regole della tua istituzione non ti danno accesso a Convene. Chiedi agli amministratori Convene della tua istituzione.
LoginNoIdentifier = La tua istituzione non ha inviato un identificativo che resti lo stesso da un accesso all'altro. Chiedi alla sua assistenza di rendere disponibile a Convene eduPersonPrincipalName (o subject-id).
LoginOutOfScope = L'accesso della tua istituzione ha garantito un'identità fuori dal suo dominio, quindi Convene non l'ha accettata. Chiedi alla sua assistenza; se succede ancora, avvisa gli operatori di Convene.
RequestIdIs = Codice della richiesta: { $id }
ShowPassword = Mostra
HidePassword = Nascondi
FieldEmail = E-mail
FieldPassword = Password
FieldName = Nome
FieldSlug = Nome breve (negli indirizzi)
FieldTimezone = Fuso orario
FieldRegion = Regione
FieldLatitude = Latitudine
FieldLongitude = Longitudine
FieldDefaultLanguage = Lingua predefinita
FieldBrandColor = Colore istituzionale
FieldLogoUrl = Indirizzo del logo (URL)
FieldHelpUrl = Pagina di aiuto
FieldPrivacyUrl = Informativa privacy
FieldContactUrl = Contatti
HintContactUrl = Una pagina web (https://…) o un indirizzo e-mail scritto mailto:helpdesk@example.org. Vuoto: nessuno.
LinksTitle = Aiuto, privacy e contatti
LinksLead = Mostrati in fondo a ogni pagina vista dai membri della tua istituzione, accanto a quelli della rete.
FooterHelp = Aiuto
FooterPrivacy = Privacy
FooterContact = Contatti
FooterLinks = Aiuto, privacy e contatti
FieldDisplayName = Nome visualizzato
FieldRole = Ruolo
FieldInitialPassword = Password iniziale
FieldLanguage = Lingua
FieldCurrentPassword = Password attuale
FieldNewPassword = Nuova password
FieldField = Campo
HintSlug = Lettere minuscole, cifre e trattini, ad es. uni-roma
HintRegion = Dove si trova l'istituzione, per collocare le riunioni vicino, ad es. eu-south
HintDisplayNameNew = Serve solo per chi non ha ancora un account.
HintInitialPassword = Per un nuovo account locale: almeno 10 caratteri. Lascia vuoto per chi ha già un account.
HintPassword = Almeno 10 caratteri.
HintTimezoneOverride = Lascia vuoto per usare il fuso orario della tua istituzione.
LanguageAuto = Automatica
InstitutionsTitle = Istituzioni
InstitutionsNew = Nuova istituzione
InstitutionsEmpty = Ancora nessuna istituzione. Crea la prima qui sotto.
MembersCount = Membri
MembersOf = Membri di { $name }
MembersEmpty = Nessuno fa ancora parte di questa istituzione. Aggiungi il primo membro qui sotto.
MembersAdd = Aggiungi un membro
MembersAddButton = Aggiungi
MemberAdded = Membro aggiunto.
ChangeRole = Cambia ruolo
Remove = Rimuovi…
ConfirmRemove = Rimuovere { $name } da questa istituzione?
ConfirmRemoveButton = Sì, rimuovi
Removed = Rimosso.
Actions = Azioni
Edit = Modifica
Create = Crea
Created = Creato.
Save = Salva
Saved = Salvato.
AccountTitle = Il tuo account
AccountProfile = Profilo
AccountPassword = Password
ChangePassword = Cambia password
PasswordChanged = Password cambiata.
NotFoundTitle = Pagina non trovata
NotFoundText = L'indirizzo potrebbe essere sbagliato, oppure la pagina è stata spostata.
ErrUnauthenticated = Accedi prima di continuare.
ErrForbidden = Non hai il permesso di farlo. Chiedi a un amministratore della tua istituzione se ti serve.
ErrNotFound = Non trovato: potrebbe essere stato rimosso, o l'indirizzo è sbagliato.
ErrLastAdmin = Un'istituzione ha bisogno di almeno un amministratore: nominane prima un altro.
ErrAlreadyMember = Questa persona è già membro; cambia il suo ruolo nell'elenco.
ErrRateLimited = Troppi tentativi. Attendi qualche minuto e riprova.
UnavailableTitle = Convene non è disponibile per un momento
ErrUnavailable = Convene non riesce a raggiungere il proprio database in questo momento. Non è stato modificato nulla e il tuo accesso resta valido. Riprova tra un minuto.
ErrInternal = Qualcosa è andato storto da parte nostra. Riprova; se persiste, comunica questo riferimento all'assistenza: { $id }
ErrBadRequest = Impossibile leggere il modulo. Ricarica la pagina e riprova.
ErrTransport = Impossibile raggiungere il server. Controlla la connessione e riprova.
NavPool = Pool
PoolTitle = Server di conferenza
PoolLeadOperator = Tutti i server del pool della rete, il loro stato e il carico. Isola un server per non avviarvi nuove riunioni senza chiudere quelle in corso.
PoolLeadAdmin = I server che la tua istituzione mette a disposizione del pool della rete, e i totali del pool.
PoolLive = In diretta: questa pagina si aggiorna da sola.
PoolTotals = Totali del pool
PoolOnline = server attivi
PoolMeetings = Riunioni
PoolParticipants = Partecipanti
PoolCapacity = Posti
PoolHealth = Stato
PoolState = Stato amministrativo
ProblemEndNotAfterStart = la fine deve essere dopo l'inizio
ProblemInThePast = quell'orario è già passato
ProblemTooSoon = la tua istituzione chiede almeno { $n ->
        [one] { $n } minuto
       *[other] { $n } minuti
    } di preavviso
ProblemTooFarAhead = la tua istituzione consente di prenotare al massimo { $n ->
        [one] { $n } giorno
       *[other] { $n } giorni
    } prima
ProblemOverWeeklyHours = supera di { $ms ->
        [one] { $ms } minuto
       *[other] { $ms } minuti
    } { $n ->
        [one] la tua { $n } ora settimanale
       *[other] le tue { $n } ore settimanali
    }; accorciala o libera un'altra prenotazione
ProblemTooMany = al massimo { $n ->
        [one] { $n } voce
       *[other] { $n } voci
    }
ProblemNotMember = nessun membro dell'istituzione della stanza ha questo indirizzo; aggiungilo prima all'istituzione
ProblemSeriesDate = più occorrenze mantengono le loro date; per spostare una serie in altri giorni, modifica solo questa o annulla e prenota di nuovo
EditBooking = Modifica
FieldScope = Applica a
ScopeThis = solo questa prenotazione
ScopeFollowing = questa e le successive
ScopeAll = tutte le prossime della serie
EditSaved = Salvato: { $n ->
        [one] { $n } prenotazione modificata
       *[other] { $n } prenotazioni modificate
    }.
EditCollisions = Nessuna modifica: queste occorrenze si sovrapporrebbero ad altre prenotazioni:
ProblemMailOff = questo server non invia e-mail; condividi invece un link per ospiti
ProblemNotAnImage = Questo file non è un'immagine PNG, JPEG, GIF o WebP (SVG non è accettato): scegline un altro o salvalo come PNG.
ProblemImageTooLarge = L'immagine supera 64 KiB: salvala più piccola (circa 200 × 200 pixel bastano) e riprova.
LogoTitle = Logo
LogoLead = Mostrato accanto al nome della tua istituzione nelle pagine delle sue stanze e in quelle che aprono i suoi ospiti.
LogoOf = Logo di { $name }
LogoFile = File dell'immagine
LogoHint = PNG, JPEG, GIF o WebP, al massimo 64 KiB; le immagini quadrate rendono meglio.
LogoUpload = Carica il logo
LogoRemove = Togli il logo
InviteesHint = Ricevono il file del calendario e un link per ospiti; separa gli indirizzi con virgole o a capo (al massimo 50).
InvitationsQueued = { $n ->
        [one] L'invito sta partendo per { $n } persona.
       *[other] Gli inviti stanno partendo per { $n } persone.
    }
FieldInvitees = Invita per e-mail
ProblemNonexistentTime = quell'orario non esiste in quel giorno (cambio dell'ora); scegline un altro
ErrBusy = Qualcun altro ha modificato le stesse prenotazioni nello stesso momento; non è cambiato nulla. Riprova.
ErrBookingChanged = Nel frattempo questa prenotazione è stata annullata, approvata o respinta; non è cambiato nulla. Ricarica la pagina e riprova.
ErrBookingOverlap = Quell'orario si sovrappone a un'altra prenotazione della stanza. Scegli uno spazio libero.
ErrOverCapacity = Il pool non può ospitare i posti prenotati a quell'ora: { $n ->
        [one] manca { $n } posto
       *[other] mancano { $n } posti
    }. Riduci i partecipanti previsti o scegli un altro orario.
NavRooms = Stanze
RoomsTitle = Stanze
RoomsLead = Le stanze virtuali delle tue istituzioni. Aprine una per vederne il calendario e prenotarla.
RoomsEmpty = Ancora nessuna stanza. Crea la prima qui sotto.
RoomsCreate = Nuova stanza
RoomsCreateButton = Crea stanza
RoomCreated = Stanza creata.
FieldDescription = Descrizione
FieldSeats = Posti
FieldVisibility = Visibilità
VisibilityInstitution = La mia istituzione
VisibilityPublic = Elenco pubblico
RoomsOfNetwork = Aperte a tutta la rete
RoomsOfNetworkLead = Stanze che altre istituzioni elencano per tutti: partecipa alle loro riunioni mentre sono in corso.
FieldGuestPolicy = Ospiti
GuestOpen = Gli ospiti entrano direttamente
GuestAsk = Un moderatore fa entrare gli ospiti
GuestNone = Nessun ospite
FieldRecordAllowed = Registrazione consentita
FieldMuteOnStart = Microfoni spenti all'ingresso
FieldAccessCode = Codice di accesso (facoltativo, 4–32 lettere o cifre)
FieldWelcome = Messaggio di benvenuto
CalDay = Giorno
CalWeek = Settimana
CalMonth = Mese
CalAgenda = Elenco
CalPrev = Precedente
CalNext = Successivo
CalTimes = Orari in { $name }.
CalNothing = Nessuna prenotazione.
CalWeekdayShort = { $day ->
    [1] lun
    [2] mar
    [3] mer
    [4] gio
    [5] ven
    [6] sab
   *[7] dom
}
CalWeekdayLong = { $weekday ->
    [1] lunedì
    [2] martedì
    [3] mercoledì
    [4] giovedì
    [5] venerdì
    [6] sabato
   *[7] domenica
}
CalMonthName = { $month ->
    [1] Gennaio
    [2] Febbraio
    [3] Marzo
    [4] Aprile
    [5] Maggio
    [6] Giugno
    [7] Luglio
    [8] Agosto
    [9] Settembre
    [10] Ottobre
    [11] Novembre
   *[12] Dicembre
}
CalDateLong = { CalWeekdayLong } { $day } { $month ->
    [1] gennaio
    [2] febbraio
    [3] marzo
    [4] aprile
    [5] maggio
    [6] giugno
    [7] luglio
    [8] agosto
    [9] settembre
    [10] ottobre
    [11] novembre
   *[12] dicembre
} { $year }
CalJump = Vai a una data
CalPrevMonth = Mese precedente
CalNextMonth = Mese successivo
CalToday = Oggi
CalKeysHint = Tasti: ← → passano da un giorno all'altro, PagSu / PagGiù vanno alla pagina precedente o successiva, T va a oggi.
BookTitle = Prenota questa stanza
FieldTitle = Titolo
FieldDate = Data
FieldStart = Inizio
FieldEnd = Fine
FieldDuration = Durata
DurationLabel = { $h ->
    [0] { $m } min
   *[other] { $m ->
        [0] { $h } h
       *[other] { $h } h { $m } min
    }
}
OtherEnd = Termina a un'altra ora o in un altro giorno
OtherEndHint = Una fine indicata qui si usa al posto della durata.
SkipDateN = Data da saltare { $n }
SkipDateAdd = Aggiungi una data
FieldExpected = Partecipanti previsti
ExpectedCount = { $n ->
        [one] { $n } partecipante previsto
       *[other] { $n } partecipanti previsti
    }
FieldRepeat = Ripeti
RepeatNone = Non si ripete
RepeatDaily = Ogni giorno
RepeatWeekly = Ogni settimana
RepeatMonthlyDate = Ogni mese, stessa data
RepeatMonthlyWeekday = Ogni mese, stesso giorno della settimana
RepeatYearly = Ogni anno
FieldInterval = Ogni quanti (1 = ognuno)
FieldWeekdays = In questi giorni
WeekdaysHint = Solo per la ripetizione settimanale. Nessuno spuntato: il giorno della prima prenotazione.
FieldUntil = Fino al (data)
FieldCount = Oppure numero di volte
FieldExcept = Salta queste date
OnConflictSkip = Prenota le date libere e salta quelle occupate
BookButton = Prenota
Booked = Prenotato: { $n }.
BookedPending = In attesa di approvazione da un amministratore dell'istituzione.
CollisionsFound = Queste date sono già occupate; non è stato prenotato nulla. Spunta la casella per prenotare le altre date, o cambia orario.
CollisionsSkipped = Saltate perché già occupate:
CapacityWarning = Attenzione: al momento più affollato { $n ->
        [one] manca { $n } posto
       *[other] mancano { $n } posti
    } nel pool.
StatusPending = in attesa di approvazione
InSeries = si ripete
CancelBooking = Annulla prenotazione
ConfirmCancel = Annullare «{ $name }»? Lo spazio torna libero.
ConfirmCancelButton = Sì, annulla
BookingCancelled = Prenotazione annullata.
DoneBooked = Prenotato: «{ $title }», { $day }, { $from }–{ $to }, in { $room }.
DoneSaved = Salvato: «{ $title }», { $day }, { $from }–{ $to }, in { $room }.
DoneCancelled = Annullato: «{ $title }», { $day }, { $from }–{ $to }, in { $room }.
DoneCollided = Non è stato modificato nulla: { $n ->
        [one] { $n } degli orari richiesti è occupato
       *[other] { $n } degli orari richiesti sono occupati
    }. Scegli altri orari o prenota di nuovo saltandoli.
JoinNeedsGuestLink = Questa stanza chiede un codice di accesso: entra con un link per ospiti dei suoi organizzatori.
MeetingsHeld = Riunioni svolte
MeetingHeld = Riunione svolta il { $day }, { $from }–{ $to } ({ $n } min)
RoomPersonal = personale
OpenCalendar = Calendario
ErrNotStartable = Ora non c'è una prenotazione di questa stanza. La riunione si può avviare da { $n ->
        [one] { $n } minuto
       *[other] { $n } minuti
    } prima di una prenotazione; prenota prima la stanza.
ErrMeetingRunning = La riunione della stanza è in corso. Terminala prima, poi elimina la stanza.
DialIn = Per telefono:
DialInPin = numero della conferenza
MyBookingsTitle = Le mie prenotazioni
NavMyBookings = Prenotazioni
MyBookingsEmpty = Nessuna prenotazione in questi giorni. Prenota una stanza dal suo calendario in Stanze.
BookingDetails = Dettagli
BackToCalendar = Torna al calendario
RoomSettings = Impostazioni della stanza
CoOwners = Co-proprietari
CoOwnersLead = I co-proprietari gestiscono la stanza come il proprietario: impostazioni, prenotazioni, link per ospiti; entrano come moderatori.
CoOwnersEmpty = Ancora nessun co-proprietario.
CoOwnerAdd = Aggiungi co-proprietario
CoOwnerRemove = Rimuovi
AccessCodeKeep = Lascia vuoto per mantenere il codice attuale.
AccessCodeClear = Rimuovi il codice di accesso
RoomDelete = Elimina questa stanza
RoomDeleteConfirm = Eliminare definitivamente “{ $name }”? { $n ->
        [one] La sua { $n } prenotazione futura viene annullata
       *[other] Le sue { $n } prenotazioni future vengono annullate
    } e gli invitati avvisati.
RoomDeleteButton = Sì, elimina la stanza
ErrNotStarted = La riunione non è ancora iniziata. Attendi che l'organizzatore la avvii, poi riprova.
ErrNoServer = Nessun server di conferenza può ospitare la riunione ora. Riprova tra un minuto; gli operatori sono stati avvisati.
MeetingRunning = La riunione è in corso.
MeetingStart = Avvia la riunione
MeetingJoin = Entra nella riunione
MeetingEnd = Termina la riunione
MeetingEndConfirm = Terminarla ora per tutti?
MeetingEnded = Riunione terminata.
MeetingRejoin = Se la riunione si interrompe, torna qui e rientra con lo stesso pulsante: Convene la riporta su un altro server.
GuestLinksTitle = Link per ospiti
GuestLinksLead = Chi non ha un account entra con un link per ospiti. I link scadono o si possono revocare.
GuestLinksEmpty = Ancora nessun link per ospiti.
FieldLabel = Etichetta (per te)
FieldDays = Valido per (giorni)
GuestLinkCreate = Crea link per ospiti
GuestLinkCreated = Copia ora questo link; viene mostrato una sola volta:
GuestLinkUntil = fino al { $name }
GuestLinkRevoked = revocato
GuestLinkExpired = scaduto
GuestLinkRevoke = Revoca
GuestLinkRevokeConfirm = Revocare questo link? Nessuno potrà più usarlo per entrare.
GuestTitle = Entra come ospite
GuestYourName = Il tuo nome (visibile agli altri)
GuestCode = Codice di accesso
GuestJoin = Entra
GuestWaiting = Un moderatore ti farà entrare dopo che ti sarai unito.
GuestNotRunning = La riunione non è ancora iniziata.
GuestExpected = Previsto { $date } alle { $time } ({ $zone }).
GuestNoExpected = Non è noto un orario di inizio: chi ti ha invitato può dirti quando.
GuestChecksAgain = Questa pagina controlla ogni mezzo minuto e ti fa entrare appena la riunione inizia; intanto puoi cambiare il tuo nome.
GuestLinkGone = Questo link per ospiti non esiste o è scaduto. Chiedine uno nuovo a chi ti ha invitato.
FeedTitle = Feed del calendario
FeedLeadRoom = Segui le prenotazioni di questa stanza nella tua app di calendario con un indirizzo privato. Crearne uno nuovo disattiva il precedente.
FeedLeadMine = Le tue prenotazioni nella tua app di calendario, tramite un indirizzo privato.
FeedMake = Crea un indirizzo privato
FeedStop = Disattiva il feed
FeedStopped = Feed disattivato.
FeedUrl = Iscriviti con questo indirizzo (tienilo privato):
DownloadIcs = Aggiungi al calendario (.ics)
DragHint = Trascina su un orario libero per compilare il modulo di prenotazione; trascina una prenotazione per spostarla, o il suo bordo inferiore per cambiarne la fine. Oppure usa “Cambia orario”.
PendingTitle = In attesa di approvazione
PendingEmpty = Niente in attesa di approvazione.
Approve = Approva
Reject = Rifiuta
FieldReason = Motivo (inviato a chi ha prenotato)
Decided = Fatto.
FieldEndDate = Data di fine
PolicyTitle = Regole di prenotazione di { $name }
PolicyLead = Chi può creare stanze, prenotare e registrare, i limiti di prenotazione e cosa succede quando il pool sarebbe pieno.
PolicyLink = Regole di prenotazione
FieldCreateRoomsRole = Chi può creare stanze
FieldBookRole = Chi può prenotare
FieldRecordRole = Chi può registrare
FieldPersonalRoomRole = Chi può avere una stanza personale
RoleAdmins = Solo amministratori
RoleMembers = Membri e amministratori
RoleEveryone = Tutti, ospiti inclusi
RoleNobody = Nessuno
FieldMaxHours = Ore settimanali a persona (vuoto: nessun limite)
FieldMaxDays = Prenotare al massimo con questi giorni di anticipo (vuoto: nessun limite)
FieldMinNotice = Preavviso minimo (minuti)
FieldApproval = Le prenotazioni richiedono l'approvazione di un amministratore
FieldCapacityPolicy = Quando al pool mancherebbero posti
CapacityWarn = Avvisa e prenota comunque
CapacityRefuse = Rifiuta la prenotazione
FieldStartEarly = Le riunioni possono iniziare con questi minuti di anticipo
FieldGrace = E fino a questi minuti dopo la fine
FieldPersonal = La mia stanza personale (senza prenotazione; una a persona)
MeetingExtend = +{ $n } min
PoolLastPoll = Ultimo controllo
PoolNever = mai
PoolSecondsAgo = { $n } s fa ({ $ms } ms)
PoolHistory = Partecipanti, ultimi controlli
PoolHistoryLabel = Partecipanti { $n ->
        [one] nell'ultimo { $n } controllo
       *[other] negli ultimi { $n } controlli
    }: ora { $now }, massimo { $max }
PoolWhy = Scelto l'ultima volta { $n } s fa: punteggio { $score }, il più basso di { $eligible } idonei; { $seats } posti in uso; { $km } km dall'istituzione; { $excluded } esclusi.
PoolNeverChosen = Non ancora scelto per una riunione.
PoolEmpty = Ancora nessun server. Aggiungi il primo qui sotto: Convene verifica che risponda prima di accettarlo.
PoolAdd = Aggiungi un server
PoolAddHint = Il segreto è quello mostrato da `bbb-conf --secret` sul server. Convene chiama il server con esso prima di salvare.
PoolAddButton = Verifica e aggiungi
PoolChecking = Verifica del server…
PoolAdded = Server aggiunto al pool.
FieldServerUrl = Indirizzo del server
FieldServerSecret = Segreto condiviso
FieldTags = Etichette
StateEnabled = Attivo
StateCordoned = Isolato
StateDisabled = Disattivato
HealthOnline = in linea
HealthUnstable = instabile
HealthOffline = non in linea
ErrServerUnreachable = Impossibile raggiungere il server a quell'indirizzo. Controlla l'indirizzo e che il server sia attivo.
ErrServerSecret = Il server ha rifiutato il segreto. Copialo di nuovo da `bbb-conf --secret` sul server.
ErrNotBbb = Quell'indirizzo non risponde come un server BigBlueButton.
ErrServerCertificate = Il certificato TLS del server non è attendibile. Se proviene da un'autorità di certificazione privata, chiedi a un operatore di aggiungere il server con la sua CA.
ErrServerNotPublic = Quell'indirizzo è di loopback, privato o interno. Solo gli operatori della rete possono aggiungere server simili.
PoolShared = pool condiviso
PoolOwnOnly = solo riunioni proprie
PoolShare = Ammetti al pool condiviso
PoolUnshare = Togli dal pool condiviso
ProblemRequired = obbligatorio
ProblemTooShort = almeno { $n ->
        [one] { $n } carattere
       *[other] { $n } caratteri
    }
ProblemTooLong = al massimo { $n ->
        [one] { $n } carattere
       *[other] { $n } caratteri
    }
ProblemFormat = formato non valido
ProblemOutOfRange = fuori dall'intervallo consentito
ProblemTaken = già in uso

## E-mails

MailWhen = Quando
MailResetSubject = Scegliete una nuova password per Convene
MailResetHello = Buongiorno { $name },
MailResetIntro = qualcuno — speriamo voi — ha chiesto di scegliere una nuova password per il vostro account Convene. Aprite questo link entro { $n ->
    [one] { $n } minuto
   *[other] { $n } minuti
} per sceglierla (funziona una sola volta):
MailResetIgnore = Se non l'avete chiesto, ignorate questo messaggio: la vostra password resta com'è.
MailRepeats = Si ripete: { $n ->
        [one] { $n } incontro in tutto (il file del calendario lo riporta).
       *[other] { $n } incontri in tutto (il file del calendario li elenca).
    }
MailRoom = Stanza
MailOrganizer = Organizzatore
MailJoinMembers = Con un account dell'istituzione: accedi ed entra dalla pagina della stanza
MailJoinGuests = Senza account: apri questo link per ospiti e indica il tuo nome
MailSignature = — Convene, videoconferenze della rete
MailSignatureOf = — { $institution }, con Convene, videoconferenze della rete
MailInvitation = Invito
MailInvites = { $who } ti invita a una riunione online.
MailBooked = Prenotato
MailBookedIntro = La tua prenotazione è confermata. L'invito è stato inviato a:
MailReminder = Promemoria
MailReminderIntro = La riunione inizia tra { $n ->
        [one] { $n } minuto
       *[other] { $n } minuti
    }.
MailGuestHint = Senza account: usa il link per ospiti dell'invito.
MailApproved = Approvata
MailApprovedIntro = La tua prenotazione è stata approvata ed è confermata.
MailNotApproved = Non approvata
MailNotApprovedIntro = La tua prenotazione non è stata approvata; l'orario è di nuovo libero.
MailReason = Motivo
MailUpdated = Aggiornata
MailUpdatedIntro = Questa riunione è cambiata. Ecco com'è ora:
MailCancelled = Annullata
MailCancelledIntro = Questa riunione è annullata.
RoleNotAdmitted = non ammesso
RuleLine = { $claim } = { $pattern } → { $role }
SignInRules = Regole di accesso
SignInTitle = Accesso a { $name }
SignInLead = Le persone di questa istituzione accedono tramite il suo identity provider. A ogni accesso le regole qui sotto vengono provate in ordine: la prima il cui attributo ha un valore corrispondente assegna il ruolo; chi non corrisponde a nessuna regola riceve il ruolo predefinito del provider. Un ruolo cambiato a mano nella pagina dei membri viene riassegnato dalle regole al prossimo accesso.
SignInProviders = Identity provider
SignInNoProvider = Ancora nessun identity provider. Un operatore della rete aggiunge quello della tua istituzione.
SignInDefault = predefinito: { $role }
SignInLinkLead = L'indirizzo di accesso della tua istituzione, per un pulsante sul suo sito:
SignInNoRules = Nessuna regola: chi accede riceve il ruolo predefinito del provider.
RuleAdd = Aggiungi una regola
RuleRemoveConfirm = Rimuovere questa regola? Non si applica più dal prossimo accesso.
FieldClaim = Attributo
FieldPattern = Valore (* corrisponde a qualsiasi inizio o fine)
NavSignInRules = Regole di accesso
RoleByHand = Impostato da un amministratore.
RoleFrom = Il tuo ruolo viene dalle regole di accesso della tua istituzione: { $why }.
RoleFromDefault = Il tuo ruolo è quello predefinito di { $name }: nessuna regola di accesso della tua istituzione corrisponde.
IdpTitle = Accesso tramite le istituzioni
IdpLead = Gli identity provider con cui accedono le persone delle istituzioni (OpenID Connect e SAML 2.0). Ognuno è verificato prima di essere aggiunto — il documento di discovery di un provider OpenID, i metadati di un IdP SAML, l'aggregato firmato di una federazione —; gli amministratori dell'istituzione impostano le regole che assegnano i ruoli.
IdpEmpty = Ancora nessun identity provider: si accede solo con le password di Convene.
IdpOff = disattivato
IdpSignInAt = L'accesso comincia da
IdpSwitchOff = Disattiva
IdpSwitchOn = Attiva
IdpAdd = Aggiungi un provider OpenID Connect
IdpAddLead = Registra Convene presso il provider come client confidenziale con questo indirizzo di ritorno:
IdpInstitution = Istituzione
IdpName = Nome nella pagina di accesso
IdpIssuer = Issuer (indirizzo https)
IdpClientId = Client id
IdpClientSecret = Client secret
IdpScopes = Scope
IdpDefaultRole = Ruolo di chi non corrisponde a nessuna regola
IdpCa = Certificato della CA (PEM), solo se una CA privata ha firmato il certificato del provider
IdpAdded = Il provider ha risposto ed è stato aggiunto.
IdpAddButton = Verifica e aggiungi
IdpChecking = Interrogo il provider…
NavIdentity = Accesso
ErrProviderUnreachable = Il provider non ha risposto come issuer OpenID Connect a quell'indirizzo. Controlla l'issuer (il suo /.well-known/openid-configuration deve rispondere via https) e che Convene possa raggiungerlo.
ErrProviderCertificate = Il certificato del provider non è attendibile. Se l'ha firmato una CA privata, incolla il certificato di quella CA.

# SAML identity providers
ProblemMetadataNoKey = non ha un certificato di firma, quindi nulla di ciò che l'IdP invia potrebbe essere verificato. Chiedi ai gestori dell'IdP metadati con la sua chiave di firma.
ProblemMetadataNoSso = non offre un indirizzo https di single sign-on per il binding HTTP-Redirect.
ProblemMetadataExpired = sono scaduti (il loro validUntil è passato). Prendine una copia aggiornata dall'IdP o dalla sua federazione.
ProblemMetadataDoctype = contengono un DOCTYPE, che Convene rifiuta.
ProblemMetadataNotIdp = non descrivono un identity provider SAML 2.0 (nessun IDPSSODescriptor).
ProblemMetadataUnreadable = non si possono leggere come i metadati di un'entità (un solo md:EntityDescriptor con certificati leggibili).
ProblemMetadataTooLarge = superano 512 KiB, più di quanto serva a un IdP.
FieldCaPem = Certificato della CA
IdpMetadataUrl = Indirizzo dei metadati (https)
IdpMetadataXml = Oppure i metadati stessi (XML)
IdpAddSaml = Aggiungi un identity provider SAML 2.0
IdpAddSamlLead = Dai all'IdP i metadati di Convene, che contengono tutto ciò che gli serve:
IdpSamlAdded = I metadati dell'IdP sono stati letti e verificati, e l'IdP è stato aggiunto.
IdpSamlNameHint = Lascia vuoto per usare il nome che l'IdP dà a sé stesso.
IdpValidUntil = metadati validi fino al { $date }
IdpKindOidc = OpenID Connect
IdpKindSaml = SAML 2.0
IdpAddSamlButton = Leggi e aggiungi
IdpReading = Lettura dei metadati…
IdpRefreshedAt = metadati letti l'ultima volta il { $date }
IdpRefreshFailed = L'ultima lettura dei metadati non è riuscita; la copia precedente resta in uso finché non scade:
IdpLogoFailed = L'ultima lettura del suo logo non è riuscita:

# SAML federations
ProblemMetadataUnsigned = l'aggregato non è firmato nel suo insieme, quindi non ci si può fidare.
ProblemMetadataBadSignature = la firma dell'aggregato non si verifica con il certificato della federazione (o usa un algoritmo debole come SHA-1). Controlla che il certificato sia quello di firma attuale della federazione.
ProblemMetadataBadCert = questo non è un certificato in formato PEM (-----BEGIN CERTIFICATE-----).
ProblemMetadataNotAggregate = questo non è un aggregato di metadati (un solo md:EntitiesDescriptor). Per un singolo IdP, aggiungilo sopra come IdP SAML.
FedTitle = Federazioni
FedLead = Aggregati firmati di metadati di molti IdP, come una federazione nazionale della ricerca. Un aggregato è usato solo se la sua firma si verifica con il certificato della federazione e non è scaduto; viene riletto con la frequenza che indica.
FedEmpty = Ancora nessuna federazione.
FedIdps = { $n ->
        [one] { $n } IdP
       *[other] { $n } IdP
    }
FedSkipped = { $n ->
        [one] { $n } entità esclusa (non utilizzabile)
       *[other] { $n } entità escluse (non utilizzabili)
    }
FedAdd = Aggiungi una federazione
FedUrl = Indirizzo dell'aggregato (https)
FedSigningCert = Il certificato di firma della federazione (PEM)
FedAdded = La firma dell'aggregato è stata verificata e i suoi IdP sono stati letti.
FedAddButton = Verifica e aggiungi
FedUpload = Aggiungere o aggiornare una federazione da un file
FedUploadLead = Per una federazione che consegna il suo aggregato invece di pubblicarlo, o per una copia offline. È verificato come uno scaricato e non viene più riletto da solo: per sostituirlo caricate un file più recente con lo stesso nome.
FedUploadFile = L'aggregato firmato (file XML)
FedUploadButton = Verifica e carica
FedUploaded = { $n ->
    [one] La firma dell'aggregato è verificata ed è stato letto il suo unico IdP.
   *[other] La firma dell'aggregato è verificata e sono stati letti i suoi { $n } IdP.
}
FedReading = Lettura e verifica dell'aggregato…
FedFind = Dai a un'istituzione un IdP di una federazione
FedFindLabel = Nome, entity id o dominio
FedNoMatch = Nessun IdP delle federazioni corrisponde.
FedGive = Accesso per
FedGiveButton = Usa questo IdP
FedGiven = Le persone dell'istituzione possono ora accedere con questo IdP.

# Sign-ins waiting to be linked
LinkTitle = Accessi in attesa di collegamento
LinkLead = Queste persone hanno effettuato l'accesso tramite la loro istituzione con un indirizzo e-mail che appartiene già a un account Convene. Non sono state fatte entrare in quell'account. Collega l'accesso all'account se è la stessa persona; da allora vi accederà tramite la sua istituzione.
LinkVia = tramite { $provider } ({ $institution }), { $date }
LinkButton = Collega all'account
LinkDismiss = Ignora
FedName = Nome della federazione

# Sign-in methods per institution
LoginUseInstitution = La tua istituzione fa accedere le sue persone con il proprio login, non con una password qui: sceglila sotto “Accedi con la tua istituzione”.
SignInMethods = Modi di accesso
SignInMethodsLead = Come accedono i membri dell'istituzione
SignInMethodsBoth = Con gli identity provider dell'istituzione, o con una password
SignInMethodsProviders = Solo con gli identity provider dell'istituzione
SignInMethodsHint = Con i soli provider, la password di un membro non basta più per accedere (gli operatori della rete mantengono la loro). Chi appartiene anche a un'istituzione che ammette le password può ancora usare la sua.
ProblemNoSignInProvider = l'istituzione non ha nessun identity provider attivo, quindi nessuno potrebbe accedere; chiedi prima a un operatore di aggiungerne uno

# Test sign-in
SignInTest = Prova l'accesso
SignInTestLead = “Prova l'accesso” passa dal provider con un account di prova e mostra qui cosa ha inviato e il ruolo dato dalle regole, senza farti uscire, senza far entrare quella persona né creare un account. Lo vedi solo tu, per un giorno; non finisce in nessun log.
SignInTestTitle = Ultima prova di accesso tramite { $provider }
SignInTestByRule = Ruolo: { $role }, dalla regola { $claim } = { $value }
SignInTestByDefault = Ruolo: { $role }, il predefinito del provider (nessuna regola corrisponde)
SignInTestKnown = Questa identità ha già un account Convene.
SignInTestNew = Questa identità non ha ancora un account Convene: verrebbe creato al primo accesso.
SignInTestIdentifier = Identificativo
SignInTestClaims = Cosa ha inviato il provider
SignInTestValues = Valori
NavMail = Posta
MailTitle = Posta
MailLeadRelay = La posta parte attraverso { $relay }. Gli ultimi messaggi e a che punto è ciascuno; il testo di un messaggio inviato non viene conservato.
MailLeadKept = Questa è una demo senza server di posta: i messaggi sono conservati qui, mai inviati. Aprine uno per leggere ciò che riceverebbe il destinatario.
MailLeadOff = La posta è disattivata (nessun server in mail.smtp_url): non si accoda nulla, inviti e promemoria non vengono inviati.
MailEmpty = Ancora nessun messaggio.
MailSent = Inviato
MailKept = Conservato (non inviato)
MailFailed = Abbandonato
MailWaiting = In attesa
MailTo = A { $to }
MailAttempts = { $n } tentativi
MailRead = Leggi il messaggio
InviteesMailOff = La posta non è configurata su questo server: gli inviti non verranno inviati. Condividi tu il link per gli ospiti.
InstitutionOperatorsChange = Solo gli operatori della rete modificano i dati di un'istituzione.
InvitedTitle = Invitati
InviteesNone = Nessuno è ancora invitato.
InviteeRemove = Togli { $email } dagli invitati
TakeOff = Togli
InviteesRemoveHint = Spunta chi togliere e salva: riceverà un annullamento per il suo calendario.
InviteMore = Invita altre persone (indirizzi e-mail)
InviteesSaved = { $added ->
    [0] Nessun nuovo invitato
    [one] Una persona invitata
   *[other] { $added } persone invitate
}, { $removed ->
    [0] nessuno tolto.
    [one] una tolta.
   *[other] { $removed } tolte.
}
UseDeviceZone = Usa il fuso orario di questo dispositivo: { $zone }
