//! Sign-in sessions: each holds the hash of its current refresh token.

use chrono::Duration;
use diesel::prelude::*;
use shared::ErrorKind;
use shared::api::TokenResponse;

use crate::auth::tokens::{Tokens, new_refresh_token, refresh_hash};
use crate::db::models::{NewSessionRow, SessionRow, UserRow, now};
use crate::db::{DbConnection, on_backend};
use crate::error::ApiError;
use crate::schema::{sessions, users};

/// Opens a session for `user` and issues its first token pair.
pub fn open(conn: &mut DbConnection, tokens: &Tokens, user: &UserRow) -> Result<TokenResponse, ApiError> {
    let refresh_token = new_refresh_token();
    let at = now();
    let hash = refresh_hash(&refresh_token);
    let row = NewSessionRow {
        user_id: user.id,
        refresh_hash: &hash,
        created_at: at,
        expires_at: at + Duration::seconds(tokens.refresh_ttl_secs),
    };
    let sid = on_backend!(conn, |c| diesel::insert_into(sessions::table)
        .values(&row)
        .returning(sessions::id)
        .get_result::<i64>(c))?;
    token_response(tokens, user, sid, refresh_token)
}

fn token_response(
    tokens: &Tokens,
    user: &UserRow,
    sid: i64,
    refresh_token: String,
) -> Result<TokenResponse, ApiError> {
    Ok(TokenResponse {
        access_token: tokens.issue_access(user.id, user.role()?, sid)?,
        token_type: "Bearer".to_owned(),
        expires_in: tokens.access_ttl_secs,
        refresh_token,
        user: user.to_dto()?,
    })
}

fn refused() -> ApiError {
    ApiError::new(ErrorKind::Unauthorized, "La sesión expiró o fue cerrada. Ingrese de nuevo.")
}

/// Exchanges a refresh token for a new pair; the presented token stops working.
pub fn rotate(
    conn: &mut DbConnection,
    tokens: &Tokens,
    refresh_token: &str,
) -> Result<TokenResponse, ApiError> {
    let (session, user) = sessions::table
        .inner_join(users::table)
        .filter(sessions::refresh_hash.eq(refresh_hash(refresh_token)))
        .select((SessionRow::as_select(), UserRow::as_select()))
        .first::<(SessionRow, UserRow)>(conn)
        .optional()?
        .ok_or_else(refused)?;
    let at = now();
    if session.revoked_at.is_some() || session.expires_at <= at || !user.is_active() {
        return Err(refused());
    }
    let next = new_refresh_token();
    // Conditional on the old hash, so two concurrent refreshes with one token cannot both win.
    let swapped = diesel::update(
        sessions::table
            .filter(sessions::id.eq(session.id))
            .filter(sessions::refresh_hash.eq(&session.refresh_hash)),
    )
    .set(sessions::refresh_hash.eq(refresh_hash(&next)))
    .execute(conn)?;
    if swapped != 1 {
        return Err(refused());
    }
    token_response(tokens, &user, session.id, next)
}

/// Ends one session (logout).
pub fn revoke(conn: &mut DbConnection, sid: i64) -> Result<(), ApiError> {
    diesel::update(sessions::table.filter(sessions::id.eq(sid)).filter(sessions::revoked_at.is_null()))
        .set(sessions::revoked_at.eq(now()))
        .execute(conn)?;
    Ok(())
}

/// Ends every session of a user (disabled account, new password).
pub fn revoke_all(conn: &mut DbConnection, user_id: i64) -> Result<(), ApiError> {
    diesel::update(
        sessions::table.filter(sessions::user_id.eq(user_id)).filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now()))
    .execute(conn)?;
    Ok(())
}
