//! The case workflow: transitions, assignment, back-office validation, comments, and the lists
//! supervisors and collections agents work from.

use actix_web::{HttpResponse, web};
use shared::api::{
    AssignmentRequest, CaseDto, CaseEvent, CommentRequest, SupervisorQueue, TransitionRequest,
    ValidationRequest,
};
use shared::rules::access::{CASE_WORK, READERS, SUPERVISION};

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::repo;
use crate::state::AppState;

/// Moves a case: `PENDIENTE → EN_GESTION` (take: COBRANZAS or SUPERVISOR; the case becomes the
/// caller's), `EN_GESTION → RESUELTO` (with `outcome` and `note`; COBRANZAS only their own cases),
/// `PENDIENTE | EN_GESTION → ANULADO` (SUPERVISOR, with the reason in `note`). A case awaiting the
/// back-office validation may only be annulled.
#[utoipa::path(post, path = "/api/v1/cases/{id}/transitions", tag = "workflow", request_body = TransitionRequest,
    params(("id" = i64, Path, description = "Case number")),
    responses((status = 200, description = "The case as it is now", body = CaseDto),
        (status = 403, description = "The role may not make this move, or the case is not assigned to the caller", body = shared::ErrorBody),
        (status = 404, body = shared::ErrorBody),
        (status = 409, description = "Stale `version` (`current` holds the case); nothing changed", body = shared::ErrorBody),
        (status = 422, description = "Not allowed from this status, closed case, awaiting validation, or missing `outcome`/`note`", body = shared::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user = %auth.username, case = %id, to = %body.to))]
pub async fn transition_case(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<TransitionRequest>,
) -> Result<web::Json<CaseDto>, ApiError> {
    let (id, request) = (id.into_inner(), body.into_inner());
    let case = state.write(move |conn| repo::workflow::transition(conn, &auth, id, &request)).await?;
    tracing::info!(status = %case.status, "case moved");
    Ok(web::Json(case))
}

/// Assigns a case to an active collections agent (SUPERVISOR). A PENDIENTE case moves to
/// EN_GESTION; an EN_GESTION case changes hands.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assignment", tag = "workflow", request_body = AssignmentRequest,
    params(("id" = i64, Path, description = "Case number")),
    responses((status = 200, body = CaseDto),
        (status = 403, description = "Only supervisors assign", body = shared::ErrorBody),
        (status = 404, body = shared::ErrorBody),
        (status = 409, description = "Stale `version` (`current`)", body = shared::ErrorBody),
        (status = 422, description = "Closed case, awaiting validation, or `user_id` is not an active COBRANZAS user", body = shared::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user = %auth.username, case = %id, assignee = body.user_id))]
pub async fn assign_case(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<AssignmentRequest>,
) -> Result<web::Json<CaseDto>, ApiError> {
    let (id, request) = (id.into_inner(), body.into_inner());
    Ok(web::Json(state.write(move |conn| repo::workflow::assign(conn, &auth, id, &request)).await?))
}

/// Records the supervisor's back-office check (ATFPJC) of an open EXTRAJUDICIAL or COACTIVA case.
/// `CONFIRMADO` needs `credit_title`, and for COACTIVA `measures`; until a `CONFIRMADO` the case
/// cannot be taken, assigned or resolved.
#[utoipa::path(post, path = "/api/v1/cases/{id}/validation", tag = "workflow", request_body = ValidationRequest,
    params(("id" = i64, Path, description = "Case number")),
    responses((status = 200, body = CaseDto),
        (status = 403, description = "Only supervisors validate", body = shared::ErrorBody),
        (status = 404, body = shared::ErrorBody),
        (status = 409, description = "Stale `version` (`current`)", body = shared::ErrorBody),
        (status = 422, description = "Type needs no validation, closed case, or missing `credit_title`/`measures`", body = shared::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user = %auth.username, case = %id, result = %body.result))]
pub async fn record_validation(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<ValidationRequest>,
) -> Result<web::Json<CaseDto>, ApiError> {
    let (id, request) = (id.into_inner(), body.into_inner());
    Ok(web::Json(state.write(move |conn| repo::workflow::validate(conn, &auth, id, &request)).await?))
}

/// Adds a comment to a case's history (every role that reads cases; closed cases too).
#[utoipa::path(post, path = "/api/v1/cases/{id}/comments", tag = "workflow", request_body = CommentRequest,
    params(("id" = i64, Path, description = "Case number")),
    responses((status = 201, description = "The history entry", body = CaseEvent),
        (status = 404, body = shared::ErrorBody),
        (status = 422, description = "Empty or too long `text`", body = shared::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user = %auth.username, case = %id))]
pub async fn comment_case(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<CommentRequest>,
) -> Result<HttpResponse, ApiError> {
    auth.require(READERS)?;
    let (id, request) = (id.into_inner(), body.into_inner());
    let event = state.write(move |conn| repo::workflow::comment(conn, &auth, id, &request)).await?;
    Ok(HttpResponse::Created().json(event))
}

/// The supervisor's queue, each list oldest first and bounded: cases awaiting the back-office
/// validation, PENDIENTE cases ready to assign, and every open case.
#[utoipa::path(get, path = "/api/v1/queue", tag = "workflow",
    responses((status = 200, body = SupervisorQueue), (status = 403, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn supervisor_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<web::Json<SupervisorQueue>, ApiError> {
    auth.require(SUPERVISION)?;
    // One snapshot: a case is never in two lists, or in none, because it moved between them.
    Ok(web::Json(state.db(|conn| crate::db::read_snapshot(conn, repo::workflow::queue)).await?))
}

/// The open cases assigned to the caller, oldest first (COBRANZAS; SUPERVISOR for the cases they took).
#[utoipa::path(get, path = "/api/v1/my-cases", tag = "workflow",
    responses((status = 200, body = [CaseDto]), (status = 403, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn my_cases(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<web::Json<Vec<CaseDto>>, ApiError> {
    auth.require(CASE_WORK)?;
    Ok(web::Json(state.db(move |conn| repo::workflow::my_cases(conn, &auth)).await?))
}

/// The PENDIENTE cases a collections agent may take now (unassigned, and confirmed by the
/// back-office where their type needs it), oldest first, at most 100 (`QUEUE_LIMIT`).
#[utoipa::path(get, path = "/api/v1/available-cases", tag = "workflow",
    responses((status = 200, body = [CaseDto]), (status = 403, body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn available_cases(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<web::Json<Vec<CaseDto>>, ApiError> {
    auth.require(CASE_WORK)?;
    Ok(web::Json(state.db(repo::workflow::available).await?))
}
