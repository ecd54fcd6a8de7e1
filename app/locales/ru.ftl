### Convene: every text of the interface and of the e-mails, in Russian.
### One message per line: `Key = text`. `{ $name }` is filled in by the program; keep every one of them. Counts
### choose a form by the language's plural rules: `{ $n ->` then `[one]`, `[few]`, `[many]`, `*[other]`.
### A key missing here, or one that the program does not know, fails the tests.

## Pages

SkipToContent = Перейти к содержимому
NavMain = Основная навигация
NavHome = Главная
NavLogin = Войти
NavAccount = Профиль
NavInstitutions = Организации
NavMembers = Участники
Logout = Выйти
ChangeLanguage = Сменить
FooterTagline = Convene — федеративные веб-конференции для науки и образования
Loading = Загрузка…
HomeTitle = Встречи по всей сети
HomeLead = Бронируйте виртуальные комнаты, запускайте встречи на общем пуле серверов конференций и приглашайте гостей — с учётной записью вашей организации.
HomeWelcome = Добро пожаловать, { $name }
HomeOperator = Управление сетью
HomeOperatorText = Вы управляете сетью: организациями и их администраторами.
HomeYourInstitutions = Ваши организации
HomeNoInstitution = Вы пока не состоите ни в одной организации. Попросите администратора вашей организации добавить вас.
RoleAdmin = Администратор
RoleMember = Участник
RoleGuest = Гость
You = вы
LoginTitle = Вход в Convene
LoginButton = Войти
LoginAlready = Вы уже вошли.
LoginInvalid = Неверный адрес электронной почты или пароль. Проверьте и попробуйте снова.
LoginExpired = Сеанс завершён. Войдите снова.
LoginRequired = Войдите, чтобы открыть эту страницу.
LoginFederatedSoon = Вход через вашу организацию (SAML или OpenID Connect) появится здесь, когда она будет подключена.
LoginWithInstitution = Войти через свою организацию
LoginWithPassword = Или с учётной записью Convene
LoginFindInstitution = Найдите свою организацию
LoginSearch = Искать
LoginNoMatch = Ни одна организация не подходит под «{ $q }». Попробуйте часть названия или сокращение.
LoginLastChoice = в прошлый раз
LoginFedExpired = Вход занял слишком много времени или был начат в другом браузере. Начните заново.
LoginFedRefused = Ваша организация не разрешила вход. Если вы считаете, что это ошибка, обратитесь в её службу поддержки.
LoginFedUnreachable = Служба входа вашей организации сейчас недоступна. Попробуйте ещё раз через несколько минут.
FedMdq = Адрес — служба Metadata Query (MDQ): IdP запрашиваются по одному по их entity id
FedLookupLabel = Найти IdP по entity id
FedLookupButton = Найти
FedLookedUp = Подписанные метаданные IdP прочитаны и сохранены: найдите его по названию ниже, чтобы назначить организации.
FieldHomeDomains = Домены родной организации
HintHomeDomains = Для общего федеративного входа: люди, чья организация — один из этих доменов (например, msu.ru), относятся к этой организации. Разделяйте пробелами.
IdpHomeClaim = Утверждение о родной организации (только для федеративного прокси)
IdpHomeClaimHint = Оставьте пустым для провайдера одной организации. Для прокси, обслуживающего много организаций, — утверждение с организацией каждого человека: он попадает в организацию с этим доменом; все остальные — не более чем гости организации, указанной выше.
IdpProxyNote = Федеративный: организация каждого определяется по { $claim }.
RightBook = может бронировать комнаты
RightNoBook = не может бронировать комнаты
RightRecord = может записывать
RightNoRecord = не может записывать
RightPersonalRoom = может иметь личную комнату
RightNoPersonalRoom = не может иметь личную комнату
RightAsRole = Как позволяет роль
Yes = Да
No = Нет
RightsLegend = Сверх роли (если оставить «как позволяет роль», решает политика бронирования)
FieldMayBook = Бронировать комнаты
FieldMayRecord = Записывать встречи
FieldMayPersonalRoom = Иметь личную комнату
RoleRights = Правило также говорит: { $rights }.
LogoutAtIdpTitle = Завершение сеанса в вашей организации
LogoutAtIdpText = Вы вышли из Convene. Сейчас браузер перейдёт в вашу организацию, чтобы завершить сеанс и там.
LogoutAtIdpContinue = Продолжить
LoginSignedOutEverywhere = Вы вышли из Convene, и сеанс в вашей организации тоже завершён.
LoginSignedOutHere = Вы вышли из Convene. Сеанс в вашей организации может оставаться открытым: закройте браузер, чтобы завершить его, особенно на общем компьютере.
LoginLogoutInvalid = Ваша организация попросила завершить ваш сеанс, но запрос не удалось проверить, поэтому ничего не изменилось. Выйдите кнопкой вверху страницы.
LoginFedInvalid = Ответу вашей организации нельзя доверять, поэтому вход не выполнен. Попробуйте ещё раз; если это повторится, сообщите в службу поддержки организации.
LoginNoEmail = Ваша организация не передала подтверждённый адрес электронной почты. Попросите её службу поддержки передавать его в Convene.
LoginEmailTaken = Учётная запись Convene с вашим адресом электронной почты уже существует. Попросите оператора связать её со входом через вашу организацию.
LoginNotAdmitted = Правила вашей организации не дают вам доступа к Convene. Обратитесь к администраторам Convene в вашей организации.
LoginNoIdentifier = Ваша организация не передала идентификатор, который не меняется от входа к входу. Попросите её службу поддержки передавать в Convene eduPersonPrincipalName (или subject-id).
LoginOutOfScope = Вход через вашу организацию подтвердил личность вне её собственного домена, поэтому Convene её не принял. Обратитесь в её службу поддержки; если это повторится, сообщите операторам Convene.
RequestIdIs = Номер запроса: { $id }
ShowPassword = Показать
HidePassword = Скрыть
FieldEmail = Эл. почта
FieldPassword = Пароль
FieldName = Название
FieldSlug = Короткое имя (в адресах)
FieldTimezone = Часовой пояс
FieldRegion = Регион
FieldLatitude = Широта
FieldLongitude = Долгота
FieldDefaultLanguage = Язык по умолчанию
FieldBrandColor = Фирменный цвет
FieldLogoUrl = Адрес логотипа (URL)
FieldDisplayName = Отображаемое имя
FieldRole = Роль
FieldInitialPassword = Начальный пароль
FieldLanguage = Язык
FieldCurrentPassword = Текущий пароль
FieldNewPassword = Новый пароль
FieldField = Поле
HintSlug = Строчные латинские буквы, цифры и дефисы, например uni-roma
HintRegion = Где находится организация — чтобы размещать встречи ближе к ней, например eu-south
HintDisplayNameNew = Нужно только для тех, у кого ещё нет учётной записи.
HintInitialPassword = Для новой локальной учётной записи: не менее 10 символов. Оставьте пустым, если учётная запись уже есть.
HintPassword = Не менее 10 символов.
HintTimezoneOverride = Оставьте пустым, чтобы использовать часовой пояс организации.
LanguageAuto = Автоматически
InstitutionsTitle = Организации
InstitutionsNew = Новая организация
InstitutionsEmpty = Организаций пока нет. Создайте первую ниже.
MembersCount = Участники
MembersOf = Участники: { $name }
MembersEmpty = В этой организации пока никого нет. Добавьте первого участника ниже.
MembersAdd = Добавить участника
MembersAddButton = Добавить
MemberAdded = Участник добавлен.
ChangeRole = Сменить роль
Remove = Удалить…
ConfirmRemove = Удалить { $name } из этой организации?
ConfirmRemoveButton = Да, удалить
Removed = Удалено.
Actions = Действия
Edit = Изменить
Create = Создать
Created = Создано.
Save = Сохранить
Saved = Сохранено.
AccountTitle = Ваша учётная запись
AccountProfile = Профиль
AccountPassword = Пароль
ChangePassword = Сменить пароль
PasswordChanged = Пароль изменён.
NotFoundTitle = Страница не найдена
NotFoundText = Возможно, адрес введён с ошибкой или страница перемещена.
ErrUnauthenticated = Сначала войдите.
ErrForbidden = У вас нет прав на это действие. Обратитесь к администратору вашей организации.
ErrNotFound = Не найдено: возможно, удалено или адрес неверен.
ErrLastAdmin = У организации должен быть хотя бы один администратор: сначала назначьте другого.
ErrAlreadyMember = Этот человек уже участник; измените его роль в списке.
ErrRateLimited = Слишком много попыток. Подождите несколько минут и попробуйте снова.
UnavailableTitle = Convene временно недоступен
ErrUnavailable = Convene сейчас не может связаться со своей базой данных. Ничего не изменено, и вы по-прежнему в системе. Повторите попытку через минуту.
ErrInternal = На нашей стороне произошла ошибка. Повторите попытку; если ошибка не исчезнет, сообщите в поддержку код: { $id }
ErrBadRequest = Не удалось прочитать форму. Обновите страницу и попробуйте снова.
ErrTransport = Не удалось связаться с сервером. Проверьте подключение и повторите попытку.
NavPool = Пул
PoolTitle = Серверы конференций
PoolLeadOperator = Все серверы общего пула, их состояние и нагрузка. Изолируйте сервер, чтобы на нём не начинались новые встречи, не прерывая текущие.
PoolLeadAdmin = Серверы, которые ваша организация предоставляет в общий пул, и общие показатели пула.
PoolLive = В реальном времени: страница обновляется сама.
PoolTotals = Итоги пула
PoolOnline = серверов в сети
PoolMeetings = Встречи
PoolParticipants = Участники
PoolCapacity = Места
PoolHealth = Состояние
PoolState = Режим
ProblemEndNotAfterStart = окончание должно быть позже начала
ProblemInThePast = это время уже прошло
ProblemTooSoon = ваше учреждение требует бронировать минимум за { $n } мин.
ProblemTooFarAhead = ваше учреждение разрешает бронировать не более чем за { $n } дн.
ProblemOverWeeklyHours = превышает ваш лимит { $n } ч в неделю на { $ms } мин.; сократите бронь или отмените другую
ProblemTooMany = не более { $n ->
        [one] { $n } записи
       *[other] { $n } записей
    }
