//! CNT's official collection accounts: N1 may confirm a number; administrators keep the list.

use actix_web::{HttpResponse, web};
use shared::api::{BankAccount, BankAccountConfirmation, BankAccountPatch, ConfirmQuery, NewBankAccount};
use shared::rules;
use shared::rules::access::ADMINISTRATION;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::repo;
use crate::state::AppState;

/// Whether a number is an active official CNT collection account (any signed-in user).
#[utoipa::path(get, path = "/api/v1/bank-accounts/confirm", tag = "bank-accounts", params(ConfirmQuery),
    responses((status = 200, body = BankAccountConfirmation), (status = 422, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn confirm_bank_account(
    state: web::Data<AppState>,
    _auth: AuthUser,
    query: web::Query<ConfirmQuery>,
) -> Result<web::Json<BankAccountConfirmation>, ApiError> {
    let number = query.into_inner().number;
    Ok(web::Json(state.db(move |conn| repo::bank_accounts::confirm(conn, &number)).await?))
}

/// The list of official accounts (supervisors, collections agents, administrators).
#[utoipa::path(get, path = "/api/v1/bank-accounts", tag = "bank-accounts",
    responses((status = 200, body = [BankAccount]), (status = 403, body = shared::ErrorBody)), security(("bearer" = [])))]
pub async fn list_bank_accounts(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<web::Json<Vec<BankAccount>>, ApiError> {
    if !rules::may_list_bank_accounts(auth.role) {
        return Err(ApiError::forbidden("Su rol solo puede confirmar cuentas, no ver la lista."));
    }
    Ok(web::Json(state.db(repo::bank_accounts::list).await?))
}

/// Adds an official account (administrators).
#[utoipa::path(post, path = "/api/v1/bank-accounts", tag = "bank-accounts", request_body = NewBankAccount,
    responses((status = 201, body = BankAccount), (status = 403, body = shared::ErrorBody),
        (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_bank_account(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<NewBankAccount>,
) -> Result<HttpResponse, ApiError> {
    auth.require(ADMINISTRATION)?;
    let new = body.into_inner();
    let account = state.write(move |conn| repo::bank_accounts::create(conn, &new)).await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/bank-accounts/{}", account.id)))
        .json(account))
}

/// Changes an official account; `active: false` withdraws it (nothing is deleted).
#[utoipa::path(patch, path = "/api/v1/bank-accounts/{id}", tag = "bank-accounts", request_body = BankAccountPatch,
    params(("id" = i64, Path)),
    responses((status = 200, body = BankAccount), (status = 403, body = shared::ErrorBody),
        (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn update_bank_account(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<BankAccountPatch>,
) -> Result<web::Json<BankAccount>, ApiError> {
    auth.require(ADMINISTRATION)?;
    let (id, patch) = (id.into_inner(), body.into_inner());
    Ok(web::Json(state.write(move |conn| repo::bank_accounts::update(conn, id, &patch)).await?))
}
