//! User accounts.

use diesel::prelude::*;
use shared::api::{NewUser, UserDto, UserPatch, UserRef};
use shared::error::add_field_error;
use shared::{ErrorKind, FieldErrors};

use crate::auth::AuthUser;
use crate::db::models::{NewUserRow, UserRow, flag, now};
use crate::db::{DbConnection, on_backend};
use crate::error::ApiError;
use crate::schema::users;

use super::{is_unique_violation, sessions};

pub fn by_username(conn: &mut DbConnection, username: &str) -> Result<Option<UserRow>, ApiError> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_id(conn: &mut DbConnection, id: i64) -> Result<UserRow, ApiError> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(format!("No existe el usuario {id}.")))
}

/// A new account's fields, checked; the password is hashed by the caller outside any
/// transaction (hashing is slow on purpose).
pub struct CheckedNewUser {
    pub username: String,
    pub full_name: String,
    pub role: shared::Role,
}

pub fn check_new(new: &NewUser) -> Result<CheckedNewUser, ApiError> {
    let mut errors = FieldErrors::new();
    let username = shared::text::normalize_username(&new.username)
        .map_err(|e| add_field_error(&mut errors, "username", e.to_string()))
        .ok();
    let full_name = check_full_name(&new.full_name, &mut errors);
    if let Err(e) = shared::text::check_password(&new.password) {
        add_field_error(&mut errors, "password", e.to_string());
    }
    match (username, full_name) {
        (Some(username), Some(full_name)) if errors.is_empty() => {
            Ok(CheckedNewUser { username, full_name, role: new.role })
        }
        _ => Err(ApiError::validation(errors)),
    }
}

fn check_full_name(raw: &str, errors: &mut FieldErrors) -> Option<String> {
    shared::text::CustomerName::parse(raw)
        .map(|_| shared::text::collapse_whitespace(raw))
        .map_err(|e| add_field_error(errors, "full_name", e.to_string()))
        .ok()
}

pub fn create(
    conn: &mut DbConnection,
    new: &CheckedNewUser,
    password_hash: &str,
) -> Result<UserDto, ApiError> {
    let at = now();
    let row = NewUserRow {
        username: &new.username,
        full_name: &new.full_name,
        role: new.role.as_str(),
        password_hash,
        active: flag(true),
        created_at: at,
        updated_at: at,
    };
    let inserted = on_backend!(conn, |c| diesel::insert_into(users::table)
        .values(&row)
        .returning(users::id)
        .get_result::<i64>(c));
    match inserted {
        Ok(id) => by_id(conn, id)?.to_dto(),
        Err(e) if is_unique_violation(&e) => {
            Err(ApiError::new(ErrorKind::Conflict, format!("Ya existe el usuario «{}».", new.username)))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<UserDto>, ApiError> {
    users::table
        .order(users::username.asc())
        .select(UserRow::as_select())
        .load::<UserRow>(conn)?
        .iter()
        .map(UserRow::to_dto)
        .collect()
}

/// The collections agents a case may be assigned to: active COBRANZAS accounts, by name.
pub fn assignees(conn: &mut DbConnection) -> Result<Vec<UserRef>, ApiError> {
    Ok(users::table
        .filter(users::role.eq(shared::Role::Cobranzas.as_str()))
        .filter(users::active.eq(flag(true)))
        .order(users::full_name.asc())
        .select(UserRow::as_select())
        .load::<UserRow>(conn)?
        .iter()
        .map(UserRow::to_ref)
        .collect())
}

/// Changes role, name or active flag. Administrators cannot disable or demote themselves, so the
/// installation always keeps one way in.
pub fn update(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    patch: &UserPatch,
) -> Result<UserDto, ApiError> {
    let user = by_id(conn, id)?;
    if id == actor.id && (patch.active == Some(false) || patch.role.is_some_and(|r| r != actor.role)) {
        return Err(ApiError::forbidden("No puede desactivar su propia cuenta ni cambiar su propio rol."));
    }
    let mut errors = FieldErrors::new();
    let full_name = match &patch.full_name {
        Some(raw) => check_full_name(raw, &mut errors),
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    diesel::update(users::table.find(id))
        .set((
            users::full_name.eq(full_name.unwrap_or(user.full_name)),
            users::role.eq(patch.role.map_or(user.role, |r| r.as_str().to_owned())),
            users::active.eq(patch.active.map_or(user.active, flag)),
            users::updated_at.eq(now()),
        ))
        .execute(conn)?;
    if patch.active == Some(false) {
        sessions::revoke_all(conn, id)?;
    }
    by_id(conn, id)?.to_dto()
}

/// Sets a new password and ends every session of the account.
pub fn set_password(conn: &mut DbConnection, id: i64, password_hash: &str) -> Result<(), ApiError> {
    let updated = diesel::update(users::table.find(id))
        .set((users::password_hash.eq(password_hash), users::updated_at.eq(now())))
        .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::not_found(format!("No existe el usuario {id}.")));
    }
    sessions::revoke_all(conn, id)
}