ProblemNotMember = ни у одного участника учреждения комнаты нет такого адреса; сначала добавьте его в учреждение
ProblemSeriesDate = у нескольких повторений даты не меняются; чтобы перенести серию на другие дни, измените только это или отмените и забронируйте заново
EditBooking = Изменить
FieldScope = Применить к
ScopeThis = только этой брони
ScopeFollowing = этой и следующим
ScopeAll = всем предстоящим в серии
EditSaved = Сохранено: { $n ->
        [one] изменена { $n } бронь
        [few] изменены { $n } брони
        [many] изменено { $n } броней
       *[other] изменено { $n } брони
    }.
EditCollisions = Ничего не изменено: эти повторения пересеклись бы с другими бронями:
ProblemMailOff = этот сервер не отправляет почту; поделитесь гостевой ссылкой
InviteesHint = Они получат файл календаря и гостевую ссылку; адреса через запятую или с новой строки (не более 50).
InvitationsQueued = { $n ->
        [one] Приглашение отправляется { $n } адресату.
       *[other] Приглашения отправляются { $n } адресатам.
    }
FieldInvitees = Пригласить по e-mail
ProblemNonexistentTime = такого времени в этот день нет (перевод часов); выберите другое
ErrBusy = Кто-то изменил эти брони в тот же момент; ничего не изменено. Попробуйте ещё раз.
ErrBookingChanged = Тем временем эту бронь отменили, одобрили или отклонили; ничего не изменено. Обновите страницу и попробуйте снова.
ErrBookingOverlap = Это время пересекается с другой бронью этой комнаты. Выберите свободное время.
ErrOverCapacity = Пул не вместит забронированные на это время места: не хватает { $n ->
        [one] { $n } места
       *[other] { $n } мест
    }. Уменьшите число участников или выберите другое время.
