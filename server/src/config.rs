//! Typed settings: built-in defaults < `convene.toml` < `CONVENE_*` environment variables (`__` separates
//! sections: `CONVENE_SESSION__IDLE_MINUTES=30`) < `DATABASE_URL`. Unknown keys and invalid values stop the start
//! with a message that names the key. Secrets are `SecretString` and never printed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration error: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error("configuration error: key `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `sqlite://path/to/file.db` (created if missing) or `postgres://user:password@host/db`.
    pub database_url: SecretString,
    pub http: HttpConfig,
    pub session: SessionConfig,
    pub login: LoginConfig,
    pub pool: PoolConfig,
    pub mail: MailConfig,
    pub metrics: MetricsConfig,
    pub log: LogConfig,
    pub site: SiteConfig,
}

/// The deployment's own pages every site links to, in every page's footer: each an `https://` (or `http://`)
/// address, the contact also a `mailto:` address; empty: not shown. Institutions add their own.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub help_url: String,
    pub privacy_url: String,
    pub contact_url: String,
}

impl SiteConfig {
    /// The footer's links.
    pub fn links(&self) -> app::session::LinkSet {
        app::session::LinkSet::from_addresses(&self.help_url, &self.privacy_url, &self.contact_url)
    }
}

/// Who may read `/metrics`. With a token, the main listener serves it to `Authorization: Bearer <token>` only;
/// without one it answers 404 there. `bind` adds a separate listener (for a private network) that serves only
/// `/metrics` (the token, when set, is asked there too).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    pub token: SecretString,
    pub bind: Option<SocketAddr>,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig { token: SecretString::from(""), bind: None }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// The SMTP relay: `smtp://host:25` (plain, a relay on a trusted network), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465` (TLS). Empty: Convene sends no e-mail and says so in the pages.
    pub smtp_url: SecretString,
    /// The sender, e.g. `Convene <noreply@example.org>`.
    pub from: String,
    /// Reminders go out this many minutes before a booking starts (0: no reminders).
    pub reminder_minutes: u32,
    /// How often the outbox and the reminders are looked at.
    pub worker_interval_seconds: u32,
    /// Attempts before a message is given up (retries wait longer each time, at most an hour).
    pub max_attempts: u32,
    /// Keep messages in the outbox for operators to read (the "Mail" page) instead of sending them: for demos and
    /// trials without a relay. `serve --demo` turns it on when no relay is set. Not with `smtp_url`.
    pub keep: bool,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            smtp_url: SecretString::from(""),
            from: "Convene <noreply@convene.invalid>".into(),
            reminder_minutes: 30,
            worker_interval_seconds: 15,
            max_attempts: 12,
            keep: false,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PoolConfig {
    /// How often every conference server is asked for its meetings.
    pub poll_interval_seconds: u32,
    /// How long one call to a conference server may take.
    pub call_timeout_ms: u32,
    /// How many servers are polled at once.
    pub poll_concurrency: u32,
    /// Failed polls in a row before a server is offline (one makes it unstable).
    pub offline_after_failures: u32,
    /// Successful polls in a row before it is online again.
    pub online_after_successes: u32,
    /// Hosts of front-end callback URLs (end of meeting, recording ready) that may be called although they are
    /// loopback, private or internal names — for tests and closed networks only. Empty: only public addresses.
    pub callback_allow_hosts: Vec<String>,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            poll_interval_seconds: 10,
            call_timeout_ms: 3000,
            poll_concurrency: 32,
            offline_after_failures: 3,
            online_after_successes: 2,
            callback_allow_hosts: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    pub bind: SocketAddr,
    /// The address people use. Its scheme decides the `Secure` cookie flag; its origin is the only one allowed to
    /// send mutating requests.
    pub public_url: Url,
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
    /// Where the built bundle (`pkg/`) and `public/` files are served from.
    pub site_root: PathBuf,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionConfig {
    /// A session unused for this long ends.
    pub idle_minutes: u32,
    /// A sign-in lasts at most this long, used or not.
    pub absolute_hours: u32,
    pub cookie_name: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoginConfig {
    /// Attempts allowed at once for one account from one client address, then one more every
    /// `account_refill_seconds` (ten times as many failures from all addresses together, then each fails slowly).
    pub account_burst: u32,
    pub account_refill_seconds: u32,
    /// The same for one client address.
    pub address_burst: u32,
    pub address_refill_seconds: u32,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub format: LogFormat,
    /// A `tracing` filter, e.g. `info,convene=debug`. `RUST_LOG` overrides it.
    pub filter: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: SecretString::from("sqlite://data/convene.db"),
            http: HttpConfig::default(),
            session: SessionConfig::default(),
            login: LoginConfig::default(),
            pool: PoolConfig::default(),
            mail: MailConfig::default(),
            metrics: MetricsConfig::default(),
            log: LogConfig::default(),
            site: SiteConfig::default(),
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: Url::parse("http://127.0.0.1:3000").expect("static url"),
            trust_forwarded_for: false,
            site_root: PathBuf::from("target/site"),
            max_body_bytes: 1 << 20,
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig { idle_minutes: 120, absolute_hours: 12, cookie_name: "convene_session".into() }
    }
}

impl Default for LoginConfig {
    fn default() -> Self {
        LoginConfig { account_burst: 5, account_refill_seconds: 60, address_burst: 50, address_refill_seconds: 5 }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig { format: LogFormat::Pretty, filter: "info,sqlx=warn".into() }
    }
}

impl Config {
    /// Loads from the given file (missing is fine) and the process environment, then validates.
    pub fn load(file: &Path) -> Result<Config, ConfigError> {
        Self::from_figment(
            Figment::new()
                .merge(Toml::file(file))
                .merge(Env::prefixed("CONVENE_").split("__").ignore(&["config", "bin", "build_mode"]))
                .merge(Env::raw().only(&["database_url"])),
        )
    }

    pub fn from_figment(figment: Figment) -> Result<Config, ConfigError> {
        let config: Config = figment.extract().map_err(Box::new)?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |key, message: &str| Err(ConfigError::Invalid { key, message: message.to_owned() });
        let db = self.database_url.expose_secret();
        if !(db.starts_with("sqlite:") || db.starts_with("postgres://") || db.starts_with("postgresql://")) {
            return invalid("database_url", "must start with sqlite:, postgres:// or postgresql://");
        }
        if !matches!(self.http.public_url.scheme(), "http" | "https") || self.http.public_url.host().is_none() {
            return invalid("http.public_url", "must be an absolute http:// or https:// address");
        }
        if self.http.max_body_bytes < 1024 {
            return invalid("http.max_body_bytes", "must be at least 1024");
        }
        if self.session.idle_minutes == 0 {
            return invalid("session.idle_minutes", "must be at least 1");
        }
        if self.session.absolute_hours == 0 {
            return invalid("session.absolute_hours", "must be at least 1");
        }
        if u64::from(self.session.absolute_hours) * 60 < u64::from(self.session.idle_minutes) {
            return invalid("session.absolute_hours", "must not be shorter than session.idle_minutes");
        }
        let name_ok = !self.session.cookie_name.is_empty()
            && self.session.cookie_name.len() <= 64
            && self.session.cookie_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !name_ok {
            return invalid("session.cookie_name", "use 1 to 64 letters, digits, '_' or '-'");
        }
        for (key, v) in [
            ("login.account_burst", self.login.account_burst),
            ("login.account_refill_seconds", self.login.account_refill_seconds),
            ("login.address_burst", self.login.address_burst),
            ("login.address_refill_seconds", self.login.address_refill_seconds),
            ("pool.poll_interval_seconds", self.pool.poll_interval_seconds),
            ("pool.call_timeout_ms", self.pool.call_timeout_ms),
            ("pool.poll_concurrency", self.pool.poll_concurrency),
            ("pool.offline_after_failures", self.pool.offline_after_failures),
            ("pool.online_after_successes", self.pool.online_after_successes),
        ] {
            if v == 0 {
                return invalid(key, "must be at least 1");
            }
        }
        let smtp = self.mail.smtp_url.expose_secret();
        if !(smtp.is_empty() || smtp.starts_with("smtp://") || smtp.starts_with("smtps://")) {
            return invalid("mail.smtp_url", "must start with smtp:// or smtps:// (or be empty: no e-mail)");
        }
        if !smtp.is_empty() && crate::mail::sender::check_url(smtp).is_err() {
            return invalid(
                "mail.smtp_url",
                "is not a valid SMTP address (example: smtp://user:pass@host:587?tls=required)",
            );
        }
        if self.mail.keep && !smtp.is_empty() {
            return invalid("mail.keep", "keeps messages instead of sending them: leave it out when smtp_url is set");
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            return invalid(
                "mail.from",
                "must be an e-mail address, optionally with a name: Convene <noreply@example.org>",
            );
        }
        if self.mail.reminder_minutes > 10_080 {
            return invalid("mail.reminder_minutes", "must be at most 10080 (a week)");
        }
        for (key, v) in [
            ("mail.worker_interval_seconds", self.mail.worker_interval_seconds),
            ("mail.max_attempts", self.mail.max_attempts),
        ] {
            if v == 0 {
                return invalid(key, "must be at least 1");
            }
        }
        let token = self.metrics.token.expose_secret();
        if !token.is_empty() && (token.len() < 16 || !token.bytes().all(|b| b.is_ascii_graphic())) {
            return invalid("metrics.token", "must be at least 16 printable characters without spaces (or empty)");
        }
        if self.metrics.bind.is_some_and(|b| b == self.http.bind) {
            return invalid("metrics.bind", "must differ from http.bind");
        }
        for (key, v) in [
            ("site.help_url", &self.site.help_url),
            ("site.privacy_url", &self.site.privacy_url),
            ("site.contact_url", &self.site.contact_url),
        ] {
            if app::validate::link(key, v).is_err() {
                return invalid(
                    key,
                    "must be an https:// address (the contact may be mailto:someone@example.org), or empty",
                );
            }
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.filter).is_err() {
            return invalid("log.filter", "is not a valid tracing filter (example: info,convene=debug)");
        }
        Ok(())
    }

    pub fn secure_cookies(&self) -> bool {
        self.http.public_url.scheme() == "https"
    }

    /// The origin (`scheme://host[:port]`) mutating requests must come from.
    pub fn public_origin(&self) -> String {
        self.http.public_url.origin().ascii_serialization()
    }

    /// The effective configuration as TOML, secrets masked.
    pub fn to_masked_toml(&self) -> String {
        format!(
            "database_url = {:?}\n\n[http]\nbind = \"{}\"\npublic_url = \"{}\"\ntrust_forwarded_for = {}\nsite_root = {:?}\nmax_body_bytes = {}\n\n\
             [session]\nidle_minutes = {}\nabsolute_hours = {}\ncookie_name = {:?}\n\n\
             [login]\naccount_burst = {}\naccount_refill_seconds = {}\naddress_burst = {}\naddress_refill_seconds = {}\n\n\
             [pool]\npoll_interval_seconds = {}\ncall_timeout_ms = {}\npoll_concurrency = {}\noffline_after_failures = {}\n\
             online_after_successes = {}\n\n[mail]\nsmtp_url = {:?}\nfrom = {:?}\nreminder_minutes = {}\n\
             worker_interval_seconds = {}\nmax_attempts = {}\nkeep = {}\n\n[metrics]\ntoken = {:?}\n{}\n[log]\nformat = \"{}\"\nfilter = {:?}\n\n\
             [site]\nhelp_url = {:?}\nprivacy_url = {:?}\ncontact_url = {:?}\n",
            mask_url(self.database_url.expose_secret()),
            self.http.bind,
            self.http.public_url,
            self.http.trust_forwarded_for,
            self.http.site_root.display().to_string(),
            self.http.max_body_bytes,
            self.session.idle_minutes,
            self.session.absolute_hours,
            self.session.cookie_name,
            self.login.account_burst,
            self.login.account_refill_seconds,
            self.login.address_burst,
            self.login.address_refill_seconds,
            self.pool.poll_interval_seconds,
            self.pool.call_timeout_ms,
            self.pool.poll_concurrency,
            self.pool.offline_after_failures,
            self.pool.online_after_successes,
            mask_url(self.mail.smtp_url.expose_secret()),
            self.mail.from,
            self.mail.reminder_minutes,
            self.mail.worker_interval_seconds,
            self.mail.max_attempts,
            self.mail.keep,
            if self.metrics.token.expose_secret().is_empty() { "" } else { "********" },
            self.metrics.bind.map(|b| format!("bind = \"{b}\"\n")).unwrap_or_default(),
            match self.log.format {
                LogFormat::Pretty => "pretty",
                LogFormat::Json => "json",
            },
            self.log.filter,
            self.site.help_url,
            self.site.privacy_url,
            self.site.contact_url,
        )
    }
}

/// Hides the password of a database URL.
pub fn mask_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("********"));
            u.to_string()
        }
        _ => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut f = Figment::new();
        for (k, v) in pairs {
            f = f.merge(Serialized::default(k, v));
        }
        Config::from_figment(f)
    }

    #[test]
    fn defaults_are_valid() {
        let c = with(&[]).unwrap();
        assert_eq!(c.http.bind.port(), 3000);
        assert!(!c.secure_cookies());
        assert_eq!(c.public_origin(), "http://127.0.0.1:3000");
    }

    #[test]
    fn unknown_keys_are_refused_with_their_name() {
        let err = with(&[("sesion.idle_minutes", "3")]).unwrap_err().to_string();
        assert!(err.contains("sesion"), "{err}");
    }

    #[test]
    fn bad_values_name_the_key() {
        let err = with(&[("session.idle_minutes", "soon")]).unwrap_err().to_string();
        assert!(err.contains("idle_minutes"), "{err}");
        let err = with(&[("session.idle_minutes", "0")]).unwrap_err().to_string();
        assert!(err.contains("session.idle_minutes"), "{err}");
        let err = with(&[("database_url", "mysql://x")]).unwrap_err().to_string();
        assert!(err.contains("database_url"), "{err}");
        let err = with(&[("http.public_url", "ftp://x")]).unwrap_err().to_string();
        assert!(err.contains("http.public_url"), "{err}");
        let err = with(&[("log.filter", "info,[[[")]).unwrap_err().to_string();
        assert!(err.contains("log.filter"), "{err}");
    }

    #[test]
    fn secrets_are_masked() {
        let c = with(&[("database_url", "postgres://convene:hunter2hunter2@db.example/convene")]).unwrap();
        let shown = c.to_masked_toml();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("********"));
        assert!(!format!("{c:?}").contains("hunter2"));
        let c = with(&[("mail.smtp_url", "smtps://relay:s3cr3t-pass@mail.example:465")]).unwrap();
        let shown = c.to_masked_toml();
        assert!(!shown.contains("s3cr3t") && shown.contains("smtps://relay:********@mail.example:465"), "{shown}");
        assert!(!format!("{c:?}").contains("s3cr3t"));
        let c = with(&[("metrics.token", "scrape-token-0123456789")]).unwrap();
        let shown = c.to_masked_toml();
        assert!(!shown.contains("scrape-token") && shown.contains("token = \"********\""), "{shown}");
        assert!(!format!("{c:?}").contains("scrape-token"));
    }

    #[test]
    fn metrics_settings_are_checked() {
        let err = with(&[("metrics.token", "short")]).unwrap_err().to_string();
        assert!(err.contains("metrics.token"), "{err}");
        let err = with(&[("metrics.bind", "127.0.0.1:3000")]).unwrap_err().to_string();
        assert!(err.contains("metrics.bind"), "{err}");
        let c = with(&[("metrics.bind", "127.0.0.1:9100")]).unwrap();
        assert!(c.to_masked_toml().contains("bind = \"127.0.0.1:9100\""));
    }

    #[test]
    fn mail_settings_are_checked() {
        let err = with(&[("mail.smtp_url", "http://mail.example")]).unwrap_err().to_string();
        assert!(err.contains("mail.smtp_url"), "{err}");
        let err = with(&[("mail.from", "not an address")]).unwrap_err().to_string();
        assert!(err.contains("mail.from"), "{err}");
        let err = with(&[("mail.worker_interval_seconds", "0")]).unwrap_err().to_string();
        assert!(err.contains("mail.worker_interval_seconds"), "{err}");
        assert!(with(&[("mail.smtp_url", "smtp://127.0.0.1:2525")]).is_ok());
    }
}
