//! Every text of the interface and of the e-mails, in English, Italian, Brazilian Portuguese and Russian.
//!
//! The texts are Fluent messages, one file per language in `app/locales/` (`en.ftl`, `it.ftl`, `pt-BR.ftl`,
//! `ru.ftl`), which translators edit without touching the code; `fluent-bundle` reads them and fills in the
//! values (`{ $name }`), choosing plural forms by each language's CLDR rules. `T` names every message, so code
//! cannot ask for one that does not exist; the tests fail when a file lacks a message, has one the code does not
//! know or use, or drops a placeholder another language has. The server and the browser read the same files
//! with the same crate, so a page reads the same before and after hydration.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

/// A value put into a message: text or a number (numbers choose the plural form).
pub use fluent_bundle::FluentValue as Arg;

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

    /// The BCP 47 tag, as used in `lang` attributes, cookies, the database and the names of the Fluent files.
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

    fn langid(self) -> LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }

    /// The best of our languages for an `Accept-Language` header, honouring q-values (`q=0` refuses a
    /// language); `None` if none fits. The header is read by `accept-language` (sorted by quality) and matched
    /// to ours by `fluent-langneg` (`ru-RU` takes `ru`, `pt` takes `pt-BR`).
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        use fluent_langneg::{NegotiationStrategy, negotiate_languages};
        // A browser sends a handful; the rest of a long header is not read.
        let head = accept_language.split(',').take(20).collect::<Vec<_>>().join(",");
        let requested: Vec<LanguageIdentifier> = accept_language::parse_with_quality(&head)
            .into_iter()
            .filter(|(_, q)| *q > 0.0)
            .filter_map(|(tag, _)| tag.parse().ok())
            .collect();
        let available = Lang::ALL.map(Lang::langid);
        let best = negotiate_languages(&requested, &available, None, NegotiationStrategy::Filtering);
        best.first().and_then(|id| Lang::ALL.into_iter().find(|l| l.langid() == **id))
    }

    /// The language's Fluent file, built into the program.
    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::It => include_str!("../locales/it.ftl"),
            Lang::PtBr => include_str!("../locales/pt-BR.ftl"),
            Lang::Ru => include_str!("../locales/ru.ftl"),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// The messages of one language, read from its file the first time they are needed.
fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 4] = [const { OnceLock::new() }; 4];
    BUNDLES[lang as usize].get_or_init(|| {
        // A file with a syntax error keeps the messages that parse (the tests reject it).
        let resource = FluentResource::try_new(lang.source().to_owned()).unwrap_or_else(|(partial, _)| partial);
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        // The values go into HTML and plain-text mail as they are, without Unicode isolation marks around them.
        bundle.set_use_isolating(false);
        // A message named twice keeps its first text (the tests reject it).
        let _ = bundle.add_resource(resource);
        bundle
    })
}

macro_rules! messages {
    ($($key:ident)*) => {
        /// A message of the interface or of an e-mail; its text is the Fluent message of the same name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            /// The message's name in the Fluent files.
            pub fn id(self) -> &'static str {
                match self {
                    $(T::$key => stringify!($key)),*
                }
            }
        }
    };
}

impl T {
    /// The text of a message without values.
    pub fn in_lang(self, lang: Lang) -> &'static str {
        // Every message of a language is formatted once, the first time one is asked for.
        static TEXTS: [OnceLock<Box<[String]>>; 4] = [const { OnceLock::new() }; 4];
        &TEXTS[lang as usize].get_or_init(|| T::ALL.iter().map(|t| t.format(lang, None).0).collect())[self as usize]
    }

    /// The text of a message with its values, e.g. `T::Booked.with(lang, &[("n", 3.into())])`. A value the
    /// message uses and the call does not give stops a debug build (so the tests find it); a release build
    /// shows the placeholder's name.
    pub fn with(self, lang: Lang, args: &[(&'static str, Arg<'_>)]) -> String {
        let mut values = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            values.set(*name, value.clone());
        }
        let (text, errors) = self.format(lang, Some(&values));
        debug_assert!(errors.is_empty(), "{self:?} in {lang:?}: {errors:?}");
        text
    }

    fn format(self, lang: Lang, args: Option<&FluentArgs<'_>>) -> (String, Vec<fluent_bundle::FluentError>) {
        let bundle = bundle(lang);
        let mut errors = Vec::new();
        let Some(pattern) = bundle.get_message(self.id()).and_then(|m| m.value()) else {
            return (self.id().to_owned(), errors);
        };
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        (text, errors)
    }
}