NavRooms = Комнаты
RoomsTitle = Комнаты
RoomsLead = Виртуальные комнаты ваших учреждений. Откройте комнату, чтобы увидеть календарь и забронировать её.
RoomsEmpty = Комнат пока нет. Создайте первую ниже.
RoomsCreate = Новая комната
RoomsCreateButton = Создать комнату
RoomCreated = Комната создана.
FieldDescription = Описание
FieldSeats = Мест
FieldVisibility = Видимость
VisibilityInstitution = Моё учреждение
VisibilityPublic = Публичный список
RoomsOfNetwork = Открыты для всей сети
RoomsOfNetworkLead = Комнаты, которые другие учреждения открыли для всех: подключайтесь к их встречам, пока они идут.
FieldGuestPolicy = Гости
GuestOpen = Гости входят сразу
GuestAsk = Модератор впускает гостей
GuestNone = Без гостей
FieldRecordAllowed = Запись разрешена
FieldMuteOnStart = Микрофоны выключены при входе
FieldAccessCode = Код доступа (необязательно, 4–32 буквы или цифры)
FieldWelcome = Приветствие
CalDay = День
CalWeek = Неделя
CalMonth = Месяц
CalPrev = Назад
CalNext = Вперёд
CalTimes = Время: { $name }.
CalNothing = Бронирований нет.
BookTitle = Забронировать комнату
FieldTitle = Название
FieldDate = Дата
FieldStart = Начало
FieldEnd = Окончание
FieldExpected = Ожидаемые участники
ExpectedCount = { $n ->
        [one] ожидается { $n } участник
        [few] ожидается { $n } участника
        [many] ожидается { $n } участников
       *[other] ожидается { $n } участника
    }
