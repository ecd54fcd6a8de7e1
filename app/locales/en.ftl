### Convene: every text of the interface and of the e-mails, in English.
### One message per line: `Key = text`. `{ $name }` is filled in by the program; keep every one of them. Counts
### choose a form by the language's plural rules: `{ $n ->` then `[one]`, `[few]`, `[many]`, `*[other]`.
### A key missing here, or one that the program does not know, fails the tests.

## Pages

SkipToContent = Skip to content
NavMain = Main
NavHome = Home
NavLogin = Sign in
NavAccount = Account
NavInstitutions = Institutions
NavMembers = Members
Logout = Sign out
ChangeLanguage = Change
FooterTagline = Convene — federated web conferencing for research and education
Loading = Loading…
HomeTitle = Meet across your network
HomeLead = Book virtual rooms, start meetings on the shared pool of conference servers, and invite guests — with your institution's account.
HomeWelcome = Welcome, { $name }
HomeMoreSignIn = More institutions, and sign-in with a password
HomePasswordSignIn = Sign in with a password
HomeNext = Next
HomeNothingNext = Nothing booked for the coming week.
HomeBookARoom = Book a room
HomeAllBookings = All my bookings
HomeTimesIn = Times in { $tz }
HomeLive = Running now
HomePendingBadge = Waiting for approval
HomeOpensAt = Opens at { $time }
HomePending = { $n ->
    [one] One booking waits for your decision.
   *[other] { $n } bookings wait for your decision.
}
HomeYourRooms = Your rooms
HomeAllRooms = All rooms
HomeOperator = Network operation
HomeOperatorText = You operate the network: manage its institutions and their administrators.
HomeYourInstitutions = Your institutions
HomeNoInstitution = You are not a member of any institution yet. Ask your institution's administrator to add you.
RoleAdmin = Administrator
RoleMember = Member
RoleGuest = Guest
You = you
LoginTitle = Sign in to Convene
LoginButton = Sign in
LoginAlready = You are already signed in.
LoginInvalid = The e-mail or the password is not right. Check both and try again.
LoginExpired = Your session has ended. Please sign in again.
LoginRequired = Please sign in to see that page.
LoginFederatedSoon = Sign-in through your institution (SAML or OpenID Connect) appears here once your institution is connected.
LoginForgot = Forgot your password?
LoginPasswordReset = Your password was changed and every session of your account was ended. Sign in with the new password.
ResetTitle = Reset your password
ResetLead = For accounts that sign in here with a password. Give the account's e-mail address: a link to choose a new password is sent there.
ResetSend = Send the link
ResetSent = If an account with this address signs in here with a password, an e-mail with a link is on its way. The link works for 30 minutes, once. Nothing arrived? Check the spam folder, or ask again in a few minutes.
ResetBackToSignIn = Back to sign-in
ResetInvalidEmail = Give the e-mail address of your account.
ResetMailOff = This server does not send e-mail, so passwords cannot be reset here. Ask your institution's administrator or the network's operators to set a new one.
ResetLinkGone = This link has expired or was already used. Ask for a new one.
ResetTooShort = The new password is too short: use at least 10 characters.
ResetTooLong = The new password is too long.
ResetMismatch = The two passwords are not the same: type the new password twice.
ResetChooseTitle = Choose a new password
ResetNewPassword = New password
ResetHint = At least { $n } characters. Every session of your account ends when it is saved.
ResetRepeat = The new password again
ResetSave = Save the new password
ResetAskAgain = Ask for a new link
LoginWithInstitution = Sign in with your institution
LoginWithPassword = Or with a Convene account
LoginFindInstitution = Find your institution
LoginSearch = Search
LoginNoMatch = No institution matches “{ $q }”. Try part of its name, or its short name.
LoginLastChoice = last time
LoginFedExpired = The sign-in took too long or was started in another browser. Please start again.
LoginFedRefused = Your institution did not let you sign in. If you think it should, ask its helpdesk.
LoginFedUnreachable = Your institution's sign-in service cannot be reached right now. Please try again in a few minutes.
FedMdq = The address is a Metadata Query (MDQ) service: IdPs are looked up one by one by their entity id
FedLookupLabel = Look up an IdP by its entity id
FedLookupButton = Look up
FedLookedUp = The IdP's signed metadata was read and kept: find it by name below to give it to an institution.
FieldHomeDomains = Home organization domains
HintHomeDomains = For a federation-wide sign-in: people whose home organization is one of these domains (e.g. uniroma1.it) belong here. Separate them with spaces.
IdpHomeClaim = Home organization claim (federation-wide proxy only)
IdpHomeClaimHint = Leave empty for an institution's own provider. For one proxy serving many institutions, the claim naming each person's home organization: they join the institution with that domain; anyone else is a guest of the institution above at most.
IdpProxyNote = Federation-wide: each person's institution comes from { $claim }.
RightBook = may book rooms
RightNoBook = may not book rooms
RightRecord = may record
RightNoRecord = may not record
RightPersonalRoom = may have a personal room
RightNoPersonalRoom = may not have a personal room
RightAsRole = As the role allows
Yes = Yes
No = No
RightsLegend = Beyond the role (left as the role allows, the booking policy decides)
FieldMayBook = Book rooms
FieldMayRecord = Record meetings
FieldMayPersonalRoom = Have a personal room
RoleRights = The rule also says: { $rights }.
LogoutAtIdpTitle = Signing you out at your institution
LogoutAtIdpText = You are signed out of Convene. Your browser now goes on to your institution to end its sign-in too.
LogoutAtIdpContinue = Continue
LoginSignedOutEverywhere = You are signed out of Convene and of your institution's sign-in.
LoginSignedOutHere = You are signed out of Convene. Your institution's sign-in may still be open: close the browser to end it, especially on a shared computer.
LoginLogoutInvalid = Your institution asked to sign you out, but the request could not be verified, so nothing was changed. Sign out with the button at the top of the page.
LoginFedInvalid = The answer from your institution could not be trusted, so you were not signed in. Try again; if it happens again, tell your institution's helpdesk.
LoginNoEmail = Your institution did not send a verified e-mail address. Ask its helpdesk to release it to Convene.
LoginEmailTaken = A Convene account with your e-mail address already exists. Ask an operator to link it to your institution's sign-in.
LoginNotAdmitted = Your institution's rules do not give you access to Convene. Ask your institution's Convene administrators.
LoginNoIdentifier = Your institution did not send an identifier that stays the same from one sign-in to the next. Ask its helpdesk to release eduPersonPrincipalName (or subject-id) to Convene.
LoginOutOfScope = Your institution's sign-in vouched for an identity outside its own domain, so Convene did not accept it. Ask its helpdesk; if it keeps happening, tell Convene's operators.
RequestIdIs = Request id: { $id }
ShowPassword = Show
HidePassword = Hide
FieldEmail = E-mail
FieldPassword = Password
FieldName = Name
FieldSlug = Short name (in addresses)
FieldTimezone = Time zone
FieldRegion = Region
FieldLatitude = Latitude
FieldLongitude = Longitude
FieldDefaultLanguage = Default language
FieldBrandColor = Brand colour
FieldLogoUrl = Logo address (URL)
FieldHelpUrl = Help page
FieldPrivacyUrl = Privacy notice
FieldContactUrl = Contact
HintContactUrl = A web page (https://…) or an e-mail address written mailto:helpdesk@example.org. Leave empty for none.
LinksTitle = Help, privacy and contact
LinksLead = Shown at the foot of every page your institution's members see, beside the network's own.
FooterHelp = Help
FooterPrivacy = Privacy
FooterContact = Contact
FooterLinks = Help, privacy and contact
FieldDisplayName = Display name
FieldRole = Role
FieldInitialPassword = Initial password
FieldLanguage = Language
FieldCurrentPassword = Current password
FieldNewPassword = New password
FieldField = Field
HintSlug = Lower-case letters, digits and hyphens, e.g. uni-roma
HintRegion = Where the institution is, for placing meetings near it, e.g. eu-south
HintDisplayNameNew = Only needed for people without an account yet.
HintInitialPassword = For a new local account: at least 10 characters. Leave empty for people who already have an account.
HintPassword = At least 10 characters.
HintTimezoneOverride = Leave empty to use your institution's time zone.
LanguageAuto = Automatic
InstitutionsTitle = Institutions
InstitutionsNew = New institution
InstitutionsEmpty = No institutions yet. Create the first one below.
MembersCount = Members
MembersOf = Members of { $name }
MembersEmpty = Nobody belongs to this institution yet. Add the first member below.
MembersAdd = Add a member
MembersAddButton = Add
MemberAdded = Member added.
ChangeRole = Change role
Remove = Remove…
ConfirmRemove = Remove { $name } from this institution?
ConfirmRemoveButton = Yes, remove
Removed = Removed.
Actions = Actions
Edit = Edit
Create = Create
Created = Created.
Save = Save
Saved = Saved.
AccountTitle = Your account
AccountProfile = Profile
AccountPassword = Password
ChangePassword = Change password
PasswordChanged = Password changed.
NotFoundTitle = Page not found
NotFoundText = The address may be mistyped, or the page has moved.
ErrUnauthenticated = Please sign in first.
ErrForbidden = You are not allowed to do this. Ask an administrator of your institution if you need it.
ErrNotFound = Not found: it may have been removed, or the address is wrong.
ErrLastAdmin = An institution needs at least one administrator: name another one first.
ErrAlreadyMember = This person is already a member; change their role in the list instead.
ErrRateLimited = Too many attempts. Wait a few minutes, then try again.
UnavailableTitle = Convene is unavailable for a moment
ErrUnavailable = Convene cannot reach its database right now. Nothing was changed, and you are still signed in. Try again in a minute.
ErrInternal = Something went wrong on our side. Try again; if it persists, give this reference to support: { $id }
ErrBadRequest = The form could not be read. Reload the page and try again.
ErrTransport = The server could not be reached. Check your connection and try again.
NavPool = Pool
PoolTitle = Conference servers
PoolLeadOperator = Every server of the network's pool, its health and its load. Cordon a server to stop new meetings on it without ending the running ones.
PoolLeadAdmin = The servers your institution contributes to the network's pool, and the pool's totals.
PoolLive = Live: this page updates by itself.
PoolTotals = Pool totals
PoolOnline = servers online
PoolMeetings = Meetings
PoolParticipants = Participants
PoolCapacity = Seats
PoolHealth = Health
PoolState = Admin state
ProblemEndNotAfterStart = the end must be after the start
ProblemInThePast = that time has already passed
ProblemTooSoon = your institution asks for at least { $n ->
        [one] { $n } minute's
       *[other] { $n } minutes'
    } notice
ProblemTooFarAhead = your institution allows booking at most { $n ->
        [one] { $n } day
       *[other] { $n } days
    } ahead
ProblemOverWeeklyHours = this goes { $ms ->
        [one] { $ms } minute
       *[other] { $ms } minutes
    } over your { $n ->
        [one] { $n } hour
       *[other] { $n } hours
    } a week; shorten it or free another booking
ProblemTooMany = at most { $n ->
        [one] { $n } entry
       *[other] { $n } entries
    }
ProblemNotMember = no member of the room's institution has this address; add them to the institution first
ProblemSeriesDate = several occurrences keep their dates; to move a series to other days, change only this one or cancel and book again
EditBooking = Edit
FieldScope = Apply to
ScopeThis = this booking only
ScopeFollowing = this and the following ones
ScopeAll = all upcoming ones in the series
EditSaved = Saved: { $n ->
        [one] { $n } booking changed
       *[other] { $n } bookings changed
    }.
EditCollisions = Nothing was changed: these occurrences would overlap other bookings:
ProblemMailOff = this server sends no e-mail; share a guest link instead
ProblemNotAnImage = This file is not a PNG, JPEG, GIF or WebP picture (SVG is not taken): choose another or save it as PNG.
ProblemImageTooLarge = The picture is larger than 64 KiB: save it smaller (about 200 × 200 pixels is plenty) and try again.
LogoTitle = Logo
LogoLead = Shown beside your institution's name on its rooms' pages and on the pages its guests open.
LogoOf = Logo of { $name }
LogoFile = Picture file
LogoHint = PNG, JPEG, GIF or WebP, at most 64 KiB; square pictures look best.
LogoUpload = Upload the logo
LogoRemove = Remove the logo
InviteesHint = They receive the calendar file and a guest link; commas or new lines between addresses (at most 50).
InvitationsQueued = { $n ->
        [one] The invitation is on its way to { $n } person.
       *[other] Invitations are on their way to { $n } people.
    }
FieldInvitees = Invite by e-mail
ProblemNonexistentTime = that time does not exist on that day (the clocks change); pick another
ErrBusy = Someone else changed these bookings at the same moment; nothing was changed. Please try again.
ErrBookingChanged = This booking was cancelled, approved or rejected meanwhile; nothing was changed. Reload the page and try again.
ErrBookingOverlap = That time overlaps another booking of this room. Pick a free slot.
ErrOverCapacity = The pool cannot hold the seats booked at that time: { $n ->
        [one] { $n } seat
       *[other] { $n } seats
    } short. Lower the expected participants or pick another time.
NavRooms = Rooms
RoomsTitle = Rooms
RoomsLead = Virtual rooms of your institutions. Open one to see its calendar and book it.
RoomsEmpty = No rooms yet. Create the first one below.
RoomsCreate = New room
RoomsCreateButton = Create room
RoomCreated = Room created.
FieldDescription = Description
FieldSeats = Seats
FieldVisibility = Visibility
VisibilityInstitution = My institution
VisibilityPublic = Public listing
RoomsOfNetwork = Open to the whole network
RoomsOfNetworkLead = Rooms other institutions list for everyone: join their meetings while they run.
FieldGuestPolicy = Guests
GuestOpen = Guests join directly
GuestAsk = A moderator lets guests in
GuestNone = No guests
FieldRecordAllowed = Recording allowed
FieldMuteOnStart = Microphones muted on entry
FieldAccessCode = Access code (optional, 4–32 letters or digits)
FieldWelcome = Welcome message
CalDay = Day
CalWeek = Week
CalMonth = Month
CalAgenda = List
CalPrev = Previous
CalNext = Next
CalTimes = Times in { $name }.
CalNothing = Nothing booked.
CalWeekdayShort = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
CalWeekdayLong = { $weekday ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
}
CalMonthName = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
CalDateLong = { CalWeekdayLong }, { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $day }, { $year }
CalJump = Jump to a date
CalPrevMonth = Previous month
CalNextMonth = Next month
CalToday = Today
CalKeysHint = Keys: ← → move between days, Page Up / Page Down go to the previous or next page, T goes to today.
BookTitle = Book this room
FieldTitle = Title
FieldDate = Date
FieldStart = Start
FieldEnd = End
FieldDuration = Duration
DurationLabel = { $h ->
    [0] { $m } min
   *[other] { $m ->
        [0] { $h } h
       *[other] { $h } h { $m } min
    }
}
OtherEnd = Ends at another time or on another day
OtherEndHint = An end given here is used instead of the duration.
SkipDateN = Date to leave out { $n }
SkipDateAdd = Add a date
FieldExpected = Expected participants
ExpectedCount = { $n ->
        [one] { $n } expected participant
       *[other] { $n } expected participants
    }
FieldRepeat = Repeat
RepeatNone = Does not repeat
RepeatDaily = Every day
RepeatWeekly = Every week
RepeatMonthlyDate = Every month, same date
RepeatMonthlyWeekday = Every month, same weekday
RepeatYearly = Every year
FieldInterval = Every how many (1 = each)
FieldWeekdays = On these days
WeekdaysHint = Weekly repeats only. None ticked: the day of the first booking.
FieldUntil = Until (date)
FieldCount = Or number of times
FieldExcept = Leave out these dates
OnConflictSkip = Book the free dates and skip those already taken
BookButton = Book
Booked = Booked: { $n }.
BookedPending = Waiting for approval by an institution admin.
CollisionsFound = These dates are already taken; nothing was booked. Tick the box to book the other dates, or change the time.
CollisionsSkipped = Skipped because already taken:
CapacityWarning = Warning: the pool is { $n ->
        [one] { $n } seat
       *[other] { $n } seats
    } short at the busiest booked moment.
StatusPending = pending approval
InSeries = repeats
CancelBooking = Cancel booking
ConfirmCancel = Cancel “{ $name }”? The slot becomes free.
ConfirmCancelButton = Yes, cancel it
BookingCancelled = Booking cancelled.
DoneBooked = Booked: “{ $title }”, { $day }, { $from }–{ $to }, in { $room }.
DoneSaved = Saved: “{ $title }”, { $day }, { $from }–{ $to }, in { $room }.
DoneCancelled = Cancelled: “{ $title }”, { $day }, { $from }–{ $to }, in { $room }.
DoneCollided = Nothing was changed: { $n ->
        [one] { $n } of the times asked for is taken
       *[other] { $n } of the times asked for are taken
    }. Choose other times, or book again and skip them.
JoinNeedsGuestLink = This room asks for an access code: join through a guest link from its organisers.
MeetingsHeld = Meetings held
MeetingHeld = Meeting held on { $day }, { $from }–{ $to } ({ $n } min)
RoomPersonal = personal
OpenCalendar = Calendar
ErrNotStartable = There is no booking of this room now. Its meeting can be started from { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    } before a booking; book the room first.
ErrMeetingRunning = The room's meeting is running. End it first, then delete the room.
DialIn = By telephone:
DialInPin = conference number
MyBookingsTitle = My bookings
NavMyBookings = My bookings
MyBookingsEmpty = You have no bookings in these days. Book a room from its calendar under Rooms.
BookingDetails = Details
BackToCalendar = Back to the calendar
RoomSettings = Room settings
CoOwners = Co-owners
CoOwnersLead = Co-owners manage this room like its owner: settings, bookings, guest links; they join as moderators.
CoOwnersEmpty = No co-owners yet.
CoOwnerAdd = Add co-owner
CoOwnerRemove = Remove
AccessCodeKeep = Leave empty to keep the current code.
AccessCodeClear = Remove the access code
RoomDelete = Delete this room
RoomDeleteConfirm = Delete “{ $name }” for good? { $n ->
        [one] Its { $n } upcoming booking is cancelled
       *[other] Its { $n } upcoming bookings are cancelled
    } and the people invited are told.
RoomDeleteButton = Yes, delete the room
ErrNotStarted = The meeting has not started yet. Wait for its organiser to start it, then try again.
ErrNoServer = No conference server can take the meeting right now. Try again in a minute; the operators have been told.
MeetingRunning = The meeting is running.
MeetingStart = Start the meeting
MeetingJoin = Join the meeting
MeetingEnd = End the meeting
MeetingEndConfirm = End it for everyone now?
MeetingEnded = Meeting ended.
MeetingRejoin = If the meeting stops for you, come back here and join again with the same button: Convene brings it back on another server.
GuestLinksTitle = Guest links
GuestLinksLead = People without an account join through a guest link. Links end at their expiry or when you revoke them.
GuestLinksEmpty = No guest links yet.
FieldLabel = Label (for you)
FieldDays = Valid for (days)
GuestLinkCreate = Create guest link
GuestLinkCreated = Copy this link now; it is shown only once:
GuestLinkUntil = until { $name }
GuestLinkRevoked = revoked
GuestLinkExpired = expired
GuestLinkRevoke = Revoke
GuestLinkRevokeConfirm = Revoke this link? Nobody can join with it any more.
GuestTitle = Join as a guest
GuestYourName = Your name (shown to the others)
GuestCode = Access code
GuestJoin = Join
GuestWaiting = A moderator will let you in once you join.
GuestNotRunning = The meeting has not started yet.
GuestExpected = Expected { $date } at { $time } ({ $zone }).
GuestNoExpected = No start time is known: whoever invited you can tell you when.
GuestChecksAgain = This page checks every half minute and lets you in as soon as the meeting starts; you can change your name meanwhile.
GuestLinkGone = This guest link does not exist or has ended. Ask the person who invited you for a new one.
FeedTitle = Calendar feed
FeedLeadRoom = Follow this room's bookings in your calendar app with a private address. Making a new one stops the old one.
FeedLeadMine = Your own bookings in your calendar app, through a private address.
FeedMake = Make a private feed address
FeedStop = Stop the feed
FeedStopped = Feed stopped.
FeedUrl = Subscribe with this address (keep it private):
DownloadIcs = Add to calendar (.ics)
DragHint = Drag across free time to fill in the booking form; drag a booking to move it, or its lower edge to change its end. Or use each booking's “Change time”.
PendingTitle = Waiting for approval
PendingEmpty = Nothing is waiting for approval.
Approve = Approve
Reject = Reject
FieldReason = Reason (sent to the person who booked)
Decided = Done.
FieldEndDate = End date
PolicyTitle = Booking rules of { $name }
PolicyLead = Who may create rooms, book and record, the limits on booking, and what happens when the pool would be full.
PolicyLink = Booking rules
FieldCreateRoomsRole = Who may create rooms
FieldBookRole = Who may book
FieldRecordRole = Who may record
FieldPersonalRoomRole = Who may have a personal room
RoleAdmins = Admins only
RoleMembers = Members and admins
RoleEveryone = Everyone, guests included
RoleNobody = Nobody
FieldMaxHours = Hours a week per person (empty: no limit)
FieldMaxDays = Book at most this many days ahead (empty: no limit)
FieldMinNotice = Minimum notice (minutes)
FieldApproval = Bookings need an admin's approval
FieldCapacityPolicy = When the pool would be short of seats
CapacityWarn = Warn, and book anyway
CapacityRefuse = Refuse the booking
FieldStartEarly = Meetings can start this many minutes early
FieldGrace = And this many minutes after the end
FieldPersonal = My personal room (no booking needed; one per person)
MeetingExtend = +{ $n } min
PoolLastPoll = Last poll
PoolNever = never
PoolSecondsAgo = { $n } s ago ({ $ms } ms)
PoolHistory = Participants, last polls
PoolHistoryLabel = Participants over { $n ->
        [one] the last { $n } poll
       *[other] the last { $n } polls
    }: now { $now }, highest { $max }
PoolWhy = Last chosen { $n } s ago: score { $score }, the lowest of { $eligible } eligible; { $seats } seats in use; { $km } km from the institution; { $excluded } excluded.
PoolNeverChosen = Not chosen for a meeting yet.
PoolEmpty = No servers yet. Add the first one below: Convene checks that it answers before accepting it.
PoolAdd = Add a server
PoolAddHint = The secret is the one `bbb-conf --secret` shows on the server. Convene calls the server with it before saving.
PoolAddButton = Check and add
PoolChecking = Checking the server…
PoolAdded = Server added to the pool.
FieldServerUrl = Server address
FieldServerSecret = Shared secret
FieldTags = Tags
StateEnabled = Enabled
StateCordoned = Cordoned
StateDisabled = Disabled
HealthOnline = online
HealthUnstable = unstable
HealthOffline = offline
ErrServerUnreachable = The server could not be reached at that address. Check the address and that the server is up.
ErrServerSecret = The server refused the secret. Copy it again from `bbb-conf --secret` on the server.
ErrNotBbb = That address does not answer like a BigBlueButton server.
ErrServerCertificate = The server's TLS certificate is not trusted. If it comes from a private certificate authority, ask an operator to add the server with its CA.
ErrServerNotPublic = That address is loopback, private or internal. Only the network's operators can add such servers.
PoolShared = shared pool
PoolOwnOnly = own meetings only
PoolShare = Admit to the shared pool
PoolUnshare = Take out of the shared pool
ProblemRequired = required
ProblemTooShort = at least { $n ->
        [one] { $n } character
       *[other] { $n } characters
    }
ProblemTooLong = at most { $n ->
        [one] { $n } character
       *[other] { $n } characters
    }
ProblemFormat = not in the expected form
ProblemOutOfRange = outside the allowed range
ProblemTaken = already in use

## E-mails

MailWhen = When
MailResetSubject = Choose a new Convene password
MailResetHello = Hello { $name },
MailResetIntro = someone — hopefully you — asked to choose a new password for your Convene account. Open this link within { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
} to choose it (it works once):
MailResetIgnore = If you did not ask, ignore this message: your password stays as it is.
MailRepeats = Repeats: { $n ->
        [one] { $n } meeting in all (the calendar file lists it).
       *[other] { $n } meetings in all (the calendar file lists them).
    }
MailRoom = Room
MailOrganizer = Organizer
MailJoinMembers = With an account of the institution: sign in and join from the room's page
MailJoinGuests = Without an account: open this guest link and give your name
MailSignature = — Convene, web conferencing of the network
MailSignatureOf = — { $institution }, with Convene, web conferencing of the network
MailInvitation = Invitation
MailInvites = { $who } invites you to a web meeting.
MailBooked = Booked
MailBookedIntro = Your booking is confirmed. The invitation went to:
MailReminder = Reminder
MailReminderIntro = Your meeting starts in { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    }.
MailGuestHint = Without an account: use the guest link from the invitation.
MailApproved = Approved
MailApprovedIntro = Your booking was approved; it is confirmed.
MailNotApproved = Not approved
MailNotApprovedIntro = Your booking was not approved; the time is free again.
MailReason = Reason
MailUpdated = Updated
MailUpdatedIntro = This meeting has changed. As it is now:
MailCancelled = Cancelled
MailCancelledIntro = This meeting is cancelled.
RoleNotAdmitted = not admitted
RuleLine = { $claim } = { $pattern } → { $role }
SignInRules = Sign-in rules
SignInTitle = Sign-in at { $name }
SignInLead = People of this institution sign in through its identity provider. At every sign-in the rules below are tried in order: the first whose claim has a matching value gives the role; someone no rule matches gets the provider's default. A role changed by hand on the members page is set again by the rules at the next sign-in.
SignInProviders = Identity providers
SignInNoProvider = No identity provider yet. An operator of the network adds your institution's provider.
SignInDefault = default: { $role }
SignInLinkLead = Your institution's own sign-in address, for a button on its website:
SignInNoRules = No rules: everyone who signs in gets the provider's default role.
RuleAdd = Add a rule
RuleRemoveConfirm = Remove this rule? It no longer applies from the next sign-in.
FieldClaim = Claim or attribute
FieldPattern = Value (* matches any beginning or end)
NavSignInRules = Sign-in rules
RoleByHand = Set by an administrator.
RoleFrom = Your role comes from your institution's sign-in rules: { $why }.
RoleFromDefault = Your role is the default of { $name }: no sign-in rule of your institution matched.
IdpTitle = Sign-in through institutions
IdpLead = The identity providers institutions' people sign in with (OpenID Connect and SAML 2.0). Each is checked before it is added — an OpenID provider's discovery document, a SAML IdP's metadata, a federation's signed aggregate —; the institution's admins set the rules that give roles.
IdpEmpty = No identity provider yet: people sign in with Convene passwords only.
IdpOff = switched off
IdpSignInAt = Sign-in starts at
IdpSwitchOff = Switch off
IdpSwitchOn = Switch on
IdpAdd = Add an OpenID Connect provider
IdpAddLead = Register Convene at the provider as a confidential client with this redirect address:
IdpInstitution = Institution
IdpName = Name on the sign-in page
IdpIssuer = Issuer (https address)
IdpClientId = Client id
IdpClientSecret = Client secret
IdpScopes = Scopes
IdpDefaultRole = Role of people no rule matches
IdpCa = CA certificate (PEM), only if a private CA signed the provider's certificate
IdpAdded = The provider answered and was added.
IdpAddButton = Check and add
IdpChecking = Asking the provider…
NavIdentity = Sign-in
ErrProviderUnreachable = The provider did not answer as an OpenID Connect issuer at that address. Check the issuer (its /.well-known/openid-configuration must answer over https) and that Convene can reach it.
ErrProviderCertificate = The provider's certificate is not trusted. If a private CA signed it, paste that CA's certificate.

# SAML identity providers
ProblemMetadataNoKey = it has no signing certificate, so nothing the IdP sends could be verified. Ask the IdP's operators for metadata with its signing key.
ProblemMetadataNoSso = it offers no https single sign-on address for the HTTP-Redirect binding.
ProblemMetadataExpired = it has expired (its validUntil is past). Get a fresh copy from the IdP or its federation.
ProblemMetadataDoctype = it contains a DOCTYPE, which Convene refuses.
ProblemMetadataNotIdp = it describes no SAML 2.0 identity provider (no IDPSSODescriptor).
ProblemMetadataUnreadable = it cannot be read as the metadata of one entity (one md:EntityDescriptor with readable certificates).
ProblemMetadataTooLarge = it is larger than 512 KiB, more than one IdP needs.
FieldCaPem = CA certificate
IdpMetadataUrl = Metadata address (https)
IdpMetadataXml = Or the metadata itself (XML)
IdpAddSaml = Add a SAML 2.0 identity provider
IdpAddSamlLead = Give the IdP Convene's metadata, which has everything it needs:
IdpSamlAdded = The IdP's metadata was read and checked, and the IdP was added.
IdpSamlNameHint = Leave empty to use the name the IdP gives itself.
IdpValidUntil = metadata valid until { $date }
IdpKindOidc = OpenID Connect
IdpKindSaml = SAML 2.0
IdpAddSamlButton = Read and add
IdpReading = Reading the metadata…
IdpRefreshedAt = metadata last read { $date }
IdpRefreshFailed = The last reading of the metadata failed; the previous copy stays in use until it expires:
IdpLogoFailed = The last reading of its logo failed:

# SAML federations
ProblemMetadataUnsigned = the aggregate is not signed as a whole, so it cannot be trusted.
ProblemMetadataBadSignature = the aggregate's signature does not verify with the federation's certificate (or uses a weak algorithm such as SHA-1). Check that the certificate is the federation's current signing certificate.
ProblemMetadataBadCert = this is not a certificate in PEM form (-----BEGIN CERTIFICATE-----).
ProblemMetadataNotAggregate = this is not a metadata aggregate (one md:EntitiesDescriptor). For a single IdP, add it as a SAML IdP above.
FedTitle = Federations
FedLead = Signed metadata aggregates of many IdPs, such as a national research federation. An aggregate is used only if its signature verifies with the federation's certificate and it has not expired; it is read again as often as it says.
FedEmpty = No federation yet.
FedIdps = { $n ->
        [one] { $n } IdP
       *[other] { $n } IdPs
    }
FedSkipped = { $n ->
        [one] { $n } entity left out (not usable)
       *[other] { $n } entities left out (not usable)
    }
FedAdd = Add a federation
FedUrl = Aggregate address (https)
FedSigningCert = The federation's signing certificate (PEM)
FedAdded = The aggregate's signature verified and its IdPs were read.
FedAddButton = Verify and add
FedUpload = Add or update a federation from a file
FedUploadLead = For a federation that hands out its aggregate rather than publishing it, or an offline copy. It is verified like a downloaded one and never read again by itself: upload a newer file under the same name to replace it.
FedUploadFile = The signed aggregate (XML file)
FedUploadButton = Verify and load
FedUploaded = { $n ->
    [one] The aggregate's signature verified and its one IdP was read.
   *[other] The aggregate's signature verified and its { $n } IdPs were read.
}
FedReading = Reading and verifying the aggregate…
FedFind = Give an institution an IdP of a federation
FedFindLabel = Name, entity id or domain
FedNoMatch = No IdP of the federations matches.
FedGive = Sign-in for
FedGiveButton = Use this IdP
FedGiven = The institution's people can now sign in with this IdP.

# Sign-ins waiting to be linked
LinkTitle = Sign-ins waiting to be linked
LinkLead = These people signed in through their institution with an e-mail address that already belongs to a Convene account. They were not let into that account. Link the sign-in to the account if it is the same person; they then sign in to it through their institution.
LinkVia = through { $provider } ({ $institution }), { $date }
LinkButton = Link to the account
LinkDismiss = Dismiss
FedName = Federation name

# Sign-in methods per institution
LoginUseInstitution = Your institution signs its people in through its own login, not with a password here: choose it under “Sign in with your institution”.
SignInMethods = Sign-in methods
SignInMethodsLead = How the institution's members sign in
SignInMethodsBoth = Through the institution's identity providers, or with a password
SignInMethodsProviders = Only through the institution's identity providers
SignInMethodsHint = With providers only, a member's password no longer signs them in (operators of the network keep theirs). People who also belong to an institution that allows passwords can still use theirs.
ProblemNoSignInProvider = the institution has no identity provider switched on, so nobody could sign in; ask an operator to add one first

# Test sign-in
SignInTest = Test sign-in
SignInTestLead = “Test sign-in” goes through the provider with a test account and shows here what it sent and the role the rules give, without signing you out, signing that person in or making an account. Only you see it, for a day; it is not written to any log.
SignInTestTitle = Last test sign-in through { $provider }
SignInTestByRule = Role: { $role }, from the rule { $claim } = { $value }
SignInTestByDefault = Role: { $role }, the provider's default (no rule matched)
SignInTestKnown = This identity already has a Convene account.
SignInTestNew = This identity has no Convene account yet: one would be made at its first sign-in.
SignInTestIdentifier = Identifier
SignInTestClaims = What the provider sent
SignInTestValues = Values
NavMail = Mail
MailTitle = Mail
MailLeadRelay = Mail is sent through { $relay }. The latest messages, and where each one stands; what a sent message said is not kept.
MailLeadKept = This is a demo without a mail relay: messages are kept here, never sent. Open one to read what its recipient would get.
MailLeadOff = E-mail is off (no relay in mail.smtp_url): nothing is queued, invitations and reminders are not sent.
MailEmpty = No messages yet.
MailSent = Sent
MailKept = Kept (not sent)
MailFailed = Given up
MailWaiting = Waiting
MailTo = To { $to }
MailAttempts = { $n } attempts
MailRead = Read the message
InviteesMailOff = E-mail is not set up on this server: invitations will not be sent. Share the guest link yourself.
InstitutionOperatorsChange = Only the network's operators change an institution's details.
InvitedTitle = Invited
InviteesNone = Nobody is invited yet.
InviteeRemove = Take { $email } off the invitation
TakeOff = Take off
InviteesRemoveHint = Tick those to take off and save: they get a cancellation for their calendar.
InviteMore = Invite more people (e-mail addresses)
InviteesSaved = { $added ->
    [0] Nobody new invited
    [one] One person invited
   *[other] { $added } people invited
}, { $removed ->
    [0] nobody taken off.
    [one] one taken off.
   *[other] { $removed } taken off.
}
UseDeviceZone = Use this device's time zone: { $zone }