messages! {
    SkipToContent NavMain NavHome NavLogin NavAccount NavInstitutions NavMembers Logout ChangeLanguage FooterTagline
    Loading HomeTitle HomeLead HomeWelcome HomeMoreSignIn HomePasswordSignIn HomeNext HomeNothingNext HomeBookARoom HomeAllBookings HomeTimesIn HomeLive HomePendingBadge HomeOpensAt HomePending HomeYourRooms HomeAllRooms HomeOperator HomeOperatorText HomeYourInstitutions HomeNoInstitution
    RoleAdmin RoleMember RoleGuest You LoginTitle LoginButton LoginAlready LoginInvalid LoginExpired LoginRequired
    LoginFederatedSoon LoginForgot LoginPasswordReset ResetTitle ResetLead ResetSend ResetSent ResetBackToSignIn ResetInvalidEmail ResetMailOff ResetLinkGone ResetTooShort ResetTooLong ResetMismatch ResetChooseTitle ResetNewPassword ResetHint ResetRepeat ResetSave ResetAskAgain LoginWithInstitution LoginWithPassword LoginFindInstitution LoginSearch LoginNoMatch LoginLastChoice
    LoginFedExpired LoginFedRefused LoginFedUnreachable RoleNotAdmitted RuleLine SignInRules SignInTitle SignInLead
    SignInProviders SignInNoProvider SignInDefault SignInLinkLead SignInNoRules RuleAdd RuleRemoveConfirm FieldClaim
    FieldPattern NavSignInRules RoleByHand RoleFrom RoleFromDefault IdpTitle IdpLead IdpEmpty IdpOff IdpSignInAt
    IdpSwitchOff IdpSwitchOn IdpAdd IdpAddLead IdpInstitution IdpName IdpIssuer IdpClientId IdpClientSecret IdpScopes
    IdpDefaultRole IdpCa IdpAdded IdpAddButton IdpChecking NavIdentity ErrProviderUnreachable ErrProviderCertificate
    FedMdq FedLookupLabel FedLookupButton FedLookedUp FieldHomeDomains HintHomeDomains IdpHomeClaim IdpHomeClaimHint IdpProxyNote RightBook RightNoBook RightRecord RightNoRecord RightPersonalRoom RightNoPersonalRoom RightAsRole Yes No RightsLegend
    FieldMayBook FieldMayRecord FieldMayPersonalRoom RoleRights LogoutAtIdpTitle LogoutAtIdpText LogoutAtIdpContinue LoginSignedOutEverywhere LoginSignedOutHere LoginLogoutInvalid LoginFedInvalid LoginNoEmail LoginEmailTaken LoginNotAdmitted LoginNoIdentifier LoginOutOfScope ProblemMetadataNoKey ProblemMetadataNoSso ProblemMetadataExpired
    ProblemMetadataDoctype ProblemMetadataNotIdp ProblemMetadataUnreadable ProblemMetadataTooLarge FieldCaPem IdpMetadataUrl
    IdpMetadataXml IdpAddSaml IdpAddSamlLead IdpSamlAdded IdpSamlNameHint IdpValidUntil IdpKindOidc IdpKindSaml
    IdpAddSamlButton IdpReading IdpRefreshedAt IdpRefreshFailed IdpLogoFailed FedUpload FedUploadLead FedUploadFile FedUploadButton FedUploaded ProblemMetadataUnsigned ProblemMetadataBadSignature
    ProblemMetadataBadCert ProblemMetadataNotAggregate FedTitle FedLead FedEmpty FedIdps FedSkipped FedAdd FedUrl
    FedSigningCert FedAdded FedAddButton FedReading FedFind FedFindLabel FedNoMatch FedGive FedGiveButton FedGiven
    LoginUseInstitution SignInMethods SignInMethodsLead SignInMethodsBoth SignInMethodsProviders SignInMethodsHint
    ProblemNoSignInProvider SignInTest SignInTestLead SignInTestTitle SignInTestByRule SignInTestByDefault SignInTestKnown
    SignInTestNew SignInTestIdentifier SignInTestClaims SignInTestValues LinkTitle LinkLead LinkVia LinkButton LinkDismiss FedName RequestIdIs ShowPassword HidePassword FieldEmail FieldPassword FieldName FieldSlug FieldTimezone
    FieldRegion FieldLatitude FieldLongitude FieldDefaultLanguage FieldBrandColor FieldLogoUrl FieldHelpUrl FieldPrivacyUrl FieldContactUrl HintContactUrl LinksTitle LinksLead FooterHelp FooterPrivacy FooterContact FooterLinks FieldDisplayName
    FieldRole FieldInitialPassword FieldLanguage FieldCurrentPassword FieldNewPassword FieldField HintSlug
    HintRegion HintDisplayNameNew HintInitialPassword HintPassword HintTimezoneOverride LanguageAuto
    InstitutionsTitle InstitutionsNew InstitutionsEmpty MembersCount MembersOf MembersEmpty MembersAdd
    MembersAddButton MemberAdded ChangeRole Remove ConfirmRemove ConfirmRemoveButton Removed Actions Edit Create
    Created Save Saved AccountTitle AccountProfile AccountPassword ChangePassword PasswordChanged NotFoundTitle
    NotFoundText ErrUnauthenticated ErrForbidden ErrNotFound ErrLastAdmin ErrAlreadyMember ErrRateLimited
    UnavailableTitle ErrUnavailable ErrInternal ErrBadRequest ErrTransport NavPool PoolTitle PoolLeadOperator
    PoolLeadAdmin PoolLive PoolTotals PoolOnline PoolMeetings PoolParticipants PoolCapacity PoolHealth PoolState
    ProblemEndNotAfterStart ProblemInThePast ProblemTooSoon ProblemTooFarAhead ProblemOverWeeklyHours ProblemTooMany
    ProblemNotMember ProblemSeriesDate EditBooking FieldScope ScopeThis ScopeFollowing ScopeAll EditSaved
    EditCollisions ProblemMailOff ProblemNotAnImage ProblemImageTooLarge LogoTitle LogoLead LogoOf LogoFile LogoHint LogoUpload LogoRemove InviteesHint InvitationsQueued FieldInvitees ProblemNonexistentTime ErrBusy
    ErrBookingChanged ErrBookingOverlap ErrOverCapacity NavRooms RoomsTitle RoomsLead RoomsEmpty RoomsCreate
    RoomsCreateButton RoomCreated FieldDescription FieldSeats FieldVisibility VisibilityInstitution VisibilityPublic
    RoomsOfNetwork RoomsOfNetworkLead FieldGuestPolicy GuestOpen GuestAsk GuestNone FieldRecordAllowed
    FieldMuteOnStart FieldAccessCode FieldWelcome CalDay CalWeek CalMonth CalAgenda CalPrev CalNext CalTimes CalNothing CalWeekdayShort CalWeekdayLong CalMonthName CalDateLong CalJump CalPrevMonth CalNextMonth CalToday CalKeysHint
    BookTitle FieldTitle FieldDate FieldStart FieldEnd FieldDuration DurationLabel OtherEnd OtherEndHint SkipDateN SkipDateAdd FieldExpected ExpectedCount FieldRepeat RepeatNone
    RepeatDaily RepeatWeekly RepeatMonthlyDate RepeatMonthlyWeekday RepeatYearly FieldInterval FieldWeekdays WeekdaysHint NavMail MailTitle MailLeadRelay MailLeadKept MailLeadOff MailEmpty MailSent MailKept MailFailed MailWaiting MailTo MailAttempts MailRead InviteesMailOff InstitutionOperatorsChange InvitedTitle InviteesNone InviteeRemove TakeOff InviteesRemoveHint InviteMore InviteesSaved UseDeviceZone
    FieldUntil FieldCount FieldExcept OnConflictSkip BookButton Booked BookedPending CollisionsFound
    CollisionsSkipped CapacityWarning StatusPending InSeries CancelBooking ConfirmCancel ConfirmCancelButton
    BookingCancelled DoneBooked DoneSaved DoneCancelled DoneCollided JoinNeedsGuestLink MeetingsHeld MeetingHeld
    RoomPersonal OpenCalendar ErrNotStartable ErrMeetingRunning DialIn DialInPin MyBookingsTitle NavMyBookings
    MyBookingsEmpty BookingDetails BackToCalendar RoomSettings CoOwners CoOwnersLead CoOwnersEmpty CoOwnerAdd
    CoOwnerRemove AccessCodeKeep AccessCodeClear RoomDelete RoomDeleteConfirm RoomDeleteButton ErrNotStarted
    ErrNoServer MeetingRunning MeetingStart MeetingJoin MeetingEnd MeetingEndConfirm MeetingEnded MeetingRejoin
    GuestLinksTitle GuestLinksLead GuestLinksEmpty FieldLabel FieldDays GuestLinkCreate GuestLinkCreated
    GuestLinkUntil GuestLinkRevoked GuestLinkExpired GuestLinkRevoke GuestLinkRevokeConfirm GuestTitle GuestYourName
    GuestCode GuestJoin GuestWaiting GuestNotRunning GuestExpected GuestNoExpected GuestChecksAgain GuestLinkGone FeedTitle FeedLeadRoom FeedLeadMine FeedMake
    FeedStop FeedStopped FeedUrl DownloadIcs DragHint PendingTitle PendingEmpty Approve Reject FieldReason Decided
    FieldEndDate PolicyTitle PolicyLead PolicyLink FieldCreateRoomsRole FieldBookRole FieldRecordRole
    FieldPersonalRoomRole RoleAdmins RoleMembers RoleEveryone RoleNobody FieldMaxHours FieldMaxDays FieldMinNotice
    FieldApproval FieldCapacityPolicy CapacityWarn CapacityRefuse FieldStartEarly FieldGrace FieldPersonal
    MeetingExtend PoolLastPoll PoolNever PoolSecondsAgo PoolHistory PoolHistoryLabel PoolWhy PoolNeverChosen
    PoolEmpty PoolAdd PoolAddHint PoolAddButton PoolChecking PoolAdded FieldServerUrl FieldServerSecret FieldTags
    StateEnabled StateCordoned StateDisabled HealthOnline HealthUnstable HealthOffline ErrServerUnreachable
    ErrServerSecret ErrNotBbb ErrServerCertificate ErrServerNotPublic PoolShared PoolOwnOnly PoolShare PoolUnshare
    ProblemRequired ProblemTooShort ProblemTooLong ProblemFormat ProblemOutOfRange ProblemTaken
    // E-mails
    MailWhen MailResetSubject MailResetHello MailResetIntro MailResetIgnore MailRepeats MailRoom MailOrganizer MailJoinMembers MailJoinGuests MailSignature MailSignatureOf MailInvitation
    MailInvites MailBooked MailBookedIntro MailReminder MailReminderIntro MailGuestHint MailApproved
    MailApprovedIntro MailNotApproved MailNotApprovedIntro MailReason MailUpdated MailUpdatedIntro MailCancelled
    MailCancelledIntro
}

