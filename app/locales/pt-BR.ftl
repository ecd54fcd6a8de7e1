### Convene: every text of the interface and of the e-mails, in Brazilian Portuguese.
### One message per line: `Key = text`. `{ $name }` is filled in by the program; keep every one of them. Counts
### choose a form by the language's plural rules: `{ $n ->` then `[one]`, `[few]`, `[many]`, `*[other]`.
### A key missing here, or one that the program does not know, fails the tests.

## Pages

SkipToContent = Pular para o conteúdo
NavMain = Principal
NavHome = Início
NavLogin = Entrar
NavAccount = Conta
NavInstitutions = Instituições
NavMembers = Membros
Logout = Sair
ChangeLanguage = Alterar
FooterTagline = Convene — webconferência federada para pesquisa e educação
Loading = Carregando…
HomeTitle = Encontre-se em toda a sua rede
HomeLead = Reserve salas virtuais, inicie reuniões no conjunto compartilhado de servidores de conferência e convide visitantes, com a conta da sua instituição.
HomeWelcome = Bem-vindo(a), { $name }
HomeMoreSignIn = Mais instituições, e entrada com senha
HomePasswordSignIn = Entrar com senha
HomeNext = Próximos
HomeNothingNext = Nada reservado para a próxima semana.
HomeBookARoom = Reservar uma sala
HomeAllBookings = Todas as minhas reservas
HomeTimesIn = Horários em { $tz }
HomeLive = Acontecendo agora
HomePendingBadge = Aguardando aprovação
HomeOpensAt = Abre às { $time }
HomePending = { $n ->
    [one] Uma reserva aguarda a sua decisão.
   *[other] { $n } reservas aguardam a sua decisão.
}
HomeYourRooms = Suas salas
HomeAllRooms = Todas as salas
HomeOperator = Operação da rede
HomeOperatorText = Você opera a rede: gerencie as instituições e seus administradores.
HomeYourInstitutions = Suas instituições
HomeNoInstitution = Você ainda não é membro de nenhuma instituição. Peça ao administrador da sua instituição para adicioná-lo(a).
RoleAdmin = Administrador
RoleMember = Membro
RoleGuest = Convidado
You = você
LoginTitle = Entrar no Convene
LoginButton = Entrar
LoginAlready = Você já está conectado.
LoginInvalid = O e-mail ou a senha não estão corretos. Verifique e tente novamente.
LoginExpired = Sua sessão terminou. Entre novamente.
LoginRequired = Entre para ver essa página.
LoginFederatedSoon = O acesso pela sua instituição (SAML ou OpenID Connect) aparecerá aqui quando ela estiver conectada.
LoginForgot = Esqueceu a senha?
LoginPasswordReset = A sua senha foi alterada e todas as sessões da sua conta foram encerradas. Entre com a nova senha.
ResetTitle = Redefinir a senha
ResetLead = Para contas que entram aqui com senha. Informe o e-mail da conta: um link para escolher uma nova senha será enviado para lá.
ResetSend = Enviar o link
ResetSent = Se uma conta com este endereço entra aqui com senha, um e-mail com um link está a caminho. O link funciona por 30 minutos, uma única vez. Não chegou nada? Verifique a pasta de spam ou peça de novo em alguns minutos.
ResetBackToSignIn = Voltar para a entrada
ResetInvalidEmail = Informe o e-mail da sua conta.
ResetMailOff = Este servidor não envia e-mail, então as senhas não podem ser redefinidas aqui. Peça ao administrador da sua instituição ou aos operadores da rede que definam uma nova.
ResetLinkGone = Este link expirou ou já foi usado. Peça um novo.
ResetTooShort = A nova senha é curta demais: use pelo menos 10 caracteres.
ResetTooLong = A nova senha é longa demais.
ResetMismatch = As duas senhas não são iguais: digite a nova senha duas vezes.
ResetChooseTitle = Escolha uma nova senha
ResetNewPassword = Nova senha
ResetHint = Pelo menos { $n } caracteres. Todas as sessões da sua conta terminam quando ela é salva.
ResetRepeat = A nova senha de novo
ResetSave = Salvar a nova senha
ResetAskAgain = Pedir um novo link
LoginWithInstitution = Entrar com a sua instituição
LoginWithPassword = Ou com uma conta do Convene
LoginFindInstitution = Encontre sua instituição
LoginSearch = Buscar
LoginNoMatch = Nenhuma instituição corresponde a “{ $q }”. Tente parte do nome ou a sigla.
LoginLastChoice = da última vez
LoginFedExpired = A entrada demorou demais ou foi iniciada em outro navegador. Comece de novo.
LoginFedRefused = Sua instituição não permitiu a entrada. Se você acha que deveria, fale com o suporte dela.
LoginFedUnreachable = O serviço de acesso da sua instituição não está acessível agora. Tente de novo em alguns minutos.
FedMdq = O endereço é um serviço Metadata Query (MDQ): os IdPs são consultados um a um pelo entity id
FedLookupLabel = Consultar um IdP pelo entity id
FedLookupButton = Consultar
FedLookedUp = Os metadados assinados do IdP foram lidos e guardados: encontre-o pelo nome abaixo para atribuí-lo a uma instituição.
FieldHomeDomains = Domínios da organização de origem
HintHomeDomains = Para um acesso federado comum: pessoas cuja organização de origem é um destes domínios (ex.: usp.br) pertencem a esta instituição. Separe-os com espaços.
IdpHomeClaim = Claim da organização de origem (só para um proxy federado)
IdpHomeClaimHint = Deixe vazio para o provedor de uma única instituição. Para um proxy que atende muitas instituições, o claim que diz a organização de cada pessoa: ela entra na instituição com esse domínio; qualquer outra pessoa é no máximo convidada da instituição acima.
IdpProxyNote = Federado: a instituição de cada pessoa vem de { $claim }.
RightBook = pode reservar salas
RightNoBook = não pode reservar salas
RightRecord = pode gravar
RightNoRecord = não pode gravar
RightPersonalRoom = pode ter uma sala pessoal
RightNoPersonalRoom = não pode ter uma sala pessoal
RightAsRole = Como o papel permite
Yes = Sim
No = Não
RightsLegend = Além do papel (deixado como o papel permite, decide a política de reservas)
FieldMayBook = Reservar salas
FieldMayRecord = Gravar reuniões
FieldMayPersonalRoom = Ter uma sala pessoal
RoleRights = A regra também diz: { $rights }.
LogoutAtIdpTitle = Saindo do acesso da sua instituição
LogoutAtIdpText = Você saiu do Convene. Agora o navegador segue para a sua instituição para encerrar também o acesso dela.
LogoutAtIdpContinue = Continuar
LoginSignedOutEverywhere = Você saiu do Convene e do acesso da sua instituição.
LoginSignedOutHere = Você saiu do Convene. O acesso da sua instituição pode continuar aberto: feche o navegador para encerrá-lo, principalmente em um computador compartilhado.
LoginLogoutInvalid = Sua instituição pediu para encerrar sua sessão, mas o pedido não pôde ser verificado, então nada foi alterado. Saia pelo botão no topo da página.
LoginFedInvalid = A resposta da sua instituição não era confiável, por isso você não entrou. Tente de novo; se acontecer outra vez, avise o suporte da sua instituição.
LoginNoEmail = Sua instituição não enviou um endereço de e-mail verificado. Peça ao suporte dela que o libere para o Convene.
LoginEmailTaken = Já existe uma conta do Convene com o seu e-mail. Peça a um operador que a vincule ao acesso da sua instituição.
LoginNotAdmitted = As regras da sua instituição não dão acesso ao Convene para você. Fale com os administradores do Convene na sua instituição.
LoginNoIdentifier = Sua instituição não enviou um identificador que permaneça o mesmo de um acesso para outro. Peça ao suporte dela que libere eduPersonPrincipalName (ou subject-id) para o Convene.
LoginOutOfScope = O acesso da sua instituição garantiu uma identidade fora do domínio dela, então o Convene não a aceitou. Fale com o suporte dela; se continuar acontecendo, avise os operadores do Convene.
RequestIdIs = Código da solicitação: { $id }
ShowPassword = Mostrar
HidePassword = Ocultar
FieldEmail = E-mail
FieldPassword = Senha
FieldName = Nome
FieldSlug = Nome curto (nos endereços)
FieldTimezone = Fuso horário
FieldRegion = Região
FieldLatitude = Latitude
FieldLongitude = Longitude
FieldDefaultLanguage = Idioma padrão
FieldBrandColor = Cor institucional
FieldLogoUrl = Endereço do logotipo (URL)
FieldHelpUrl = Página de ajuda
FieldPrivacyUrl = Aviso de privacidade
FieldContactUrl = Contato
HintContactUrl = Uma página web (https://…) ou um e-mail escrito mailto:helpdesk@example.org. Vazio: nenhum.
LinksTitle = Ajuda, privacidade e contato
LinksLead = Mostrados no rodapé de cada página que os membros da sua instituição veem, ao lado dos da rede.
FooterHelp = Ajuda
FooterPrivacy = Privacidade
FooterContact = Contato
FooterLinks = Ajuda, privacidade e contato
FieldDisplayName = Nome de exibição
FieldRole = Papel
FieldInitialPassword = Senha inicial
FieldLanguage = Idioma
FieldCurrentPassword = Senha atual
FieldNewPassword = Nova senha
FieldField = Campo
HintSlug = Letras minúsculas, dígitos e hífens, ex.: uni-roma
HintRegion = Onde fica a instituição, para posicionar as reuniões perto dela, ex.: eu-south
HintDisplayNameNew = Necessário apenas para quem ainda não tem conta.
HintInitialPassword = Para uma nova conta local: pelo menos 10 caracteres. Deixe vazio para quem já tem conta.
HintPassword = Pelo menos 10 caracteres.
HintTimezoneOverride = Deixe vazio para usar o fuso horário da sua instituição.
LanguageAuto = Automático
InstitutionsTitle = Instituições
InstitutionsNew = Nova instituição
InstitutionsEmpty = Nenhuma instituição ainda. Crie a primeira abaixo.
MembersCount = Membros
MembersOf = Membros de { $name }
MembersEmpty = Ninguém pertence a esta instituição ainda. Adicione o primeiro membro abaixo.
MembersAdd = Adicionar um membro
MembersAddButton = Adicionar
MemberAdded = Membro adicionado.
ChangeRole = Alterar papel
Remove = Remover…
ConfirmRemove = Remover { $name } desta instituição?
ConfirmRemoveButton = Sim, remover
Removed = Removido.
Actions = Ações
Edit = Editar
Create = Criar
Created = Criado.
Save = Salvar
Saved = Salvo.
AccountTitle = Sua conta
AccountProfile = Perfil
AccountPassword = Senha
ChangePassword = Alterar senha
PasswordChanged = Senha alterada.
NotFoundTitle = Página não encontrada
NotFoundText = O endereço pode estar errado, ou a página foi movida.
ErrUnauthenticated = Entre primeiro.
ErrForbidden = Você não tem permissão para isso. Peça a um administrador da sua instituição, se precisar.
ErrNotFound = Não encontrado: pode ter sido removido, ou o endereço está errado.
ErrLastAdmin = Uma instituição precisa de pelo menos um administrador: nomeie outro primeiro.
ErrAlreadyMember = Esta pessoa já é membro; altere o papel dela na lista.
ErrRateLimited = Tentativas demais. Aguarde alguns minutos e tente novamente.
UnavailableTitle = O Convene está indisponível por um momento
ErrUnavailable = O Convene não consegue acessar seu banco de dados agora. Nada foi alterado e você continua conectado. Tente novamente em um minuto.
ErrInternal = Algo deu errado do nosso lado. Tente novamente; se persistir, informe esta referência ao suporte: { $id }
ErrBadRequest = Não foi possível ler o formulário. Recarregue a página e tente novamente.
ErrTransport = Não foi possível contatar o servidor. Verifique sua conexão e tente novamente.
NavPool = Pool
PoolTitle = Servidores de conferência
PoolLeadOperator = Todos os servidores do pool da rede, sua saúde e sua carga. Isole um servidor para não receber novas reuniões sem encerrar as em andamento.
PoolLeadAdmin = Os servidores que sua instituição contribui para o pool da rede, e os totais do pool.
PoolLive = Ao vivo: esta página se atualiza sozinha.
PoolTotals = Totais do pool
PoolOnline = servidores ativos
PoolMeetings = Reuniões
PoolParticipants = Participantes
PoolCapacity = Lugares
PoolHealth = Saúde
PoolState = Estado administrativo
ProblemEndNotAfterStart = o fim deve ser depois do início
ProblemInThePast = esse horário já passou
ProblemTooSoon = sua instituição exige pelo menos { $n ->
        [one] { $n } minuto
       *[other] { $n } minutos
    } de antecedência
ProblemTooFarAhead = sua instituição permite reservar no máximo { $n ->
        [one] { $n } dia
       *[other] { $n } dias
    } antes
ProblemOverWeeklyHours = ultrapassa em { $ms ->
        [one] { $ms } minuto
       *[other] { $ms } minutos
    } { $n ->
        [one] sua { $n } hora semanal
       *[other] suas { $n } horas semanais
    }; encurte-a ou libere outra reserva
ProblemTooMany = no máximo { $n ->
        [one] { $n } item
       *[other] { $n } itens
    }
ProblemNotMember = nenhum membro da instituição da sala tem este endereço; adicione-o primeiro à instituição
ProblemSeriesDate = várias ocorrências mantêm suas datas; para mover uma série para outros dias, altere só esta ou cancele e reserve novamente
EditBooking = Editar
FieldScope = Aplicar a
ScopeThis = somente esta reserva
ScopeFollowing = esta e as seguintes
ScopeAll = todas as próximas da série
EditSaved = Salvo: { $n ->
        [one] { $n } reserva alterada
       *[other] { $n } reservas alteradas
    }.
EditCollisions = Nada foi alterado: estas ocorrências se sobreporiam a outras reservas:
ProblemMailOff = este servidor não envia e-mails; compartilhe um link de convidado
ProblemNotAnImage = Este arquivo não é uma imagem PNG, JPEG, GIF ou WebP (SVG não é aceito): escolha outro ou salve-o como PNG.
ProblemImageTooLarge = A imagem tem mais de 64 KiB: salve-a menor (cerca de 200 × 200 pixels bastam) e tente de novo.
LogoTitle = Logotipo
LogoLead = Mostrado ao lado do nome da sua instituição nas páginas das salas dela e nas páginas que os convidados abrem.
LogoOf = Logotipo de { $name }
LogoFile = Arquivo da imagem
LogoHint = PNG, JPEG, GIF ou WebP, no máximo 64 KiB; imagens quadradas ficam melhores.
LogoUpload = Enviar o logotipo
LogoRemove = Remover o logotipo
InviteesHint = Recebem o arquivo de calendário e um link de convidado; separe os endereços com vírgulas ou linhas (no máximo 50).
InvitationsQueued = { $n ->
        [one] O convite está a caminho de { $n } pessoa.
       *[other] Os convites estão a caminho de { $n } pessoas.
    }
FieldInvitees = Convidar por e-mail
ProblemNonexistentTime = esse horário não existe nesse dia (mudança de horário); escolha outro
ErrBusy = Outra pessoa alterou as mesmas reservas no mesmo momento; nada foi alterado. Tente de novo.
ErrBookingChanged = Enquanto isso esta reserva foi cancelada, aprovada ou rejeitada; nada foi alterado. Recarregue a página e tente de novo.
ErrBookingOverlap = Esse horário se sobrepõe a outra reserva desta sala. Escolha um horário livre.
ErrOverCapacity = O pool não comporta os lugares reservados nesse horário: { $n ->
        [one] falta { $n } lugar
       *[other] faltam { $n } lugares
    }. Reduza os participantes esperados ou escolha outro horário.
NavRooms = Salas
RoomsTitle = Salas
RoomsLead = As salas virtuais das suas instituições. Abra uma para ver a agenda e reservá-la.
RoomsEmpty = Nenhuma sala ainda. Crie a primeira abaixo.
RoomsCreate = Nova sala
RoomsCreateButton = Criar sala
RoomCreated = Sala criada.
FieldDescription = Descrição
FieldSeats = Lugares
FieldVisibility = Visibilidade
VisibilityInstitution = Minha instituição
VisibilityPublic = Lista pública
RoomsOfNetwork = Abertas a toda a rede
RoomsOfNetworkLead = Salas que outras instituições listam para todos: participe das reuniões enquanto estiverem em andamento.
FieldGuestPolicy = Convidados
GuestOpen = Convidados entram diretamente
GuestAsk = Um moderador admite os convidados
GuestNone = Sem convidados
FieldRecordAllowed = Gravação permitida
FieldMuteOnStart = Microfones mudos ao entrar
FieldAccessCode = Código de acesso (opcional, 4–32 letras ou dígitos)
FieldWelcome = Mensagem de boas-vindas
CalDay = Dia
CalWeek = Semana
CalMonth = Mês
CalAgenda = Lista
CalPrev = Anterior
CalNext = Próximo
CalTimes = Horários em { $name }.
CalNothing = Nada reservado.
CalWeekdayShort = { $day ->
    [1] seg
    [2] ter
    [3] qua
    [4] qui
    [5] sex
    [6] sáb
   *[7] dom
}
CalWeekdayLong = { $weekday ->
    [1] segunda-feira
    [2] terça-feira
    [3] quarta-feira
    [4] quinta-feira
    [5] sexta-feira
    [6] sábado
   *[7] domingo
}
CalMonthName = { $month ->
    [1] Janeiro
    [2] Fevereiro
    [3] Março
    [4] Abril
    [5] Maio
    [6] Junho
    [7] Julho
    [8] Agosto
    [9] Setembro
    [10] Outubro
    [11] Novembro
   *[12] Dezembro
}
CalDateLong = { CalWeekdayLong }, { $day } de { $month ->
    [1] janeiro
    [2] fevereiro
    [3] março
    [4] abril
    [5] maio
    [6] junho
    [7] julho
    [8] agosto
    [9] setembro
    [10] outubro
    [11] novembro
   *[12] dezembro
} de { $year }
CalJump = Ir para uma data
CalPrevMonth = Mês anterior
CalNextMonth = Próximo mês
CalToday = Hoje
CalKeysHint = Teclas: ← → passam de um dia a outro, Page Up / Page Down vão para a página anterior ou seguinte, T vai para hoje.
BookTitle = Reservar esta sala
FieldTitle = Título
FieldDate = Data
FieldStart = Início
FieldEnd = Fim
FieldDuration = Duração
DurationLabel = { $h ->
    [0] { $m } min
   *[other] { $m ->
        [0] { $h } h
       *[other] { $h } h { $m } min
    }
}
OtherEnd = Termina em outro horário ou em outro dia
OtherEndHint = Um término informado aqui é usado no lugar da duração.
SkipDateN = Data a pular { $n }
SkipDateAdd = Adicionar uma data
FieldExpected = Participantes esperados
ExpectedCount = { $n ->
        [one] { $n } participante esperado
       *[other] { $n } participantes esperados
    }
FieldRepeat = Repetir
RepeatNone = Não se repete
RepeatDaily = Todo dia
RepeatWeekly = Toda semana
RepeatMonthlyDate = Todo mês, mesma data
RepeatMonthlyWeekday = Todo mês, mesmo dia da semana
RepeatYearly = Todo ano
FieldInterval = A cada quantos (1 = cada)
FieldWeekdays = Nestes dias
WeekdaysHint = Só para a repetição semanal. Nenhum marcado: o dia da primeira reserva.
FieldUntil = Até (data)
FieldCount = Ou número de vezes
FieldExcept = Pular estas datas
OnConflictSkip = Reservar as datas livres e pular as ocupadas
BookButton = Reservar
Booked = Reservado: { $n }.
BookedPending = Aguardando aprovação de um administrador da instituição.
CollisionsFound = Estas datas já estão ocupadas; nada foi reservado. Marque a opção para reservar as outras datas, ou mude o horário.
CollisionsSkipped = Puladas por já estarem ocupadas:
CapacityWarning = Atenção: no momento mais cheio { $n ->
        [one] falta { $n } lugar
       *[other] faltam { $n } lugares
    } no pool.
StatusPending = aguardando aprovação
InSeries = repete
CancelBooking = Cancelar reserva
ConfirmCancel = Cancelar “{ $name }”? O horário fica livre.
ConfirmCancelButton = Sim, cancelar
BookingCancelled = Reserva cancelada.
DoneBooked = Reservado: “{ $title }”, { $day }, { $from }–{ $to }, em { $room }.
DoneSaved = Salvo: “{ $title }”, { $day }, { $from }–{ $to }, em { $room }.
DoneCancelled = Cancelado: “{ $title }”, { $day }, { $from }–{ $to }, em { $room }.
DoneCollided = Nada foi alterado: { $n ->
        [one] { $n } dos horários pedidos está ocupado
       *[other] { $n } dos horários pedidos estão ocupados
    }. Escolha outros horários ou reserve de novo pulando-os.
JoinNeedsGuestLink = Esta sala pede um código de acesso: entre com um link de convidado dos organizadores.
MeetingsHeld = Reuniões realizadas
MeetingHeld = Reunião realizada em { $day }, { $from }–{ $to } ({ $n } min)
RoomPersonal = pessoal
OpenCalendar = Agenda
ErrNotStartable = Não há reserva desta sala agora. A reunião pode ser iniciada a partir de { $n ->
        [one] { $n } minuto
       *[other] { $n } minutos
    } antes de uma reserva; reserve a sala primeiro.
ErrMeetingRunning = A reunião da sala está em andamento. Encerre-a primeiro e depois exclua a sala.
DialIn = Por telefone:
DialInPin = número da conferência
MyBookingsTitle = Minhas reservas
NavMyBookings = Reservas
MyBookingsEmpty = Você não tem reservas nestes dias. Reserve uma sala pelo calendário em Salas.
BookingDetails = Detalhes
BackToCalendar = Voltar ao calendário
RoomSettings = Configurações da sala
CoOwners = Coproprietários
CoOwnersLead = Coproprietários gerenciam a sala como o dono: configurações, reservas, links de convidado; entram como moderadores.
CoOwnersEmpty = Ainda não há coproprietários.
CoOwnerAdd = Adicionar coproprietário
CoOwnerRemove = Remover
AccessCodeKeep = Deixe vazio para manter o código atual.
AccessCodeClear = Remover o código de acesso
RoomDelete = Excluir esta sala
RoomDeleteConfirm = Excluir “{ $name }” definitivamente? { $n ->
        [one] Sua { $n } reserva futura é cancelada
       *[other] Suas { $n } reservas futuras são canceladas
    } e os convidados avisados.
RoomDeleteButton = Sim, excluir a sala
ErrNotStarted = A reunião ainda não começou. Aguarde o organizador iniciá-la e tente de novo.
ErrNoServer = Nenhum servidor de conferência pode receber a reunião agora. Tente de novo em um minuto; os operadores foram avisados.
MeetingRunning = A reunião está em andamento.
MeetingStart = Iniciar a reunião
MeetingJoin = Entrar na reunião
MeetingEnd = Encerrar a reunião
MeetingEndConfirm = Encerrá-la agora para todos?
MeetingEnded = Reunião encerrada.
MeetingRejoin = Se a reunião parar para você, volte aqui e entre de novo com o mesmo botão: o Convene a retoma em outro servidor.
GuestLinksTitle = Links de convidados
GuestLinksLead = Quem não tem conta entra por um link de convidado. Os links expiram ou podem ser revogados.
GuestLinksEmpty = Nenhum link de convidado ainda.
FieldLabel = Rótulo (para você)
FieldDays = Válido por (dias)
GuestLinkCreate = Criar link de convidado
GuestLinkCreated = Copie este link agora; ele é mostrado uma única vez:
GuestLinkUntil = até { $name }
GuestLinkRevoked = revogado
GuestLinkExpired = expirado
GuestLinkRevoke = Revogar
GuestLinkRevokeConfirm = Revogar este link? Ninguém mais poderá entrar com ele.
GuestTitle = Entrar como convidado
GuestYourName = Seu nome (visível aos outros)
GuestCode = Código de acesso
GuestJoin = Entrar
GuestWaiting = Um moderador vai admiti-lo depois que você entrar.
GuestNotRunning = A reunião ainda não começou.
GuestExpected = Previsto para { $date } às { $time } ({ $zone }).
GuestNoExpected = Nenhum horário de início é conhecido: quem convidou você pode dizer quando.
GuestChecksAgain = Esta página verifica a cada meio minuto e deixa você entrar assim que a reunião começar; enquanto isso, você pode mudar seu nome.
GuestLinkGone = Este link de convidado não existe ou expirou. Peça um novo a quem o convidou.
FeedTitle = Feed da agenda
FeedLeadRoom = Acompanhe as reservas desta sala no seu aplicativo de agenda com um endereço privado. Criar um novo desativa o anterior.
FeedLeadMine = Suas reservas no seu aplicativo de agenda, por um endereço privado.
FeedMake = Criar um endereço privado
FeedStop = Desativar o feed
FeedStopped = Feed desativado.
FeedUrl = Assine com este endereço (mantenha-o privado):
DownloadIcs = Adicionar à agenda (.ics)
DragHint = Arraste sobre um horário livre para preencher o formulário de reserva; arraste uma reserva para movê-la, ou sua borda inferior para mudar o fim. Ou use “Mudar horário”.
PendingTitle = Aguardando aprovação
PendingEmpty = Nada aguardando aprovação.
Approve = Aprovar
Reject = Recusar
FieldReason = Motivo (enviado a quem reservou)
Decided = Feito.
FieldEndDate = Data de término
PolicyTitle = Regras de reserva de { $name }
PolicyLead = Quem pode criar salas, reservar e gravar, os limites de reserva e o que acontece quando o pool ficaria cheio.
PolicyLink = Regras de reserva
FieldCreateRoomsRole = Quem pode criar salas
FieldBookRole = Quem pode reservar
FieldRecordRole = Quem pode gravar
FieldPersonalRoomRole = Quem pode ter uma sala pessoal
RoleAdmins = Somente administradores
RoleMembers = Membros e administradores
RoleEveryone = Todos, incluindo convidados
RoleNobody = Ninguém
FieldMaxHours = Horas por semana por pessoa (vazio: sem limite)
FieldMaxDays = Reservar no máximo com estes dias de antecedência (vazio: sem limite)
FieldMinNotice = Antecedência mínima (minutos)
FieldApproval = Reservas precisam de aprovação de um administrador
FieldCapacityPolicy = Quando faltariam lugares no pool
CapacityWarn = Avisar e reservar mesmo assim
CapacityRefuse = Recusar a reserva
FieldStartEarly = As reuniões podem começar com estes minutos de antecedência
FieldGrace = E até estes minutos após o fim
FieldPersonal = Minha sala pessoal (sem reserva; uma por pessoa)
MeetingExtend = +{ $n } min
PoolLastPoll = Última consulta
PoolNever = nunca
PoolSecondsAgo = há { $n } s ({ $ms } ms)
PoolHistory = Participantes, últimas consultas
PoolHistoryLabel = Participantes { $n ->
        [one] na última { $n } consulta
       *[other] nas últimas { $n } consultas
    }: agora { $now }, máximo { $max }
PoolWhy = Escolhido pela última vez há { $n } s: pontuação { $score }, a menor de { $eligible } elegíveis; { $seats } lugares em uso; { $km } km da instituição; { $excluded } excluídos.
PoolNeverChosen = Ainda não escolhido para uma reunião.
PoolEmpty = Nenhum servidor ainda. Adicione o primeiro abaixo: o Convene verifica se ele responde antes de aceitá-lo.
PoolAdd = Adicionar um servidor
PoolAddHint = O segredo é o que `bbb-conf --secret` mostra no servidor. O Convene chama o servidor com ele antes de salvar.
PoolAddButton = Verificar e adicionar
PoolChecking = Verificando o servidor…
PoolAdded = Servidor adicionado ao pool.
FieldServerUrl = Endereço do servidor
FieldServerSecret = Segredo compartilhado
FieldTags = Etiquetas
StateEnabled = Ativo
StateCordoned = Isolado
StateDisabled = Desativado
HealthOnline = online
HealthUnstable = instável
HealthOffline = offline
ErrServerUnreachable = Não foi possível alcançar o servidor nesse endereço. Verifique o endereço e se o servidor está ativo.
ErrServerSecret = O servidor recusou o segredo. Copie-o novamente de `bbb-conf --secret` no servidor.
ErrNotBbb = Esse endereço não responde como um servidor BigBlueButton.
ErrServerCertificate = O certificado TLS do servidor não é confiável. Se vier de uma autoridade certificadora privada, peça a um operador que adicione o servidor com a sua CA.
ErrServerNotPublic = Esse endereço é de loopback, privado ou interno. Apenas os operadores da rede podem adicionar esses servidores.
PoolShared = pool compartilhado
PoolOwnOnly = apenas reuniões próprias
PoolShare = Admitir no pool compartilhado
PoolUnshare = Retirar do pool compartilhado
ProblemRequired = obrigatório
ProblemTooShort = pelo menos { $n ->
        [one] { $n } caractere
       *[other] { $n } caracteres
    }
ProblemTooLong = no máximo { $n ->
        [one] { $n } caractere
       *[other] { $n } caracteres
    }
ProblemFormat = formato inválido
ProblemOutOfRange = fora do intervalo permitido
ProblemTaken = já está em uso

## E-mails

MailWhen = Quando
MailResetSubject = Escolha uma nova senha do Convene
MailResetHello = Olá { $name },
MailResetIntro = alguém — esperamos que você — pediu para escolher uma nova senha para a sua conta do Convene. Abra este link em até { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
} para escolhê-la (funciona uma única vez):
MailResetIgnore = Se você não pediu, ignore esta mensagem: a sua senha continua a mesma.
MailRepeats = Repete: { $n ->
        [one] { $n } reunião ao todo (o arquivo de calendário a traz).
       *[other] { $n } reuniões ao todo (o arquivo de calendário lista todas).
    }
MailRoom = Sala
MailOrganizer = Organizador
MailJoinMembers = Com uma conta da instituição: entre e participe pela página da sala
MailJoinGuests = Sem conta: abra este link de convidado e informe seu nome
MailSignature = — Convene, webconferência da rede
MailSignatureOf = — { $institution }, com o Convene, webconferência da rede
MailInvitation = Convite
MailInvites = { $who } convida você para uma reunião on-line.
MailBooked = Reservado
MailBookedIntro = Sua reserva está confirmada. O convite foi enviado para:
MailReminder = Lembrete
MailReminderIntro = Sua reunião começa em { $n ->
        [one] { $n } minuto
       *[other] { $n } minutos
    }.
MailGuestHint = Sem conta: use o link de convidado do convite.
MailApproved = Aprovada
MailApprovedIntro = Sua reserva foi aprovada e está confirmada.
MailNotApproved = Não aprovada
MailNotApprovedIntro = Sua reserva não foi aprovada; o horário está livre novamente.
MailReason = Motivo
MailUpdated = Atualizada
MailUpdatedIntro = Esta reunião mudou. Como está agora:
MailCancelled = Cancelada
MailCancelledIntro = Esta reunião foi cancelada.
RoleNotAdmitted = sem acesso
RuleLine = { $claim } = { $pattern } → { $role }
SignInRules = Regras de acesso
SignInTitle = Acesso em { $name }
SignInLead = As pessoas desta instituição entram pelo provedor de identidade dela. A cada entrada, as regras abaixo são testadas em ordem: a primeira cujo atributo tem um valor correspondente define o papel; quem não corresponde a nenhuma regra recebe o papel padrão do provedor. Um papel alterado à mão na página de membros é redefinido pelas regras na próxima entrada.
SignInProviders = Provedores de identidade
SignInNoProvider = Ainda não há provedor de identidade. Um operador da rede adiciona o da sua instituição.
SignInDefault = padrão: { $role }
SignInLinkLead = O endereço de acesso próprio da sua instituição, para um botão no site dela:
SignInNoRules = Nenhuma regra: quem entra recebe o papel padrão do provedor.
RuleAdd = Adicionar uma regra
RuleRemoveConfirm = Remover esta regra? Ela deixa de valer a partir da próxima entrada.
FieldClaim = Atributo
FieldPattern = Valor (* corresponde a qualquer início ou fim)
NavSignInRules = Regras de acesso
RoleByHand = Definido por um administrador.
RoleFrom = Seu papel vem das regras de acesso da sua instituição: { $why }.
RoleFromDefault = Seu papel é o padrão de { $name }: nenhuma regra de acesso da sua instituição correspondeu.
IdpTitle = Acesso pelas instituições
IdpLead = Os provedores de identidade com que as pessoas das instituições entram (OpenID Connect e SAML 2.0). Cada um é verificado antes de ser adicionado — o documento de descoberta de um provedor OpenID, os metadados de um IdP SAML, o agregado assinado de uma federação —; os administradores da instituição definem as regras que dão os papéis.
IdpEmpty = Ainda não há provedor de identidade: só se entra com senhas do Convene.
IdpOff = desativado
IdpSignInAt = A entrada começa em
IdpSwitchOff = Desativar
IdpSwitchOn = Ativar
IdpAdd = Adicionar um provedor OpenID Connect
IdpAddLead = Registre o Convene no provedor como cliente confidencial com este endereço de retorno:
IdpInstitution = Instituição
IdpName = Nome na página de acesso
IdpIssuer = Emissor (endereço https)
IdpClientId = Client id
IdpClientSecret = Client secret
IdpScopes = Escopos
IdpDefaultRole = Papel de quem não corresponde a nenhuma regra
IdpCa = Certificado da AC (PEM), só se uma AC privada assinou o certificado do provedor
IdpAdded = O provedor respondeu e foi adicionado.
IdpAddButton = Verificar e adicionar
IdpChecking = Consultando o provedor…
NavIdentity = Acesso
ErrProviderUnreachable = O provedor não respondeu como emissor OpenID Connect nesse endereço. Confira o emissor (o /.well-known/openid-configuration dele deve responder por https) e se o Convene consegue alcançá-lo.
ErrProviderCertificate = O certificado do provedor não é confiável. Se uma AC privada o assinou, cole o certificado dessa AC.

# SAML identity providers
ProblemMetadataNoKey = não tem certificado de assinatura, então nada do que o IdP envia poderia ser verificado. Peça aos responsáveis pelo IdP metadados com a chave de assinatura dele.
ProblemMetadataNoSso = não oferece endereço https de single sign-on para o binding HTTP-Redirect.
ProblemMetadataExpired = expiraram (o validUntil já passou). Obtenha uma cópia atual com o IdP ou a federação dele.
ProblemMetadataDoctype = contêm um DOCTYPE, que o Convene recusa.
ProblemMetadataNotIdp = não descrevem um provedor de identidade SAML 2.0 (nenhum IDPSSODescriptor).
ProblemMetadataUnreadable = não podem ser lidos como os metadados de uma entidade (um único md:EntityDescriptor com certificados legíveis).
ProblemMetadataTooLarge = passam de 512 KiB, mais do que um IdP precisa.
FieldCaPem = Certificado da CA
IdpMetadataUrl = Endereço dos metadados (https)
IdpMetadataXml = Ou os próprios metadados (XML)
IdpAddSaml = Adicionar um provedor de identidade SAML 2.0
IdpAddSamlLead = Entregue ao IdP os metadados do Convene, que têm tudo de que ele precisa:
IdpSamlAdded = Os metadados do IdP foram lidos e verificados, e o IdP foi adicionado.
IdpSamlNameHint = Deixe vazio para usar o nome que o IdP dá a si mesmo.
IdpValidUntil = metadados válidos até { $date }
IdpKindOidc = OpenID Connect
IdpKindSaml = SAML 2.0
IdpAddSamlButton = Ler e adicionar
IdpReading = Lendo os metadados…
IdpRefreshedAt = metadados lidos pela última vez em { $date }
IdpRefreshFailed = A última leitura dos metadados falhou; a cópia anterior continua em uso até expirar:
IdpLogoFailed = A última leitura do logotipo falhou:

# SAML federations
ProblemMetadataUnsigned = o agregado não está assinado por inteiro, então não é confiável.
ProblemMetadataBadSignature = a assinatura do agregado não confere com o certificado da federação (ou usa um algoritmo fraco como SHA-1). Verifique se o certificado é o de assinatura atual da federação.
ProblemMetadataBadCert = isto não é um certificado em formato PEM (-----BEGIN CERTIFICATE-----).
ProblemMetadataNotAggregate = isto não é um agregado de metadados (um único md:EntitiesDescriptor). Para um IdP isolado, adicione-o acima como IdP SAML.
FedTitle = Federações
FedLead = Agregados assinados de metadados de muitos IdPs, como uma federação nacional de pesquisa. Um agregado só é usado se a assinatura conferir com o certificado da federação e ele não tiver expirado; é lido de novo com a frequência que indica.
FedEmpty = Nenhuma federação ainda.
FedIdps = { $n ->
        [one] { $n } IdP
       *[other] { $n } IdPs
    }
FedSkipped = { $n ->
        [one] { $n } entidade deixada de fora (não utilizável)
       *[other] { $n } entidades deixadas de fora (não utilizáveis)
    }
FedAdd = Adicionar uma federação
FedUrl = Endereço do agregado (https)
FedSigningCert = O certificado de assinatura da federação (PEM)
FedAdded = A assinatura do agregado foi verificada e seus IdPs foram lidos.
FedAddButton = Verificar e adicionar
FedUpload = Adicionar ou atualizar uma federação a partir de um arquivo
FedUploadLead = Para uma federação que entrega o seu agregado em vez de publicá-lo, ou para uma cópia offline. É verificado como um baixado e nunca é lido de novo sozinho: envie um arquivo mais novo com o mesmo nome para substituí-lo.
FedUploadFile = O agregado assinado (arquivo XML)
FedUploadButton = Verificar e carregar
FedUploaded = { $n ->
    [one] A assinatura do agregado foi verificada e o seu único IdP foi lido.
   *[other] A assinatura do agregado foi verificada e os seus { $n } IdPs foram lidos.
}
FedReading = Lendo e verificando o agregado…
FedFind = Dar a uma instituição um IdP de uma federação
FedFindLabel = Nome, entity id ou domínio
FedNoMatch = Nenhum IdP das federações corresponde.
FedGive = Acesso para
FedGiveButton = Usar este IdP
FedGiven = As pessoas da instituição já podem entrar com este IdP.

# Sign-ins waiting to be linked
LinkTitle = Acessos aguardando vínculo
LinkLead = Estas pessoas entraram pela instituição com um endereço de e-mail que já pertence a uma conta do Convene. Elas não foram colocadas nessa conta. Vincule o acesso à conta se for a mesma pessoa; a partir daí ela entra nessa conta pela instituição.
LinkVia = por { $provider } ({ $institution }), { $date }
LinkButton = Vincular à conta
LinkDismiss = Descartar
FedName = Nome da federação

# Sign-in methods per institution
LoginUseInstitution = Sua instituição faz o acesso das pessoas pelo próprio login, não com uma senha aqui: escolha-a em “Entrar com a sua instituição”.
SignInMethods = Formas de acesso
SignInMethodsLead = Como os membros da instituição entram
SignInMethodsBoth = Pelos provedores de identidade da instituição, ou com uma senha
SignInMethodsProviders = Somente pelos provedores de identidade da instituição
SignInMethodsHint = Só com provedores, a senha de um membro não dá mais acesso (os operadores da rede mantêm as suas). Quem também pertence a uma instituição que permite senhas ainda pode usar a sua.
ProblemNoSignInProvider = a instituição não tem nenhum provedor de identidade ativo, então ninguém conseguiria entrar; peça antes a um operador para adicionar um

# Test sign-in
SignInTest = Testar o acesso
SignInTestLead = “Testar o acesso” passa pelo provedor com uma conta de teste e mostra aqui o que ele enviou e o papel que as regras dão, sem desconectar você, sem conectar essa pessoa nem criar uma conta. Só você vê, por um dia; não vai para nenhum log.
SignInTestTitle = Último teste de acesso por { $provider }
SignInTestByRule = Papel: { $role }, pela regra { $claim } = { $value }
SignInTestByDefault = Papel: { $role }, o padrão do provedor (nenhuma regra correspondeu)
SignInTestKnown = Esta identidade já tem uma conta no Convene.
SignInTestNew = Esta identidade ainda não tem conta no Convene: uma seria criada no primeiro acesso.
SignInTestIdentifier = Identificador
SignInTestClaims = O que o provedor enviou
SignInTestValues = Valores
NavMail = E-mail
MailTitle = E-mail
MailLeadRelay = O e-mail sai por { $relay }. As mensagens mais recentes e a situação de cada uma; o texto de uma mensagem enviada não é guardado.
MailLeadKept = Esta é uma demonstração sem servidor de e-mail: as mensagens ficam guardadas aqui, nunca são enviadas. Abra uma para ler o que o destinatário receberia.
MailLeadOff = O e-mail está desligado (nenhum servidor em mail.smtp_url): nada é enfileirado, convites e lembretes não são enviados.
MailEmpty = Nenhuma mensagem ainda.
MailSent = Enviada
MailKept = Guardada (não enviada)
MailFailed = Desistida
MailWaiting = Aguardando
MailTo = Para { $to }
MailAttempts = { $n } tentativas
MailRead = Ler a mensagem
InviteesMailOff = O e-mail não está configurado neste servidor: os convites não serão enviados. Compartilhe você mesmo o link de convidado.
InstitutionOperatorsChange = Só os operadores da rede alteram os dados de uma instituição.
InvitedTitle = Convidados
InviteesNone = Ninguém foi convidado ainda.
InviteeRemove = Tirar { $email } do convite
TakeOff = Tirar
InviteesRemoveHint = Marque quem tirar e salve: a pessoa recebe um cancelamento para a agenda dela.
InviteMore = Convidar mais pessoas (endereços de e-mail)
InviteesSaved = { $added ->
    [0] Nenhum novo convidado
    [one] Uma pessoa convidada
   *[other] { $added } pessoas convidadas
}, { $removed ->
    [0] ninguém retirado.
    [one] uma retirada.
   *[other] { $removed } retiradas.
}
UseDeviceZone = Usar o fuso horário deste dispositivo: { $zone }
