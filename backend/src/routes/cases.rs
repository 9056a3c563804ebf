//! The case log: register, search, read, correct, and the history.

use actix_web::{HttpResponse, web};
use shared::api::{
    CaseDto, CaseEvent, CasePage, CasePatch, CaseQuery, DuplicateCheck, DuplicateQuery, NewCase,
};
use shared::form::validate_case;
use shared::rules::access::READERS;
use shared::{CaseStatus, CollectionType, ErrorKind, Role, rules};

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::repo;
use crate::state::AppState;

/// Completes a duplicate refusal that the database's unique index raised, with the case that won.
async fn with_existing(state: &web::Data<AppState>, error: ApiError, form: &NewCase) -> ApiError {
    if error.body.error != ErrorKind::DuplicateCase || error.body.existing.is_some() {
        return error;
    }
    let ct =
        CollectionType::parse_code(&form.collection_type).map(|c| c.as_str().to_owned()).unwrap_or_default();
    let reference = shared::text::normalize_reference(&form.reference);
    // Should the lookup itself fail, the refusal still stands: a 409 without the case, not a 500.
    state.db(move |conn| repo::cases::duplicate_error(conn, &ct, &reference)).await.unwrap_or(error)
}

/// Registers a case. N1 agents always create `PENDIENTE`. Refused with 409 (and the existing case)
/// when an open case has the same normalised reference and collection type.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = NewCase,
    responses(
        (status = 201, description = "Registered; `Location` names it", body = CaseDto),
        (status = 403, description = "Role may not register cases, or N1 asked for a status other than PENDIENTE", body = shared::ErrorBody),
        (status = 409, description = "An open case with the same reference and type exists (`existing`)", body = shared::ErrorBody),
        (status = 422, description = "Every invalid field, in `fields`", body = shared::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user = %auth.username))]
pub async fn create_case(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<NewCase>,
) -> Result<HttpResponse, ApiError> {
    if !rules::may_create_cases(auth.role) {
        return Err(ApiError::forbidden("Su rol no permite registrar casos."));
    }
    let form = body.into_inner();
    let asked = form.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if auth.is(Role::AgenteN1)
        && asked.is_some_and(|s| CaseStatus::parse_code(s) != Some(rules::INITIAL_STATUS))
    {
        return Err(ApiError::forbidden("Un agente N1 solo registra casos en estado PENDIENTE."));
    }
    let valid = validate_case(&form).map_err(ApiError::validation)?;
    let document = valid.document.number().to_owned();
    let creator = auth.clone();
    let created = state.write(move |conn| repo::cases::create(conn, &creator, &valid)).await;
    let mut case = match created {
        Ok(case) => case,
        Err(e) => return Err(with_existing(&state, e, &form).await),
    };
    let (id, ct) = (case.id, case.collection_type);
    let others = state
        .db(move |conn| {
            repo::cases::duplicates(
                conn,
                &DuplicateQuery { document_number: Some(document), ..DuplicateQuery::default() },
            )
        })
        .await?
        .same_customer
        .into_iter()
        .filter(|c| c.id != id)
        .map(|c| format!("Nº {} ({})", c.id, c.collection_type.label().to_lowercase()))
        .collect::<Vec<_>>();
    if !others.is_empty() {
        case.warnings.push(format!("El cliente tiene otros casos abiertos: {}.", others.join(", ")));
    }
    tracing::info!(case = id, collection_type = %ct, "case registered");
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, format!("/api/v1/cases/{id}")))
        .json(case))
}

/// Searches the log, newest first, a page at a time (`next_cursor`).
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseQuery),
    responses((status = 200, body = CasePage), (status = 400, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_cases(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<CaseQuery>,
) -> Result<web::Json<CasePage>, ApiError> {
    auth.require(READERS)?;
    let query = query.into_inner();
    Ok(web::Json(state.db(move |conn| repo::cases::list(conn, &query)).await?))
}

/// What the form shows while the agent types: the open case that would block the save, and the
/// customer's other open cases.
#[utoipa::path(get, path = "/api/v1/cases/duplicates", tag = "cases", params(DuplicateQuery),
    responses((status = 200, body = DuplicateCheck)), security(("bearer" = [])))]
pub async fn check_duplicates(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<DuplicateQuery>,
) -> Result<web::Json<DuplicateCheck>, ApiError> {
    auth.require(READERS)?;
    let query = query.into_inner();
    Ok(web::Json(state.db(move |conn| repo::cases::duplicates(conn, &query)).await?))
}

/// One case.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = i64, Path, description = "Case number")),
    responses((status = 200, body = CaseDto), (status = 404, body = shared::ErrorBody)), security(("bearer" = [])))]
pub async fn get_case(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<CaseDto>, ApiError> {
    auth.require(READERS)?;
    let id = id.into_inner();
    Ok(web::Json(state.db(move |conn| repo::cases::get(conn, id)).await?))
}

/// Corrects a case: N1 agents their own PENDIENTE cases, supervisors any open case. The body
/// carries the `version` being corrected; a stale one is refused (409, `current`) and nothing
/// changes. Every changed field is recorded in the history, old → new.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", tag = "cases", request_body = CasePatch,
    params(("id" = i64, Path, description = "Case number")),
    responses((status = 200, body = CaseDto), (status = 403, body = shared::ErrorBody),
        (status = 404, body = shared::ErrorBody),
        (status = 409, description = "Stale version (`current`) or duplicate (`existing`)", body = shared::ErrorBody),
        (status = 422, body = shared::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user = %auth.username, case = %id))]
pub async fn update_case(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<CasePatch>,
) -> Result<web::Json<CaseDto>, ApiError> {
    let (id, patch) = (id.into_inner(), body.into_inner());
    let editor = auth.clone();
    let patch2 = patch.clone();
    let updated = state.write(move |conn| repo::cases::update(conn, &editor, id, &patch2)).await;
    match updated {
        Ok(case) => Ok(web::Json(case)),
        Err(e) if e.body.error == ErrorKind::DuplicateCase && e.body.existing.is_none() => {
            let current = state.db(move |conn| repo::cases::get(conn, id)).await?;
            let form = patch.apply_to(&NewCase {
                collection_type: current.collection_type.as_str().to_owned(),
                reference: current.reference.clone(),
                ..NewCase::default()
            });
            Err(with_existing(&state, e, &form).await)
        }
        Err(e) => Err(e),
    }
}

/// The history of a case, oldest first: who, when, what changed.
#[utoipa::path(get, path = "/api/v1/cases/{id}/events", tag = "cases", params(("id" = i64, Path, description = "Case number")),
    responses((status = 200, body = [CaseEvent]), (status = 404, body = shared::ErrorBody)), security(("bearer" = [])))]
pub async fn list_case_events(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<CaseEvent>>, ApiError> {
    auth.require(READERS)?;
    let id = id.into_inner();
    Ok(web::Json(state.db(move |conn| repo::cases::events(conn, id)).await?))
}
