//! Who is calling: password hashing, tokens, sessions, the sign-in throttle, and the extractor
//! that every protected handler takes.

pub mod password;
pub mod throttle;
pub mod tokens;

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use diesel::prelude::*;
use shared::{ErrorKind, Role};

use crate::db::models::{SessionRow, UserRow, now};
use crate::error::ApiError;
use crate::schema::{sessions, users};
use crate::state::AppState;

/// Cryptographically random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// The signed-in caller, checked against the database on every request: a disabled account,
/// a changed password or a logout ends access at once, not when the token expires.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub session_id: i64,
}

impl AuthUser {
    /// Refuses the request unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!("Su rol ({}) no permite esta acción.", self.role.label())))
        }
    }

    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(ErrorKind::Unauthorized, message)
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| unauthorized("Falta el token de acceso (Authorization: Bearer …)."))?;
    let value = header.to_str().map_err(|_| unauthorized("Cabecera Authorization no válida."))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(unauthorized("Use Authorization: Bearer <token>.")),
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<AuthUser, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let claims = state.tokens.decode(&token?)?;
            let (user, session) = state
                .db(move |conn| {
                    users::table
                        .inner_join(sessions::table)
                        .filter(users::id.eq(claims.user_id))
                        .filter(sessions::id.eq(claims.sid))
                        .select((UserRow::as_select(), SessionRow::as_select()))
                        .first::<(UserRow, SessionRow)>(conn)
                        .optional()
                        .map_err(ApiError::from)
                })
                .await?
                .ok_or_else(|| unauthorized("La sesión ya no existe. Ingrese de nuevo."))?;
            if !user.is_active() {
                return Err(unauthorized("Su cuenta está desactivada."));
            }
            if session.revoked_at.is_some() || session.expires_at <= now() {
                return Err(unauthorized("Su sesión terminó. Ingrese de nuevo."));
            }
            Ok(AuthUser {
                id: user.id,
                role: user.role()?,
                username: user.username,
                full_name: user.full_name,
                session_id: session.id,
            })
        })
    }
}