FieldRepeat = Повтор
RepeatNone = Не повторять
RepeatDaily = Каждый день
RepeatWeekly = Каждую неделю
RepeatMonthlyDate = Каждый месяц, то же число
RepeatMonthlyWeekday = Каждый месяц, тот же день недели
RepeatYearly = Каждый год
FieldInterval = Через сколько (1 = каждый)
FieldWeekdays = Дни (еженедельно; напр. mo,we)
FieldUntil = До (дата)
FieldCount = Или число раз
FieldExcept = Исключить даты (ГГГГ-ММ-ДД через запятую)
OnConflictSkip = Забронировать свободные даты, пропустив занятые
BookButton = Забронировать
Booked = Забронировано: { $n }.
BookedPending = Ожидает одобрения администратора учреждения.
CollisionsFound = Эти даты уже заняты; ничего не забронировано. Отметьте флажок, чтобы забронировать остальные даты, или измените время.
CollisionsSkipped = Пропущены, так как заняты:
CapacityWarning = Внимание: в самый загруженный момент пулу не хватает { $n ->
        [one] { $n } места
       *[other] { $n } мест
    }.
StatusPending = ожидает одобрения
InSeries = повторяется
CancelBooking = Отменить бронь
ConfirmCancel = Отменить «{ $name }»? Время освободится.
ConfirmCancelButton = Да, отменить
BookingCancelled = Бронь отменена.
DoneBooked = Забронировано: «{ $title }», { $day }, { $from }–{ $to }, { $room }.
DoneSaved = Сохранено: «{ $title }», { $day }, { $from }–{ $to }, { $room }.
DoneCancelled = Отменено: «{ $title }», { $day }, { $from }–{ $to }, { $room }.
DoneCollided = Ничего не изменено: занято времён из запрошенных — { $n }. Выберите другое время или забронируйте снова, пропустив их.
JoinNeedsGuestLink = Эта комната требует код доступа: подключайтесь по гостевой ссылке от организаторов.
MeetingsHeld = Проведённые встречи
MeetingHeld = Встреча прошла { $day }, { $from }–{ $to } ({ $n } мин)
RoomPersonal = личная
OpenCalendar = Календарь
ErrNotStartable = Сейчас нет брони этой комнаты. Встречу можно начать за { $n } мин. до брони; сначала забронируйте комнату.
ErrMeetingRunning = В комнате идёт встреча. Сначала завершите её, затем удалите комнату.
DialIn = По телефону:
DialInPin = номер конференции
MyBookingsTitle = Мои брони
NavMyBookings = Брони
MyBookingsEmpty = В эти дни у вас нет броней. Забронируйте комнату в её календаре в разделе «Комнаты».
BookingDetails = Подробнее
BackToCalendar = Назад к календарю
RoomSettings = Настройки комнаты
CoOwners = Совладельцы
CoOwnersLead = Совладельцы управляют комнатой как владелец: настройки, брони, гостевые ссылки; входят как модераторы.
CoOwnersEmpty = Совладельцев пока нет.
CoOwnerAdd = Добавить совладельца
CoOwnerRemove = Удалить
AccessCodeKeep = Оставьте пустым, чтобы сохранить текущий код.
AccessCodeClear = Убрать код доступа
RoomDelete = Удалить комнату
RoomDeleteConfirm = Удалить «{ $name }» навсегда? { $n ->
        [one] Её предстоящая бронь ({ $n }) будет отменена
       *[other] Её предстоящие брони ({ $n }) будут отменены
    }, приглашённые получат уведомление.
