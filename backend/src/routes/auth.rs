//! Sign-in, token refresh, logout and the caller's own account.

use actix_web::{HttpResponse, web};
use shared::ErrorKind;
use shared::api::{LoginRequest, RefreshRequest, TokenResponse, UserDto};

use crate::auth::throttle::{self, Attempt};
use crate::auth::{AuthUser, password};
use crate::error::ApiError;
use crate::repo;
use crate::state::AppState;

fn wrong_credentials() -> ApiError {
    ApiError::new(ErrorKind::Unauthorized, "Usuario o contraseña incorrectos.")
}

/// Signs in. Wrong password and unknown user get the same 401; after 5 failures within 15 minutes
/// the user name is locked for 15 minutes (429), whether or not it exists.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "Wrong user name or password", body = shared::ErrorBody),
        (status = 429, description = "Locked after 5 failures", body = shared::ErrorBody),
        (status = 503, description = "Too many sign-ins at once; try again in a few seconds", body = shared::ErrorBody)))]
#[tracing::instrument(skip_all, fields(username = tracing::field::Empty))]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password: secret } = body.into_inner();
    // A name that no account could have is refused at once: nothing to count, hash or log.
    let Ok(username) = shared::text::normalize_username(&username) else {
        return Err(wrong_credentials());
    };
    tracing::Span::current().record("username", username.as_str());
    // The permit first: a sign-in that waits too long for one (503) is not counted, and no more
    // attempts are written than can be checked at once, whatever the flood.
    let permit = state.hashing_permit().await?;
    let name = username.clone();
    let (attempt, user) = state
        .write(move |conn| {
            let attempt = throttle::begin_attempt(conn, &name)?;
            let user = match attempt {
                Attempt::Allowed => repo::users::by_username(conn, &name)?,
                Attempt::Locked(_) => None,
            };
            Ok((attempt, user))
        })
        .await?;
    if let Attempt::Locked(until) = attempt {
        tracing::warn!(%until, "sign-in refused: locked");
        return Err(ApiError::kind(ErrorKind::TooManyAttempts));
    }
    let verified = web::block(move || match &user {
        Some(user) => password::verify_password(&secret, &user.password_hash).then_some(user.clone()),
        None => {
            password::burn_equal_time(&secret);
            None
        }
    })
    .await?;
    drop(permit);
    let Some(user) = verified else {
        // The attempt was counted as a failure before the check: nothing more to record.
        tracing::info!("sign-in refused: wrong credentials");
        return Err(wrong_credentials());
    };
    if !user.is_active() {
        return Err(ApiError::new(
            ErrorKind::Unauthorized,
            "Su cuenta está desactivada. Consulte con el administrador.",
        ));
    }
    let state2 = state.clone();
    let tokens = state
        .write(move |conn| {
            throttle::succeed(conn, &username)?;
            repo::sessions::open(conn, &state2.tokens, &user)
        })
        .await?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Exchanges a refresh token for a new pair. The refresh token is single use.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = shared::ErrorBody)))]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().refresh_token;
    let state2 = state.clone();
    let tokens = state.write(move |conn| repo::sessions::rotate(conn, &state2.tokens, &token)).await?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Ends the caller's session: its access and refresh tokens stop working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = shared::ErrorBody)), security(("bearer" = [])))]
pub async fn logout(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, ApiError> {
    state.write(move |conn| repo::sessions::revoke(conn, auth.session_id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = UserDto), (status = 401, body = shared::ErrorBody)), security(("bearer" = [])))]
pub async fn me(state: web::Data<AppState>, auth: AuthUser) -> Result<web::Json<UserDto>, ApiError> {
    let user = state.db(move |conn| repo::users::by_id(conn, auth.id)?.to_dto()).await?;
    Ok(web::Json(user))
}
