//! `convene`: the command line. Parses arguments, loads the configuration, and hands over to the library.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;

use convene::clock::{Clock, SystemClock};
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
        Command::Serve { demo, demo_password } => {
            let bind = config.http.bind;
            let public = config.http.public_url.clone();
            let demo_dir = PathBuf::from("data");
            let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("binding {bind}"))?;
            let app = convene::build(config, clock.clone()).await?;
            if demo {
                let login = convene::demo::seed(&app.state.db, clock.unix(), &demo_dir, demo_password).await?;
                println!();
                println!("  Convene is running at {public}");
                println!("  Sign in as the network operator: {}  password: {}", login.email, login.password);
                println!("  Other demo accounts (same password):");
                for (email, name) in convene::demo::people().skip(1) {
                    println!("    {email:<24} {name}");
                }
                println!();
            } else {
                println!("Convene is running at {public}");
            }
            tracing::info!(%bind, "serving");
            app.run_until(listener, convene::shutdown_signal()).await?;
            Ok(())
        }
    }
}

fn random_password() -> String {
    use rand::Rng;
    rand::thread_rng().sample_iter(&rand::distributions::Alphanumeric).take(20).map(char::from).collect()
}