RoomDeleteButton = Да, удалить комнату
ErrNotStarted = Встреча ещё не началась. Дождитесь, пока организатор её начнёт, и попробуйте снова.
ErrNoServer = Сейчас ни один сервер конференций не может принять встречу. Попробуйте через минуту; операторы уведомлены.
MeetingRunning = Встреча идёт.
MeetingStart = Начать встречу
MeetingJoin = Войти во встречу
MeetingEnd = Завершить встречу
MeetingEndConfirm = Завершить её сейчас для всех?
MeetingEnded = Встреча завершена.
MeetingRejoin = Если встреча прервётся, вернитесь сюда и войдите той же кнопкой: Convene перенесёт её на другой сервер.
GuestLinksTitle = Гостевые ссылки
GuestLinksLead = Люди без учётной записи входят по гостевой ссылке. Ссылка действует до срока или до отзыва.
GuestLinksEmpty = Гостевых ссылок пока нет.
FieldLabel = Метка (для вас)
FieldDays = Действует (дней)
GuestLinkCreate = Создать гостевую ссылку
GuestLinkCreated = Скопируйте ссылку сейчас, она показывается один раз:
GuestLinkUntil = до { $name }
GuestLinkRevoked = отозвана
GuestLinkExpired = истекла
GuestLinkRevoke = Отозвать
GuestLinkRevokeConfirm = Отозвать ссылку? Войти по ней больше не получится.
GuestTitle = Войти как гость
GuestYourName = Ваше имя (видно другим)
GuestCode = Код доступа
GuestJoin = Войти
GuestWaiting = После входа модератор впустит вас.
GuestNotRunning = Встреча ещё не началась. Не закрывайте страницу и попробуйте, когда она начнётся.
GuestLinkGone = Эта гостевая ссылка не существует или истекла. Попросите пригласившего новую.
FeedTitle = Лента календаря
FeedLeadRoom = Следите за бронями комнаты в своём календаре по личному адресу. Новый адрес отключает старый.
FeedLeadMine = Ваши брони в календаре по личному адресу.
FeedMake = Создать личный адрес
FeedStop = Отключить ленту
FeedStopped = Лента отключена.
FeedUrl = Подпишитесь по этому адресу (не передавайте его):
DownloadIcs = Добавить в календарь (.ics)
DragHint = Проведите по свободному времени, чтобы заполнить форму брони; перетащите бронь, чтобы сдвинуть её, или её нижний край, чтобы изменить окончание. Или используйте «Изменить время».
PendingTitle = Ожидают одобрения
PendingEmpty = Нет броней, ожидающих одобрения.
Approve = Одобрить
Reject = Отклонить
FieldReason = Причина (для того, кто бронировал)
Decided = Готово.
EndsAnotherDay = Заканчивается в другой день
FieldEndDate = Дата окончания
PolicyTitle = Правила бронирования: { $name }
PolicyLead = Кто может создавать комнаты, бронировать и записывать, ограничения бронирования и что делать, если пул переполнен.
PolicyLink = Правила бронирования
FieldCreateRoomsRole = Кто может создавать комнаты
FieldBookRole = Кто может бронировать
FieldRecordRole = Кто может записывать
FieldPersonalRoomRole = Кому положена личная комната
RoleAdmins = Только администраторы
RoleMembers = Участники и администраторы
RoleEveryone = Все, включая гостей
RoleNobody = Никто
FieldMaxHours = Часов в неделю на человека (пусто: без ограничения)
FieldMaxDays = Бронировать не более чем за столько дней (пусто: без ограничения)
FieldMinNotice = Минимальное время до начала (мин.)
FieldApproval = Брони требуют одобрения администратора
FieldCapacityPolicy = Если в пуле не хватит мест
CapacityWarn = Предупредить и всё равно забронировать
CapacityRefuse = Отказать в брони
FieldStartEarly = Встречу можно начать раньше на (мин.)
FieldGrace = И ещё столько минут после окончания
FieldPersonal = Моя личная комната (без брони; одна на человека)
MeetingExtend = +{ $n } мин
PoolLastPoll = Последний опрос
PoolNever = никогда
PoolSecondsAgo = { $n } с назад ({ $ms } мс)
PoolHistory = Участники, последние опросы
PoolHistoryLabel = Участники за { $n ->
        [one] последний { $n } опрос
        [few] последние { $n } опроса
        [many] последние { $n } опросов
       *[other] последние { $n } опроса
    }: сейчас { $now }, максимум { $max }
