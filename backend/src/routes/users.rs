//! Account administration (ADMIN only), and the list of collections agents supervisors assign to.

use actix_web::{HttpResponse, web};
use shared::api::{NewUser, PasswordReset, UserDto, UserPatch, UserRef};
use shared::rules::access::{ADMINISTRATION, SUPERVISION};

use crate::auth::{AuthUser, password};
use crate::error::ApiError;
use crate::repo;
use crate::state::AppState;

/// Every account, by user name.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = [UserDto]), (status = 403, body = shared::ErrorBody)), security(("bearer" = [])))]
pub async fn list_users(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<web::Json<Vec<UserDto>>, ApiError> {
    auth.require(ADMINISTRATION)?;
    Ok(web::Json(state.db(repo::users::list).await?))
}

/// The active collections agents a case may be assigned to (supervisors, administrators).
#[utoipa::path(get, path = "/api/v1/assignees", tag = "users",
    responses((status = 200, body = [UserRef]), (status = 403, body = shared::ErrorBody)), security(("bearer" = [])))]
pub async fn list_assignees(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<web::Json<Vec<UserRef>>, ApiError> {
    auth.require(SUPERVISION)?;
    Ok(web::Json(state.db(repo::users::assignees).await?))
}

/// Creates an account with a role and an initial password (at least 10 characters).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUser,
    responses((status = 201, body = UserDto), (status = 409, body = shared::ErrorBody),
        (status = 422, body = shared::ErrorBody), (status = 403, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<NewUser>,
) -> Result<HttpResponse, ApiError> {
    auth.require(ADMINISTRATION)?;
    let new = body.into_inner();
    let checked = repo::users::check_new(&new)?;
    let hash = state.hashing(move || password::hash_password(&new.password)).await??;
    let user = state.write(move |conn| repo::users::create(conn, &checked, &hash)).await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/users/{}", user.id)))
        .json(user))
}

/// Changes role, full name or active flag; disabling ends the account's sessions at once.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserPatch,
    params(("id" = i64, Path)),
    responses((status = 200, body = UserDto), (status = 403, body = shared::ErrorBody),
        (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn update_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<UserPatch>,
) -> Result<web::Json<UserDto>, ApiError> {
    auth.require(ADMINISTRATION)?;
    let (id, patch) = (id.into_inner(), body.into_inner());
    Ok(web::Json(state.write(move |conn| repo::users::update(conn, &auth, id, &patch)).await?))
}

/// Sets a new password; the account's sessions end at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", request_body = PasswordReset,
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = shared::ErrorBody),
        (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn reset_password(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    auth.require(ADMINISTRATION)?;
    let secret = body.into_inner().password;
    shared::text::check_password(&secret).map_err(|e| ApiError::field("password", e.to_string()))?;
    let hash = state.hashing(move || password::hash_password(&secret)).await??;
    let id = id.into_inner();
    state.write(move |conn| repo::users::set_password(conn, id, &hash)).await?;
    Ok(HttpResponse::NoContent().finish())
}
