//! Managing a room: its settings (owner, co-owners, institution admins), its co-owners and its deletion (owner and
//! institution admins). Deleting cancels the upcoming bookings first and tells the invited, in one transaction.

use app::error::{AppError, ConflictKind, Problem};
use app::rooms::{CoOwnerView, RoomAdminView, RoomForm, RoomView};
use app::session::{CurrentUser, Role};
use app::validate;

use super::service::{Right, RoomsService, actor_may, db_err, room_fields};
use crate::db::bookings::{self as rows, RoomRow};
use crate::db::{self, DbError};
use crate::internal;

impl RoomsService {
    /// The owner, an admin of its institution, or an operator.
    fn administers(actor: &CurrentUser, room: &RoomRow) -> bool {
        actor.is_operator || room.owner_id == Some(actor.id) || actor.role_in(room.institution_id) == Some(Role::Admin)
    }

    pub(crate) async fn update_room_settings(
        &self,
        actor: &CurrentUser,
        room_id: i64,
        f: RoomForm,
    ) -> Result<RoomView, AppError> {
        let (room, owners) = self.visible_room(actor, room_id).await?;
        if !Self::can_manage(actor, &room, &owners) {
            return Err(AppError::Forbidden);
        }
        let v = room_fields(&f)?;
        let policy = rows::policy(self.db.pool(), room.institution_id).await.map_err(internal)?;
        // Recording can be switched on only by someone the institution lets record; it can always be switched off.
        let may_record = actor_may(actor, room.institution_id, Right::Record, &policy);
        let record_allowed = v.record_wanted && (room.record_allowed != 0 || may_record);
        let access_code = if f.clear_access_code.is_some() {
            None
        } else {
            v.access_code.clone().or_else(|| room.access_code.clone())
        };
        let update = rows::RoomUpdate {
            name: &v.name,
            description: &v.description,
            capacity: v.capacity,
            // A personal room stays within its institution.
            visibility: if room.personal != 0 { rows::Visibility::Institution.as_str() } else { v.visibility },
            record_allowed,
            guest_policy: v.guest_policy,
            access_code: access_code.as_deref(),
            mute_on_start: v.mute_on_start,
            welcome: &v.welcome,
        };
        let now = self.clock.unix();
        rows::update_room(self.db.pool(), room.id, &update, now).await.map_err(db_err)?;
        db::audit::record(self.db.pool(), now, Some(actor.id), Some(room.institution_id), "room.update", &v.name)
            .await
            .map_err(internal)?;
        let room = rows::room(self.db.pool(), room.id).await.map_err(db_err)?;
        self.view(actor, &room, &owners).await
    }

    pub(crate) async fn room_admin_view(&self, actor: &CurrentUser, room_id: i64) -> Result<RoomAdminView, AppError> {
        let (room, owners) = self.visible_room(actor, room_id).await?;
        if !Self::can_manage(actor, &room, &owners) {
            return Err(AppError::Forbidden);
        }
        let co_owners = rows::co_owner_people(self.db.pool(), room.id)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|(user_id, name, email)| CoOwnerView { user_id, name, email })
            .collect();
        let upcoming = rows::upcoming_of_room(self.db.pool(), room.id, self.clock.unix()).await.map_err(internal)?;
        Ok(RoomAdminView {
            co_owners,
            can_administer: Self::administers(actor, &room),
            upcoming_bookings: upcoming.len(),
        })
    }

    pub(crate) async fn add_room_co_owner(
        &self,
        actor: &CurrentUser,
        room_id: i64,
        email: &str,
    ) -> Result<(), AppError> {
        let (room, _) = self.visible_room(actor, room_id).await?;
        if !Self::administers(actor, &room) {
            return Err(AppError::Forbidden);
        }
        if room.personal != 0 {
            return Err(AppError::invalid("email", Problem::OutOfRange));
        }
        let email = validate::email("email", email)?;
        // Only members (not guests) of the room's institution; anyone else is "not found", whoever they are.
        let user = db::users::by_email(self.db.pool(), &email).await.map_err(internal)?;
        let role = match &user {
            Some(u) => db::institutions::role_of(self.db.pool(), room.institution_id, u.id).await.map_err(internal)?,
            None => None,
        };
        let Some(user) = user.filter(|_| matches!(role.as_deref(), Some("admin" | "member"))) else {
            return Err(AppError::invalid("email", Problem::NotMember));
        };
        if room.owner_id == Some(user.id) {
            return Err(AppError::invalid("email", Problem::Taken));
        }
        match rows::add_co_owner(self.db.pool(), room.id, user.id).await {
            Ok(()) => {}
            Err(DbError::Conflict) => return Err(AppError::invalid("email", Problem::Taken)),
            Err(e) => return Err(internal(e)),
        }
        let now = self.clock.unix();
        db::audit::record(self.db.pool(), now, Some(actor.id), Some(room.institution_id), "room.co_owner_add", &email)
            .await
            .map_err(internal)
    }

    pub(crate) async fn remove_room_co_owner(
        &self,
        actor: &CurrentUser,
        room_id: i64,
        user_id: i64,
    ) -> Result<(), AppError> {
        let (room, _) = self.visible_room(actor, room_id).await?;
        if !Self::administers(actor, &room) {
            return Err(AppError::Forbidden);
        }
        if rows::remove_co_owner(self.db.pool(), room.id, user_id).await.map_err(internal)? == 0 {
            return Err(AppError::NotFound);
        }
        let now = self.clock.unix();
        db::audit::record(
            self.db.pool(),
            now,
            Some(actor.id),
            Some(room.institution_id),
            "room.co_owner_remove",
            &user_id.to_string(),
        )
        .await
        .map_err(internal)
    }

    pub(crate) async fn delete_room_for_good(&self, actor: &CurrentUser, room_id: i64) -> Result<(), AppError> {
        let (room, _) = self.visible_room(actor, room_id).await?;
        if !Self::administers(actor, &room) {
            return Err(AppError::Forbidden);
        }
        if db::meetings::of_room(self.db.pool(), room.id).await.map_err(internal)?.is_some() {
            return Err(AppError::Conflict(ConflictKind::MeetingRunning));
        }
        let now = self.clock.unix();
        let upcoming = rows::upcoming_of_room(self.db.pool(), room.id, now).await.map_err(internal)?;
        let mut tx = self.db.begin().await.map_err(internal)?;
        let mut told = false;
        for b in &upcoming {
            told |= self.queue_cancellation(&mut tx, b, &room).await?;
        }
        rows::delete_room(&mut *tx, room.id).await.map_err(db_err)?;
        let what = format!("{} ({} upcoming bookings cancelled)", room.name, upcoming.len());
        db::audit::record(&mut *tx, now, Some(actor.id), Some(room.institution_id), "room.delete", &what)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(|e| db_err(e.into()))?;
        if told {
            self.mail.wake();
        }
        Ok(())
    }
}