PoolWhy = Последний выбор { $n } с назад: оценка { $score }, наименьшая из { $eligible } подходящих; занято мест: { $seats }; { $km } км от учреждения; исключено: { $excluded }.
PoolNeverChosen = Ещё не выбирался для встречи.
PoolEmpty = Серверов пока нет. Добавьте первый ниже: Convene проверит, что он отвечает, прежде чем принять его.
PoolAdd = Добавить сервер
PoolAddHint = Секрет — тот, что показывает `bbb-conf --secret` на сервере. Convene проверит его вызовом сервера перед сохранением.
PoolAddButton = Проверить и добавить
PoolChecking = Проверка сервера…
PoolAdded = Сервер добавлен в пул.
FieldServerUrl = Адрес сервера
FieldServerSecret = Общий секрет
FieldTags = Метки
StateEnabled = Включён
StateCordoned = Изолирован
StateDisabled = Отключён
HealthOnline = в сети
HealthUnstable = нестабилен
HealthOffline = недоступен
ErrServerUnreachable = Не удалось связаться с сервером по этому адресу. Проверьте адрес и что сервер работает.
ErrServerSecret = Сервер отклонил секрет. Скопируйте его снова из `bbb-conf --secret` на сервере.
ErrNotBbb = Этот адрес не отвечает как сервер BigBlueButton.
ErrServerCertificate = TLS-сертификат сервера не является доверенным. Если он выдан частным центром сертификации, попросите оператора добавить сервер с его CA.
ErrServerNotPublic = Этот адрес локальный, частный или внутренний. Только операторы сети могут добавлять такие серверы.
PoolShared = общий пул
PoolOwnOnly = только свои встречи
PoolShare = Допустить в общий пул
PoolUnshare = Убрать из общего пула
ProblemRequired = обязательное поле
ProblemTooShort = не менее { $n ->
        [one] { $n } символа
       *[other] { $n } символов
    }
ProblemTooLong = не более { $n ->
        [one] { $n } символа
       *[other] { $n } символов
    }
ProblemFormat = неверный формат
ProblemOutOfRange = вне допустимого диапазона
ProblemTaken = уже используется

## E-mails

MailWhen = Когда
MailRepeats = Повторяется: всего { $n ->
        [one] { $n } встреча
        [few] { $n } встречи
        [many] { $n } встреч
       *[other] { $n } встречи
    } (все они есть в файле календаря).
MailRoom = Комната
MailOrganizer = Организатор
MailJoinMembers = С учётной записью учреждения: войдите и подключитесь со страницы комнаты
MailJoinGuests = Без учётной записи: откройте гостевую ссылку и укажите своё имя
MailSignature = — Convene, веб-конференции сети
MailInvitation = Приглашение
MailInvites = { $who } приглашает вас на веб-встречу.
MailBooked = Забронировано
MailBookedIntro = Ваша бронь подтверждена. Приглашение отправлено:
MailReminder = Напоминание
MailReminderIntro = Встреча начнётся через { $n ->
        [one] { $n } минуту
        [few] { $n } минуты
        [many] { $n } минут
       *[other] { $n } минуты
    }.
