//! A person as the rules see them, read afresh from the database: their account and their memberships now. The
//! request's signed-in user comes from here, and so does the maker of a guest link or a feed when the link is
//! used — so a person removed from an institution or disabled loses, at once, what their links and feeds gave.

use app::session::{CurrentUser, Membership, Role};

use crate::db::{self, DbError, DbResult};

/// The account and its memberships; `None` for an account that is gone or disabled.
pub async fn load(
    pool: &sqlx::AnyPool,
    user_id: i64,
) -> DbResult<Option<(CurrentUser, db::users::UserRow, Vec<db::users::MembershipRow>)>> {
    let row = match db::users::by_id(pool, user_id).await {
        Ok(r) => r,
        Err(DbError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    if row.is_disabled() {
        return Ok(None);
    }
    let memberships = db::users::memberships(pool, user_id).await?;
    let user = CurrentUser {
        id: row.id,
        email: row.email.clone(),
        display_name: row.display_name.clone(),
        is_operator: row.operator(),
        memberships: memberships
            .iter()
            .filter_map(|m| {
                Some(Membership {
                    institution_id: m.institution_id,
                    slug: m.slug.clone(),
                    name: m.name.clone(),
                    role: Role::parse(&m.role)?,
                    rights: m.rights(),
                })
            })
            .collect(),
    };
    Ok(Some((user, row, memberships)))
}

/// The person behind a link or feed, as they are now: `None` when gone or disabled.
pub async fn current(pool: &sqlx::AnyPool, user_id: i64) -> DbResult<Option<CurrentUser>> {
    Ok(load(pool, user_id).await?.map(|(u, _, _)| u))
}