/// The label of a form field named in an error.
/// Of names given per language (`(language tag, name)`), the one in `lang` (primary subtags compared), else the
/// English one.
pub fn name_in_lang<'a>(names: &'a [(String, String)], lang: &str) -> Option<&'a str> {
    let primary = |l: &str| l.split('-').next().unwrap_or("").to_ascii_lowercase();
    let want = primary(lang);
    names
        .iter()
        .find(|(l, _)| primary(l) == want)
        .or_else(|| names.iter().find(|(l, _)| primary(l) == "en"))
        .map(|(_, n)| n.as_str())
}

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
        "help_url" => T::FieldHelpUrl,
        "privacy_url" => T::FieldPrivacyUrl,
        "contact_url" => T::FieldContactUrl,
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
        "duration" => T::FieldDuration,
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
        "institution" => T::IdpInstitution,
        "issuer" => T::IdpIssuer,
        "client_id" => T::IdpClientId,
        "client_secret" => T::IdpClientSecret,
        "scopes" => T::IdpScopes,
        "ca_pem" => T::FieldCaPem,
        "default_role" => T::IdpDefaultRole,
        "metadata_url" => T::IdpMetadataUrl,
        "metadata_xml" => T::IdpMetadataXml,
        "signing_cert_pem" => T::FedSigningCert,
        "claim" => T::FieldClaim,
        "pattern" => T::FieldPattern,
        _ => T::FieldField,
    };
    t.in_lang(lang)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    /// The messages of a language's file: name → the variables its text uses (in any variant).
    fn messages_of(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let file = format!("{}.ftl", lang.code());
        let resource = FluentResource::try_new(lang.source().to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{file} does not parse: {errors:?}"));
        let mut out = BTreeMap::new();
        for entry in resource.entries() {
            match entry {
                ast::Entry::Message(m) => {
                    let value = m.value.as_ref().unwrap_or_else(|| panic!("{} has no text in {file}", m.id.name));
                    let mut vars = BTreeSet::new();
                    pattern_vars(value, &mut vars);
                    assert!(out.insert(m.id.name.to_owned(), vars).is_none(), "{} twice in {file}", m.id.name);
                }
                ast::Entry::Term(t) => panic!("-{} in {file}: the program does not use terms", t.id.name),
                ast::Entry::Junk { content } => panic!("{file} has text that is not a message: {content}"),
                _ => {}
            }
        }
        out
    }

    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, out);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline_vars(i, out),
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for v in variants {
                    pattern_vars(&v.value, out);
                }
            }
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value)) {
                    inline_vars(a, out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_file_has_every_message_and_no_other() {
        let known: BTreeSet<&str> = T::ALL.iter().map(|t| t.id()).collect();
        for lang in Lang::ALL {
            let messages = messages_of(lang);
            let have: BTreeSet<&str> = messages.keys().map(String::as_str).collect();
            let missing: Vec<_> = known.difference(&have).collect();
            let unknown: Vec<_> = have.difference(&known).collect();
            assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", lang.code());
            assert!(unknown.is_empty(), "{}.ftl has messages the program does not know: {unknown:?}", lang.code());
        }
    }

    #[test]
    fn placeholders_are_the_same_in_every_language() {
        let english = messages_of(Lang::En);
        for lang in [Lang::It, Lang::PtBr, Lang::Ru] {
            for (name, vars) in messages_of(lang) {
                let want = &english[&name];
                assert_eq!(&vars, want, "{name} in {}.ftl has {vars:?}, English has {want:?}", lang.code());
            }
        }
    }

    /// Every message is asked for somewhere in the program (pages, components, errors, e-mails).
    #[test]
    fn every_message_is_used() {
        fn sources(dir: &std::path::Path, out: &mut String) {
            for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    // This file's own tests name messages only to check them.
                    out.push_str(text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default());
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut code = String::new();
        sources(&root.join("src"), &mut code);
        sources(&root.join("../server/src"), &mut code);
        let used: BTreeSet<&str> = code
            .split("T::")
            .skip(1)
            .map(|rest| rest.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or_default())
            .collect();
        let unused: Vec<&str> = T::ALL.iter().map(|t| t.id()).filter(|id| !used.contains(id)).collect();
        assert!(unused.is_empty(), "messages no code uses (remove them from the files and from T): {unused:?}");
    }

    #[test]
    fn every_message_is_translated() {
        for t in T::ALL {
            for l in Lang::ALL {
                assert!(!t.in_lang(l).trim().is_empty(), "{t:?} is empty in {l:?}");
            }
        }
        // Translations are real: most messages differ from the English text.
        for l in [Lang::It, Lang::PtBr, Lang::Ru] {
            let same = T::ALL.iter().filter(|t| t.in_lang(l) == t.in_lang(Lang::En)).count();
            assert!(same * 10 < T::ALL.len(), "{l:?} repeats English in {same} messages");
        }
    }

    #[test]
    fn values_are_filled_in_without_isolation_marks() {
        assert_eq!(T::HomeWelcome.with(Lang::It, &[("name", "Anna".into())]), "Benvenuto, Anna");
        assert_eq!(T::PoolSecondsAgo.with(Lang::Ru, &[("n", 3.into()), ("ms", 120.into())]), "3 с назад (120 мс)");
    }

    #[test]
    fn counts_take_each_language_plural_forms() {
        let repeats = |lang, n: usize| T::MailRepeats.with(lang, &[("n", n.into())]);
        let ru = |n| repeats(Lang::Ru, n);
        assert_eq!(ru(1), "Повторяется: всего 1 встреча (все они есть в файле календаря).");
        assert!(ru(3).contains("всего 3 встречи ("), "{}", ru(3));
        assert!(ru(5).contains("всего 5 встреч ("), "{}", ru(5));
        assert!(ru(11).contains("всего 11 встреч ("), "{}", ru(11));
        assert!(ru(21).contains("всего 21 встреча ("), "{}", ru(21));
        assert!(ru(22).contains("всего 22 встречи ("), "{}", ru(22));
        assert_eq!(repeats(Lang::En, 1), "Repeats: 1 meeting in all (the calendar file lists it).");
        assert_eq!(repeats(Lang::En, 4), "Repeats: 4 meetings in all (the calendar file lists them).");
        assert!(repeats(Lang::It, 1).contains("1 incontro in tutto") && repeats(Lang::It, 2).contains("2 incontri"));
        assert!(repeats(Lang::PtBr, 1).contains("1 reunião ao") && repeats(Lang::PtBr, 2).contains("2 reuniões"));

        // Counts shown on pages.
        let n = |t: T, lang, n: usize| t.with(lang, &[("n", n.into())]);
        assert_eq!(n(T::EditSaved, Lang::Ru, 1), "Сохранено: изменена 1 бронь.");
        assert_eq!(n(T::EditSaved, Lang::Ru, 3), "Сохранено: изменены 3 брони.");
        assert_eq!(n(T::EditSaved, Lang::Ru, 5), "Сохранено: изменено 5 броней.");
        assert_eq!(n(T::EditSaved, Lang::It, 1), "Salvato: 1 prenotazione modificata.");
        assert_eq!(n(T::EditSaved, Lang::It, 2), "Salvato: 2 prenotazioni modificate.");
        assert_eq!(n(T::EditSaved, Lang::En, 1), "Saved: 1 booking changed.");
        assert_eq!(n(T::InvitationsQueued, Lang::PtBr, 1), "O convite está a caminho de 1 pessoa.");
        assert_eq!(n(T::InvitationsQueued, Lang::PtBr, 2), "Os convites estão a caminho de 2 pessoas.");
        assert_eq!(n(T::ProblemTooShort, Lang::Ru, 21), "не менее 21 символа");
        assert_eq!(n(T::ProblemTooShort, Lang::Ru, 8), "не менее 8 символов");
        assert_eq!(n(T::ProblemTooShort, Lang::En, 1), "at least 1 character");
        assert!(n(T::DoneCollided, Lang::En, 1).starts_with("Nothing was changed: 1 of the times asked for is taken."));
        assert!(n(T::DoneCollided, Lang::PtBr, 2).contains("2 dos horários pedidos estão ocupados"));
        assert!(n(T::CapacityWarning, Lang::It, 1).contains("manca 1 posto"));
        assert!(n(T::CapacityWarning, Lang::It, 4).contains("mancano 4 posti"));
        assert_eq!(n(T::ExpectedCount, Lang::Ru, 21), "ожидается 21 участник");
        assert_eq!(n(T::ExpectedCount, Lang::Ru, 12), "ожидается 12 участников");
        assert_eq!(n(T::ExpectedCount, Lang::PtBr, 1), "1 participante esperado");
        let reminder = |lang, n: usize| T::MailReminderIntro.with(lang, &[("n", n.into())]);
        assert_eq!(reminder(Lang::Ru, 1), "Встреча начнётся через 1 минуту.");
        assert_eq!(reminder(Lang::Ru, 2), "Встреча начнётся через 2 минуты.");
        assert_eq!(reminder(Lang::Ru, 30), "Встреча начнётся через 30 минут.");
        assert_eq!(reminder(Lang::En, 30), "Your meeting starts in 30 minutes.");
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
        // Order by quality, not by place in the header; a bare `pt` is Brazilian Portuguese here.
        assert_eq!(Lang::negotiate("en;q=0.3, it;q=0.8"), Some(Lang::It));
        assert_eq!(Lang::negotiate("pt"), Some(Lang::PtBr));
        assert_eq!(Lang::negotiate("en-GB, ru;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::negotiate(""), None);
    }
}