MailGuestHint = Без учётной записи: используйте гостевую ссылку из приглашения.
MailApproved = Одобрено
MailApprovedIntro = Ваша бронь одобрена и подтверждена.
MailNotApproved = Не одобрено
MailNotApprovedIntro = Ваша бронь не одобрена; время снова свободно.
MailReason = Причина
MailUpdated = Изменено
MailUpdatedIntro = Встреча изменилась. Сейчас она такая:
MailCancelled = Отменено
MailCancelledIntro = Эта встреча отменена.
RoleNotAdmitted = без доступа
RuleLine = { $claim } = { $pattern } → { $role }
SignInRules = Правила входа
SignInTitle = Вход в { $name }
SignInLead = Сотрудники и студенты этой организации входят через её поставщика удостоверений. При каждом входе правила ниже проверяются по порядку: первое, у которого значение атрибута подходит, задаёт роль; тот, кому не подошло ни одно правило, получает роль по умолчанию. Роль, изменённая вручную на странице участников, при следующем входе снова задаётся правилами.
SignInProviders = Поставщики удостоверений
SignInNoProvider = Поставщика удостоверений ещё нет. Его добавляет оператор сети.
SignInDefault = по умолчанию: { $role }
SignInLinkLead = Собственный адрес входа вашей организации, для кнопки на её сайте:
SignInNoRules = Правил нет: все, кто входит, получают роль по умолчанию.
RuleAdd = Добавить правило
RuleRemoveConfirm = Удалить это правило? Оно перестанет действовать со следующего входа.
FieldClaim = Атрибут
FieldPattern = Значение (* означает любое начало или окончание)
NavSignInRules = Правила входа
RoleByHand = Задана администратором.
RoleFrom = Ваша роль задана правилами входа вашей организации: { $why }.
RoleFromDefault = У вас роль по умолчанию из { $name }: ни одно правило входа вашей организации не подошло.
IdpTitle = Вход через организации
IdpLead = Поставщики удостоверений, через которые входят люди организаций (OpenID Connect и SAML 2.0). Каждый проверяется перед добавлением — документ обнаружения поставщика OpenID, метаданные IdP SAML, подписанный агрегат федерации; администраторы организации задают правила, по которым назначаются роли.
IdpEmpty = Поставщиков удостоверений ещё нет: вход только по паролям Convene.
IdpOff = выключен
IdpSignInAt = Вход начинается с
IdpSwitchOff = Выключить
IdpSwitchOn = Включить
IdpAdd = Добавить поставщика OpenID Connect
IdpAddLead = Зарегистрируйте Convene у поставщика как конфиденциального клиента с таким адресом возврата:
IdpInstitution = Организация
IdpName = Название на странице входа
IdpIssuer = Издатель (адрес https)
IdpClientId = Идентификатор клиента
IdpClientSecret = Секрет клиента
IdpScopes = Области доступа
IdpDefaultRole = Роль тех, кому не подошло ни одно правило
IdpCa = Сертификат УЦ (PEM), только если сертификат поставщика подписан частным УЦ
IdpAdded = Поставщик ответил и добавлен.
IdpAddButton = Проверить и добавить
IdpChecking = Запрашиваю поставщика…
NavIdentity = Вход
ErrProviderUnreachable = По этому адресу поставщик не ответил как издатель OpenID Connect. Проверьте адрес издателя (его /.well-known/openid-configuration должен отвечать по https) и что Convene может до него достучаться.
ErrProviderCertificate = Сертификату поставщика нет доверия. Если его подписал частный УЦ, вставьте сертификат этого УЦ.

# SAML identity providers
ProblemMetadataNoKey = в них нет сертификата подписи, поэтому ничего из того, что присылает IdP, нельзя проверить. Попросите у администраторов IdP метаданные с ключом подписи.
ProblemMetadataNoSso = в них нет https-адреса единого входа для привязки HTTP-Redirect.
ProblemMetadataExpired = срок их действия истёк (validUntil в прошлом). Получите свежую копию у IdP или его федерации.
ProblemMetadataDoctype = в них есть DOCTYPE, который Convene не принимает.
ProblemMetadataNotIdp = они не описывают поставщика удостоверений SAML 2.0 (нет IDPSSODescriptor).
ProblemMetadataUnreadable = их нельзя прочитать как метаданные одной сущности (один md:EntityDescriptor с читаемыми сертификатами).
ProblemMetadataTooLarge = они больше 512 КиБ — больше, чем нужно одному IdP.
FieldCaPem = Сертификат УЦ
IdpMetadataUrl = Адрес метаданных (https)
IdpMetadataXml = Или сами метаданные (XML)
IdpAddSaml = Добавить поставщика удостоверений SAML 2.0
IdpAddSamlLead = Передайте IdP метаданные Convene — в них есть всё, что ему нужно:
IdpSamlAdded = Метаданные IdP прочитаны и проверены, IdP добавлен.
IdpSamlNameHint = Оставьте пустым, чтобы использовать имя, которое IdP даёт себе сам.
IdpValidUntil = метаданные действительны до { $date }
IdpKindOidc = OpenID Connect
IdpKindSaml = SAML 2.0
IdpAddSamlButton = Прочитать и добавить
IdpReading = Чтение метаданных…
IdpRefreshedAt = метаданные последний раз прочитаны { $date }
IdpRefreshFailed = Последнее чтение метаданных не удалось; предыдущая копия используется, пока не истечёт её срок:
IdpLogoFailed = Последнее чтение логотипа не удалось:

