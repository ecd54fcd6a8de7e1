//! tower-sessions store over Convene's own database (SQLite or PostgreSQL through the same SQL). Expiry is judged
//! by the app clock, so tests can move time instead of sleeping.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::clock::SharedClock;
use crate::db::{self, Db, DbError};

/// The key under which the signed-in user's id is kept in a session.
pub const USER_ID: &str = "uid";
/// When that sign-in happened (unix seconds), for the absolute lifetime.
pub const AUTH_AT: &str = "auth_at";
/// When the session was last written as used (unix seconds). A signed-in request writes it again only when it is
/// [`TOUCH_EVERY`] old, so the idle timeout counts from the last use without a database write per request.
pub const SEEN: &str = "seen";
/// After a sign-in through an OpenID Connect provider: its id and the ID token, so that signing out of Convene can
/// send the browser on to sign out of the provider too.
pub const OIDC_SIGN_OUT: &str = "oidc_sign_out";
/// After a sign-in through a SAML IdP: what single logout needs ([`super::saml::logout::SamlSignOut`]); the
/// session's row is also found by it, so that the IdP's own logout request can end it.
pub const SAML_SIGN_OUT: &str = "saml_sign_out";
/// How often (seconds) use of a session is written down, at most (half the idle timeout when that is shorter);
/// the idle timeout is exact to within this.
pub const TOUCH_EVERY: i64 = 60;

#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
    clock: SharedClock,
    idle_seconds: i64,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    /// Sessions end `idle_seconds` after they were last saved (a use saves them at most once a minute).
    pub fn new(db: Db, clock: SharedClock, idle_seconds: i64) -> Self {
        DbSessionStore { db, clock, idle_seconds }
    }

    fn encode(&self, record: &Record) -> session_store::Result<(String, i64, db::sessions::Keys)> {
        let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let saml = record
            .data
            .get(SAML_SIGN_OUT)
            .and_then(|v| serde_json::from_value::<super::saml::logout::SamlSignOut>(v.clone()).ok());
        let keys = db::sessions::Keys {
            user_id: record.data.get(USER_ID).and_then(|v| v.as_i64()),
            saml_subject: saml.as_ref().map(|s| s.subject_key()),
            saml_session: saml.and_then(|s| s.session_index).filter(|i| i.len() <= 256),
        };
        Ok((data, self.clock.unix() + self.idle_seconds, keys))
    }

    pub async fn delete_expired(&self) -> Result<u64, DbError> {
        db::sessions::delete_expired(self.db.pool(), self.clock.unix()).await
    }
}

fn backend(e: DbError) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; on the (astronomically unlikely) collision, draw again.
        for _ in 0..8 {
            let (data, expires, keys) = self.encode(record)?;
            match db::sessions::insert_new(self.db.pool(), &record.id.to_string(), &data, expires, &keys).await {
                Ok(()) => return Ok(()),
                Err(DbError::Conflict) => record.id = Id::default(),
                Err(e) => return Err(backend(e)),
            }
        }
        Err(session_store::Error::Backend("could not allocate a session id".into()))
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (data, expires, keys) = self.encode(record)?;
        // Only a session that still exists is saved: a request finishing after a sign-out (or a password change
        // that ended the session) must not bring it back. New sessions go through `create`.
        db::sessions::update(self.db.pool(), &record.id.to_string(), &data, expires, &keys).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) =
            db::sessions::load(self.db.pool(), &id.to_string(), self.clock.unix()).await.map_err(backend)?
        else {
            return Ok(None);
        };
        // A record we cannot read is treated as absent: the visitor is simply anonymous.
        let Ok(data) = serde_json::from_str(&data) else {
            return Ok(None);
        };
        // tower-sessions recomputes the expiry from its own configuration on save; what we return only has to be
        // in the future for the session to count as live.
        let expiry_date = time::OffsetDateTime::now_utc() + time::Duration::minutes(1);
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        db::sessions::delete(self.db.pool(), &id.to_string()).await.map_err(backend)
    }
}
