//! `convene`: the command line. Parses arguments, loads the configuration, and hands over to the library.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;

use convene::clock::{Clock, SystemClock};

/// Rendering a page allocates many small strings; mimalloc serves them faster than the system allocator
/// (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use convene::config::Config;
use convene::db::Db;

#[derive(Parser)]
#[command(name = "convene", version, about = "Federated web conferencing portal and balancer")]
struct Cli {
    /// Configuration file (missing is fine: defaults and CONVENE_* variables apply).
    #[arg(long, global = true, env = "CONVENE_CONFIG", default_value = "convene.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve.
    Serve {
        /// Seed demo data into an empty database and print how to sign in.
        #[arg(long)]
        demo: bool,
        /// The demo accounts' password (random if not given).
        #[arg(long, requires = "demo")]
        demo_password: Option<String>,
    },
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Print the effective configuration, secrets masked.
    Config,
    /// Manage local accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage institutions' identity providers (sign-in through the institution) and their role rules.
    Idp {
        #[command(subcommand)]
        command: IdpCommand,
    },
    /// Manage the pool of conference servers.
    Server {
        #[command(subcommand)]
        command: ServerCommand,
    },
    /// Create a secret for other front ends (Moodle, Greenlight, ...) to call Convene's BigBlueButton API.
    ApiSecret {
        /// The institution (slug) the secret acts for.
        #[arg(long)]
        institution: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Limits and parameter policies of an institution's use of the BigBlueButton API.
    ApiPolicy {
        /// The institution (slug).
        #[arg(long)]
        institution: String,
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Send a test message through the configured SMTP relay (mail.smtp_url), then exit; also shows what waits in
    /// the outbox.
    MailTest {
        /// Where the test message goes.
        #[arg(long)]
        to: String,
    },
    /// Run simulated BigBlueButton servers on consecutive ports (for trying Convene without real ones).
    Simulate {
        #[arg(long, default_value_t = 3)]
        servers: u16,
        #[arg(long, default_value_t = 4101)]
        first_port: u16,
        /// Their shared secret (random if not given; printed).
        #[arg(long)]
        secret: Option<String>,
        /// Seats each one reports.
        #[arg(long, default_value_t = 200)]
        capacity: u32,
        /// Serve https with this PEM certificate chain (with --tls-key).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The PEM private key of --tls-cert.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Show the limits and the parameter policies.
    List,
    /// Set the limits ("none" removes one).
    Limits {
        /// Meetings running at once.
        #[arg(long)]
        max_meetings: Option<String>,
        /// Seats of any one meeting (maxParticipants is capped at it).
        #[arg(long)]
        max_participants: Option<String>,
    },
    /// Set what happens to one parameter of create or join: default (set when missing), override (always this
    /// value) or block (removed).
    Set { call: String, name: String, mode: String, value: Option<String> },
    /// Remove the policy of one parameter.
    Remove { call: String, name: String },
}

#[derive(Subcommand)]
enum IdpCommand {
    /// Add an OpenID Connect provider for an institution (its discovery document is read first). Prints its id;
    /// people sign in at /login/oidc/<id>, and the provider must allow <public_url>/auth/oidc/callback.
    AddOidc {
        /// The institution (slug) whose people sign in there.
        #[arg(long)]
        institution: String,
        /// The issuer (https://…), whose /.well-known/openid-configuration is read.
        #[arg(long)]
        issuer: String,
        /// The name on the sign-in page.
        #[arg(long)]
        name: String,
        #[arg(long)]
        client_id: String,
        /// Read the client secret from the first line of standard input.
        #[arg(long)]
        client_secret_stdin: bool,
        /// PEM certificates of a private CA that signed the provider's https certificate.
        #[arg(long)]
        ca_file: Option<PathBuf>,
        #[arg(long, default_value = "openid email profile")]
        scopes: String,
        /// What people matching no rule become: admin, member, guest or none (not admitted).
        #[arg(long, default_value = "member")]
        default_role: String,
        /// For one federation-wide proxy issuer: the claim naming each person's home organization (e.g.
        /// schac_home_organization); people go to the institution with that domain, others are guests of
        /// --institution at most.
        #[arg(long)]
        home_claim: Option<String>,
    },
    /// Add a SAML 2.0 IdP for an institution from its metadata (a file or an https address). Refused without a
    /// signing certificate. Prints its id; people sign in at /login/saml/<id>, and the IdP needs Convene's
    /// metadata from <public_url>/saml/metadata.
    AddSaml {
        /// The institution (slug) whose people sign in there.
        #[arg(long)]
        institution: String,
        /// The IdP's metadata: a file, or an https:// address.
        #[arg(long)]
        metadata: String,
        /// PEM certificates of a private CA that signed the metadata address's https certificate.
        #[arg(long)]
        ca_file: Option<PathBuf>,
        /// The name on the sign-in page (default: the IdP's own display name).
        #[arg(long, default_value = "")]
        name: String,
        /// What people matching no rule become: admin, member, guest or none (not admitted).
        #[arg(long, default_value = "member")]
        default_role: String,
    },
    /// Add a SAML federation by its signed metadata aggregate (read and verified with the federation's signing
    /// certificate first). Prints its id and how many IdPs it holds.
    AddFederation {
        #[arg(long)]
        name: String,
        /// The aggregate's https:// address.
        #[arg(long)]
        url: String,
        /// The certificate (PEM file) the federation signs its aggregate with.
        #[arg(long)]
        signing_cert: PathBuf,
        /// PEM certificates of a private CA that signed the address's https certificate.
        #[arg(long)]
        ca_file: Option<PathBuf>,
        /// The address is a Metadata Query (MDQ) service's base: IdPs are looked up one by one (mdq-lookup).
        #[arg(long)]
        mdq: bool,
    },
    /// Add a federation from its signed aggregate as a file, or load a newer file into the one of that name (a file
    /// is never read again by itself).
    LoadFederationFile {
        #[arg(long)]
        name: String,
        /// The aggregate (md:EntitiesDescriptor, signed as a whole).
        #[arg(long)]
        file: PathBuf,
        /// The certificate (PEM file) the federation signs its aggregate with.
        #[arg(long)]
        signing_cert: PathBuf,
    },
    /// Look up one IdP at an MDQ federation by its entity id (then give it with use-federation-idp).
    MdqLookup {
        /// The federation's id (printed when it was added).
        #[arg(long)]
        federation: i64,
        #[arg(long)]
        entity_id: String,
    },
    /// Give an IdP of a federation (by its entity id) to an institution: its people sign in there.
    UseFederationIdp {
        #[arg(long)]
        entity_id: String,
        #[arg(long)]
        institution: String,
        /// What people matching no rule become: admin, member, guest or none (not admitted).
        #[arg(long, default_value = "member")]
        default_role: String,
    },
    /// Add a rule after the institution's others: people with a claim value matching the pattern get the role
    /// (the first matching rule decides; `*` before or after the pattern matches any prefix or suffix).
    Rule {
        #[arg(long)]
        institution: String,
        #[arg(long)]
        claim: String,
        #[arg(long)]
        pattern: String,
        /// admin, member, guest or none.
        #[arg(long)]
        role: String,
        /// Whether people this rule admits may book rooms: yes or no (left out: as the booking policy lets the role).
        #[arg(long)]
        may_book: Option<String>,
        /// Whether they may record meetings: yes or no.
        #[arg(long)]
        may_record: Option<String>,
        /// Whether they may have a personal room: yes or no.
        #[arg(long)]
        may_personal_room: Option<String>,
    },
}

#[derive(Subcommand)]
enum ServerCommand {
    /// Register a server: it is called with the secret first, and refused if it does not answer correctly.
    Add {
        #[arg(long)]
        name: String,
        /// Its address, e.g. https://bbb1.example.org (the API path is added).
        #[arg(long)]
        url: String,
        /// Read the shared secret (`bbb-conf --secret`) from standard input.
        #[arg(long)]
        secret_stdin: bool,
        /// Or give it here (visible to other users of this machine).
        #[arg(long, conflicts_with = "secret_stdin")]
        secret: Option<String>,
        #[arg(long, default_value = "sha256")]
        algorithm: String,
        #[arg(long, default_value = "")]
        region: String,
        #[arg(long, allow_hyphen_values = true)]
        latitude: f64,
        #[arg(long, allow_hyphen_values = true)]
        longitude: f64,
        /// Seats it is rated for.
        #[arg(long)]
        capacity: u32,
        /// Comma-separated tags.
        #[arg(long, default_value = "")]
        tags: String,
        /// The contributing institution (slug). Its server serves only that institution until shared.
        #[arg(long)]
        institution: Option<String>,
        /// PEM certificate(s) of a private CA to trust for this server's https, besides the public ones.
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// List the pool with health and load.
    List,
    /// Set the admin state: enabled, cordoned (keeps its meetings, gets no new ones) or disabled.
    State { name: String, state: String },
    /// Admit an institution's server to the shared pool (on: it takes every institution's meetings) or take it
    /// back (off: only its institution's new meetings).
    Share {
        name: String,
        #[arg(value_parser = ["on", "off"])]
        shared: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a local account. The password is read from standard input with --password-stdin, otherwise a random
    /// one is generated and printed.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        password_stdin: bool,
        /// Make the account a network operator.
        #[arg(long)]
        operator: bool,
        /// Add the account to this institution (slug)...
        #[arg(long)]
        institution: Option<String>,
        /// ...with this role: admin, member or guest.
        #[arg(long, default_value = "member", requires = "institution")]
        role: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(&cli.config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("convene: {e}");
            eprintln!(
                "convene: start refused; fix the setting above (file {}, or CONVENE_* variables)",
                cli.config.display()
            );
            return ExitCode::from(2);
        }
    };
    if let Command::Config = cli.command {
        print!("{}", config.to_masked_toml());
        return ExitCode::SUCCESS;
    }
    convene::telemetry::init(&config.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("convene: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("convene: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    use anyhow::Context;
    let clock = Arc::new(SystemClock);
    match command {
        Command::Config => Ok(()),
        Command::Migrate => {
            let db = Db::connect(config.database_url.expose_secret()).await?;
            db.migrate().await?;
            println!("database is up to date");
            Ok(())
        }
        Command::User { command: UserCommand::Add { email, name, password_stdin, operator, institution, role } } => {
            let db = Db::connect(config.database_url.expose_secret()).await?;
            db.migrate().await?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (random_password(), true)
            };
            let role = app::session::Role::parse(&role).context("--role must be admin, member or guest")?;
            let user = convene::auth::account::LocalUser {
                email: &email,
                display_name: &name,
                password: &password,
                is_operator: operator,
                membership: institution.as_deref().map(|slug| (slug, role)),
            };
            let id = convene::auth::account::create_local_user(&db, clock.unix(), &user).await?;
            println!("created user {id} <{email}>");
            if generated {
                println!("password: {password}");
            }
            Ok(())
        }
        Command::Server { command } => server_command(command, config, clock.unix()).await,
        Command::Idp { command } => idp_command(command, config, clock.unix()).await,
        Command::ApiSecret { institution, label } => {
            let db = Db::connect(config.database_url.expose_secret()).await?;
            db.migrate().await?;
            let inst = convene::db::institutions::by_slug(db.pool(), &institution)
                .await
                .map_err(|_| anyhow::anyhow!("no institution with the slug {institution:?}"))?;
            let secret = random_password() + &random_password();
            convene::db::api_access::add_secret(db.pool(), inst.id, &secret, &label, clock.unix()).await?;
            println!("API URL: {}bigbluebutton/api", config.http.public_url);
            println!("secret:  {secret}");
            Ok(())
        }
        Command::ApiPolicy { institution, command } => {
            let db = Db::connect(config.database_url.expose_secret()).await?;
            db.migrate().await?;
            let inst = convene::db::institutions::by_slug(db.pool(), &institution)
                .await
                .map_err(|_| anyhow::anyhow!("no institution with the slug {institution:?}"))?;
            policy_command(&db, inst.id, command, clock.unix()).await
        }
        Command::MailTest { to } => {
            let db = Db::connect(config.database_url.expose_secret()).await?;
            db.migrate().await?;
            let (waiting, failed) = convene::db::mail::counts(db.pool()).await?;
            println!("outbox: {waiting} waiting, {failed} given up");
            let mailer = convene::mail::sender::Mailer::new(db, clock.clone(), &config.mail);
            mailer.send_test(&to).await.map_err(|e| anyhow::anyhow!("the test message was not sent: {e}"))?;
            println!("test message sent to {to}");
            Ok(())
        }
        Command::Simulate { servers, first_port, secret, capacity, tls_cert, tls_key } => {
            let secret = secret.unwrap_or_else(random_password);
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => {
                    let cert = std::fs::read(&cert).with_context(|| format!("reading {}", cert.display()))?;
                    let key = std::fs::read(&key).with_context(|| format!("reading {}", key.display()))?;
                    Some(convene::balancer::tls::server_config(&cert, &key).context("the TLS certificate and key")?)
                }
                _ => None,
            };
            let scheme = if tls.is_some() { "https" } else { "http" };
            let mut handles = Vec::new();
            for i in 0..servers {
                let port = first_port + i;
                let name = format!("sim{}", i + 1);
                let sim = convene::balancer::simulator::Simulator::new(
                    &name,
                    &secret,
                    capacity,
                    Default::default(),
                    clock.clone(),
                );
                let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
                    .await
                    .with_context(|| format!("binding port {port}"))?;
                println!("{name}: {scheme}://127.0.0.1:{port}/bigbluebutton/api");
                handles.push(match &tls {
                    Some(tls) => convene::balancer::simulator::serve_tls(sim, listener, tls.clone())?,
                    None => convene::balancer::simulator::serve(sim, listener),
                });
            }
            println!("secret: {secret}");
            println!(
                "register one with: convene server add --name sim1 --url {scheme}://127.0.0.1:{first_port} --secret-stdin --latitude 41.9 --longitude 12.5 --capacity {capacity}"
            );
            convene::shutdown_signal().await;
            for h in handles {
                h.abort();
            }
            Ok(())
        }
        Command::Serve { demo, demo_password } => {
            let mut config = config;
            // The demo has no relay: what it would send is kept for operators to read (Mail page).
            if demo && config.mail.smtp_url.expose_secret().is_empty() {
                config.mail.keep = true;
            }
            let bind = config.http.bind;
            let public = config.http.public_url.clone();
            let demo_dir = PathBuf::from("data");
            let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("binding {bind}"))?;
            let app = convene::build(config, clock.clone()).await?;
            let mut simulators = Vec::new();
            if demo {
                let login = convene::demo::seed(&app.state.db, clock.unix(), &demo_dir, demo_password).await?;
                if login.created {
                    convene::demo::sample_bookings(&app.state.db, clock.unix()).await?;
                }
                simulators = convene::demo::start_pool(&app.state, clock.clone()).await?;
                use std::io::IsTerminal;
                let file = convene::demo::credentials_file(&demo_dir);
                print!("{}", convene::demo::banner(public.as_str(), &login, std::io::stdout().is_terminal(), &file));
            } else {
                println!("Convene is running at {public}");
            }
            tracing::info!(%bind, "serving");
            app.run_until(listener, convene::shutdown_signal()).await?;
            for s in simulators {
                s.abort();
            }
            Ok(())
        }
    }
}

/// A CA certificate file given on the command line (at most 64 KiB; its contents are checked where it is used).
fn read_ca_file(path: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context;
    let meta = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    if meta.len() > convene::balancer::tls::CA_PEM_MAX as u64 {
        anyhow::bail!("{} is larger than 64 KiB: not a CA certificate file", path.display());
    }
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

async fn idp_command(command: IdpCommand, config: Config, now: i64) -> anyhow::Result<()> {
    use convene::auth::providers;
    let db = Db::connect(config.database_url.expose_secret()).await?;
    db.migrate().await?;
    match command {
        IdpCommand::AddOidc {
            institution,
            issuer,
            name,
            client_id,
            client_secret_stdin,
            ca_file,
            scopes,
            default_role,
            home_claim,
        } => {
            if !client_secret_stdin {
                anyhow::bail!("give the client secret on standard input with --client-secret-stdin");
            }
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            let ca_pem = ca_file.as_deref().map(read_ca_file).transpose()?;
            let input = providers::OidcInput {
                institution,
                issuer,
                display_name: name,
                client_id,
                client_secret: line.trim().to_owned(),
                ca_pem,
                scopes,
                default_role,
                home_claim,
            };
            let id = providers::add_oidc(&db, &convene::auth::oidc::Oidc::default(), now, input).await?;
            println!("{id}");
            eprintln!(
                "added: people sign in at {}/login/oidc/{id}; the provider must allow {}/auth/oidc/callback",
                config.public_origin(),
                config.public_origin()
            );
        }
        IdpCommand::AddSaml { institution, metadata, ca_file, name, default_role } => {
            let metadata = if metadata.starts_with("https://") || metadata.starts_with("http://") {
                let ca_pem = ca_file.as_deref().map(read_ca_file).transpose()?;
                providers::MetadataSource::Url { url: metadata, ca_pem }
            } else {
                use anyhow::Context;
                let path = std::path::Path::new(&metadata);
                let size = std::fs::metadata(path).with_context(|| format!("reading {metadata}"))?.len();
                if size > convene::auth::saml::idp::MAX_BYTES as u64 {
                    anyhow::bail!("{metadata} is larger than 512 KiB: not the metadata of one IdP");
                }
                providers::MetadataSource::Xml(
                    std::fs::read_to_string(path).with_context(|| format!("reading {metadata}"))?,
                )
            };
            let input = providers::SamlInput { institution, metadata, display_name: name, default_role };
            let id = providers::add_saml(&db, now, input).await?;
            println!("{id}");
            eprintln!(
                "added: people sign in at {}/login/saml/{id}; the IdP reads Convene's metadata at {}/saml/metadata",
                config.public_origin(),
                config.public_origin()
            );
        }
        IdpCommand::LoadFederationFile { name, file, signing_cert } => {
            let signing_cert_pem = read_ca_file(&signing_cert)?;
            let xml =
                std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let label = file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            let (id, read) =
                convene::auth::federations::load_federation_file(&db, now, &name, &label, &xml, &signing_cert_pem)
                    .await?;
            println!("{id}");
            eprintln!("loaded: {} IdPs ({} entities not usable as IdPs left out)", read.idps, read.skipped);
        }
        IdpCommand::MdqLookup { federation, entity_id } => {
            let (id, _) = convene::auth::federations::lookup(&db, now, federation, &entity_id).await?;
            println!("{id}");
            eprintln!("found; give it to an institution with: convene idp use-federation-idp --entity-id {entity_id}");
        }
        IdpCommand::AddFederation { name, url, signing_cert, ca_file, mdq } => {
            let signing_cert_pem = read_ca_file(&signing_cert)?;
            let ca_pem = ca_file.as_deref().map(read_ca_file).transpose()?;
            let input = convene::auth::federations::FederationInput { name, url, signing_cert_pem, ca_pem, mdq };
            let (id, read) = convene::auth::federations::add_federation(&db, now, input).await?;
            println!("{id}");
            eprintln!("added: {} IdPs ({} entities not usable as IdPs left out)", read.idps, read.skipped);
        }
        IdpCommand::UseFederationIdp { entity_id, institution, default_role } => {
            let entry = convene::db::federations::idp_by_entity(db.pool(), &entity_id)
                .await
                .map_err(|_| anyhow::anyhow!("no federation has an IdP {entity_id}"))?;
            let id = convene::auth::federations::adopt(&db, now, entry.id, &institution, &default_role).await?;
            println!("{id}");
            eprintln!("people of {institution} sign in at {}/login/saml/{id}", config.public_origin());
        }
        IdpCommand::Rule { institution, claim, pattern, role, may_book, may_record, may_personal_room } => {
            let choice = |name: &str, v: Option<String>| {
                app::session::Rights::parse_choice(v.as_deref().unwrap_or(""))
                    .ok_or_else(|| anyhow::anyhow!("--{name} takes yes or no"))
            };
            let rights = app::session::Rights {
                book: choice("may-book", may_book)?,
                record: choice("may-record", may_record)?,
                personal_room: choice("may-personal-room", may_personal_room)?,
            };
            providers::add_rule_with_rights(&db, now, &institution, &claim, &pattern, &role, rights).await?;
            eprintln!("rule added");
        }
    }
    Ok(())
}

async fn server_command(command: ServerCommand, config: Config, now: i64) -> anyhow::Result<()> {
    use convene::balancer::pool;
    let db = Db::connect(config.database_url.expose_secret()).await?;
    db.migrate().await?;
    match command {
        ServerCommand::Add {
            name,
            url,
            secret_stdin,
            secret,
            algorithm,
            region,
            latitude,
            longitude,
            capacity,
            tags,
            institution,
            ca_file,
        } => {
            let secret = match (secret, secret_stdin) {
                (Some(s), _) => s,
                (None, true) => {
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line.trim().to_owned()
                }
                (None, false) => anyhow::bail!("give the shared secret with --secret-stdin (or --secret)"),
            };
            let institution_id = match institution {
                Some(slug) => Some(
                    convene::db::institutions::by_slug(db.pool(), &slug)
                        .await
                        .map_err(|_| anyhow::anyhow!("no institution with the slug {slug:?}"))?
                        .id,
                ),
                None => None,
            };
            let ca_pem = ca_file.as_deref().map(read_ca_file).transpose()?;
            let client = convene::balancer::bbb::client::BbbClient::new(std::time::Duration::from_millis(u64::from(
                config.pool.call_timeout_ms,
            )));
            let input = pool::ServerInput {
                name,
                url,
                secret,
                algorithm,
                region,
                latitude,
                longitude,
                capacity,
                tags: tags.split(',').map(str::to_owned).collect(),
                institution_id,
                ca_pem,
                // The command line is the operators' own.
                by_operator: true,
            };
            let id = pool::register(&db, &client, &input, now).await?;
            if input.institution_id.is_some() {
                println!(
                    "registered server {id} ({}); it takes its institution's new meetings now \
                     (`convene server share {} on` admits it to the shared pool)",
                    input.name, input.name
                );
            } else {
                println!("registered server {id} ({}); it takes new meetings now", input.name);
            }
        }
        ServerCommand::List => {
            let rows = convene::db::servers::list(db.pool()).await?;
            if rows.is_empty() {
                println!("the pool is empty: add a server with `convene server add`");
            }
            println!(
                "{:<16} {:<9} {:<9} {:>8} {:>12} {:>8}  {:<10} url",
                "name", "state", "health", "meetings", "participants", "capacity", "serves"
            );
            for r in rows {
                // Who may get new meetings on it: everyone (the network's own or shared) or its institution only.
                let serves = match (r.institution_id, r.shared != 0) {
                    (None, _) => "everyone",
                    (Some(_), true) => "shared",
                    (Some(_), false) => "own inst.",
                };
                println!(
                    "{:<16} {:<9} {:<9} {:>8} {:>12} {:>8}  {:<10} {}",
                    r.name,
                    r.admin_state.as_str(),
                    r.health.as_str(),
                    r.meetings,
                    r.participants,
                    r.capacity,
                    serves,
                    r.api_url
                );
            }
        }
        ServerCommand::State { name, state } => {
            pool::set_state(&db, &name, &state, now).await?;
            println!("{name} is now {state}");
        }
        ServerCommand::Share { name, shared } => {
            let on = shared == "on";
            pool::set_shared(&db, &name, on, now).await?;
            if on {
                println!("{name} is in the shared pool: it takes every institution's new meetings");
            } else {
                println!("{name} takes only its institution's new meetings (running ones stay)");
            }
        }
    }
    Ok(())
}

fn limit_arg(name: &str, v: Option<String>, current: Option<u32>, min: u32) -> anyhow::Result<Option<u32>> {
    match v.as_deref() {
        None => Ok(current),
        Some("none") => Ok(None),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if n >= min => Ok(Some(n)),
            _ => anyhow::bail!("--{name} must be a whole number of at least {min}, or none"),
        },
    }
}

async fn policy_command(db: &Db, institution_id: i64, command: PolicyCommand, now: i64) -> anyhow::Result<()> {
    use convene::balancer::policy::{Mode, policy_problem};
    use convene::db::api_access as api;
    let pool = db.pool();
    match command {
        PolicyCommand::List => {
            let l = api::limits(pool, institution_id).await?;
            let show = |v: Option<u32>| v.map_or("none".to_owned(), |n| n.to_string());
            println!("max meetings at once: {}", show(l.max_meetings));
            println!("max participants per meeting: {}", show(l.max_participants));
            let policies = api::policies(pool, institution_id).await?;
            if policies.is_empty() {
                println!("no parameter policies");
            }
            for p in policies {
                println!("{:<6} {:<40} {:<8} {}", p.api_call, p.name, p.mode, p.value);
            }
        }
        PolicyCommand::Limits { max_meetings, max_participants } => {
            let l = api::limits(pool, institution_id).await?;
            let l = api::Limits {
                max_meetings: limit_arg("max-meetings", max_meetings, l.max_meetings, 0)?,
                max_participants: limit_arg("max-participants", max_participants, l.max_participants, 1)?,
            };
            api::set_limits(pool, institution_id, l).await?;
            println!("limits saved");
        }
        PolicyCommand::Set { call, name, mode, value } => {
            let m = Mode::parse(&mode).ok_or_else(|| anyhow::anyhow!("the mode must be default, override or block"))?;
            let value = value.unwrap_or_default();
            if m != Mode::Block && value.is_empty() {
                anyhow::bail!("{mode} needs a value");
            }
            if let Some(problem) = policy_problem(&call, &name, m, &value) {
                anyhow::bail!("{problem}");
            }
            let row = api::PolicyRow { id: 0, api_call: call, name, mode: m.as_str().into(), value };
            api::put_policy(pool, institution_id, &row, now).await?;
            println!("policy saved");
        }
        PolicyCommand::Remove { call, name } => {
            if !api::delete_policy(pool, institution_id, &call, &name).await? {
                anyhow::bail!("there is no {call} policy for {name}");
            }
            println!("policy removed");
        }
    }
    Ok(())
}

fn random_password() -> String {
    use rand::Rng;
    rand::thread_rng().sample_iter(&rand::distributions::Alphanumeric).take(20).map(char::from).collect()
}