# SAML federations
ProblemMetadataUnsigned = агрегат не подписан целиком, поэтому ему нельзя доверять.
ProblemMetadataBadSignature = подпись агрегата не проверяется сертификатом федерации (или использует слабый алгоритм, например SHA-1). Убедитесь, что это текущий сертификат подписи федерации.
ProblemMetadataBadCert = это не сертификат в формате PEM (-----BEGIN CERTIFICATE-----).
ProblemMetadataNotAggregate = это не агрегат метаданных (один md:EntitiesDescriptor). Отдельный IdP добавьте выше как IdP SAML.
FedTitle = Федерации
FedLead = Подписанные агрегаты метаданных многих IdP, например национальной научной федерации. Агрегат используется, только если его подпись проверяется сертификатом федерации и срок его действия не истёк; он перечитывается так часто, как в нём указано.
FedEmpty = Федераций пока нет.
FedIdps = { $n ->
        [one] { $n } IdP
        [few] { $n } IdP
        [many] { $n } IdP
       *[other] { $n } IdP
    }
FedSkipped = { $n ->
        [one] { $n } сущность пропущена (непригодна)
        [few] { $n } сущности пропущены (непригодны)
        [many] { $n } сущностей пропущено (непригодны)
       *[other] { $n } сущности пропущено (непригодны)
    }
FedAdd = Добавить федерацию
FedUrl = Адрес агрегата (https)
FedSigningCert = Сертификат подписи федерации (PEM)
FedAdded = Подпись агрегата проверена, его IdP прочитаны.
FedAddButton = Проверить и добавить
FedUpload = Добавить или обновить федерацию из файла
FedUploadLead = Для федерации, которая передаёт свой агрегат, а не публикует его, или для офлайн-копии. Он проверяется так же, как загруженный по адресу, и сам больше не перечитывается: чтобы заменить его, загрузите более новый файл под тем же именем.
FedUploadFile = Подписанный агрегат (XML-файл)
FedUploadButton = Проверить и загрузить
FedUploaded = { $n ->
    [one] Подпись агрегата проверена, прочитан { $n } IdP.
    [few] Подпись агрегата проверена, прочитано { $n } IdP.
    [many] Подпись агрегата проверена, прочитано { $n } IdP.
   *[other] Подпись агрегата проверена, прочитано { $n } IdP.
}
FedReading = Чтение и проверка агрегата…
FedFind = Назначить организации IdP из федерации
FedFindLabel = Название, entity id или домен
FedNoMatch = Ни один IdP федераций не подходит.
FedGive = Вход для
FedGiveButton = Использовать этот IdP
FedGiven = Люди организации теперь могут входить через этот IdP.

# Sign-ins waiting to be linked
LinkTitle = Входы, ожидающие привязки
LinkLead = Эти люди вошли через свою организацию с адресом электронной почты, который уже принадлежит учётной записи Convene. В эту учётную запись их не пустили. Привяжите вход к учётной записи, если это тот же человек; после этого он будет входить в неё через свою организацию.
LinkVia = через { $provider } ({ $institution }), { $date }
LinkButton = Привязать к учётной записи
LinkDismiss = Отклонить
FedName = Название федерации

# Sign-in methods per institution
LoginUseInstitution = Ваша организация впускает своих сотрудников через собственный вход, а не по паролю здесь: выберите её в разделе «Войти через свою организацию».
SignInMethods = Способы входа
SignInMethodsLead = Как входят участники организации
SignInMethodsBoth = Через поставщиков удостоверений организации или по паролю
SignInMethodsProviders = Только через поставщиков удостоверений организации
SignInMethodsHint = Если оставить только поставщиков, пароль участника больше не открывает вход (у операторов сети пароли остаются). Кто состоит и в организации, разрешающей пароли, может по-прежнему входить по своему.
ProblemNoSignInProvider = у организации нет ни одного включённого поставщика удостоверений, и никто не смог бы войти; сначала попросите оператора добавить его

# Test sign-in
SignInTest = Проверить вход
SignInTestLead = «Проверить вход» проходит через поставщика с тестовой учётной записью и показывает здесь, что он прислал и какую роль дают правила, — не выводя вас из системы, не впуская этого человека и не создавая учётную запись. Видите только вы, в течение суток; в журналы это не попадает.
SignInTestTitle = Последняя проверка входа через { $provider }
SignInTestByRule = Роль: { $role }, по правилу { $claim } = { $value }
SignInTestByDefault = Роль: { $role }, по умолчанию для поставщика (ни одно правило не подошло)
SignInTestKnown = У этой личности уже есть учётная запись Convene.
SignInTestNew = У этой личности ещё нет учётной записи Convene: она появится при первом входе.
SignInTestIdentifier = Идентификатор
SignInTestClaims = Что прислал поставщик
SignInTestValues = Значения
