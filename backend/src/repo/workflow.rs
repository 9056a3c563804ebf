//! The workflow of a case: transitions, assignment, the back-office validation and comments, each
//! recorded in the history; and the lists built on it (the supervisor's queue, my cases, the cases
//! available to take).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::api::{
    AssignmentRequest, CaseDto, CaseEvent, CommentRequest, FieldChange, MY_CASES_LIMIT, QUEUE_LIMIT,
    SupervisorQueue, TransitionRequest, ValidationRequest,
};
use shared::rules::{self, WorkflowError, WorkflowState};
use shared::{CaseStatus, CollectionType, EventKind, ValidationResult};

use crate::auth::AuthUser;
use crate::db::models::{CaseRow, EventRow, NewEventRow, UserRow, ValidationValues, WorkflowValues, now};
use crate::db::{DbConnection, on_backend};
use crate::error::ApiError;
use crate::schema::{case_events, cases, users};

use super::cases::{CaseFilter, get, open_codes, row, to_dtos};

fn state_of(row: &CaseRow, actor: &AuthUser) -> Result<WorkflowState, ApiError> {
    Ok(WorkflowState {
        status: row.status()?,
        awaiting_validation: row.awaiting_validation()?,
        assigned_to_caller: row.assigned_to == Some(actor.id),
    })
}

/// Applies a rule's verdict in the order the API promises: the caller's role first (403), then a
/// stale `version` (409, with the case as it is now), then the case's state and details (422).
fn settle<T>(
    conn: &mut DbConnection,
    row: &CaseRow,
    version: i64,
    verdict: Result<T, WorkflowError>,
) -> Result<T, ApiError> {
    match verdict {
        Err(e) if e.is_forbidden() => Err(e.into()),
        _ if version != row.version => Err(ApiError::stale(Some(get(conn, row.id)?))),
        verdict => verdict.map_err(ApiError::from),
    }
}

/// The case at the version that was read, for an update that must not overwrite a newer one.
fn at_version(
    row: &CaseRow,
) -> diesel::dsl::Filter<diesel::dsl::Find<cases::table, i64>, diesel::dsl::Eq<cases::version, i64>> {
    cases::table.find(row.id).filter(cases::version.eq(row.version))
}

/// An update of one case at its read version wrote one row, or someone else wrote first (409).
fn expect_one(conn: &mut DbConnection, id: i64, updated: QueryResult<usize>) -> Result<(), ApiError> {
    match updated? {
        1 => Ok(()),
        _ => Err(ApiError::stale(Some(get(conn, id)?))),
    }
}

fn record(
    conn: &mut DbConnection,
    id: i64,
    kind: EventKind,
    actor: &AuthUser,
    at: NaiveDateTime,
    changes: &[FieldChange],
    note: Option<&str>,
) -> Result<i64, ApiError> {
    let event = NewEventRow::new(id, kind, actor.id, at, changes, note)?;
    Ok(on_backend!(conn, |c| diesel::insert_into(case_events::table)
        .values(&event)
        .returning(case_events::id)
        .get_result::<i64>(c))?)
}

/// Sends a case back to the supervisor's queue (`PENDIENTE`, unassigned) when it is being worked
/// on yet now waits for the back-office check ([`rules::returns_to_queue`]), with its history
/// event. Call in the transaction of the change that may cause it, after that change.
pub fn return_to_queue_if_needed(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let row = row(conn, id)?;
    if !rules::returns_to_queue(row.status()?, row.awaiting_validation()?) {
        return Ok(());
    }
    let old = row.workflow_values();
    let new = WorkflowValues {
        status: CaseStatus::Pendiente.as_str().to_owned(),
        assigned_to: None,
        ..old.clone()
    };
    let updated = diesel::update(at_version(&row))
        .set((&new, cases::version.eq(row.version + 1), cases::updated_at.eq(at)))
        .execute(conn);
    expect_one(conn, id, updated)?;
    record(
        conn,
        id,
        EventKind::CambioEstado,
        actor,
        at,
        &old.changes_to(&new),
        Some(rules::RETURNED_TO_QUEUE_NOTE),
    )?;
    Ok(())
}

/// Moves a case through the workflow. Taking it (EN_GESTION) makes it the caller's; resolving
/// records the outcome and the note; resolving or annulling closes it.
pub fn transition(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    request: &TransitionRequest,
) -> Result<CaseDto, ApiError> {
    let row = row(conn, id)?;
    let verdict = rules::check_transition(
        actor.role,
        state_of(&row, actor)?,
        request.to,
        request.outcome,
        request.note.as_deref(),
    );
    let note = settle(conn, &row, request.version, verdict)?;
    let at = now();
    let old = row.workflow_values();
    let mut new = WorkflowValues { status: request.to.as_str().to_owned(), ..old.clone() };
    match request.to {
        CaseStatus::EnGestion => new.assigned_to = Some(actor.id),
        CaseStatus::Resuelto => {
            new.outcome = request.outcome.map(|o| o.as_str().to_owned());
            new.resolution_note.clone_from(&note);
            new.closed_at = Some(at);
        }
        CaseStatus::Anulado => {
            new.resolution_note.clone_from(&note);
            new.closed_at = Some(at);
        }
        CaseStatus::Pendiente => return Err(ApiError::internal("the workflow let a case back to PENDIENTE")),
    }
    let updated = diesel::update(at_version(&row))
        .set((&new, cases::version.eq(row.version + 1), cases::updated_at.eq(at)))
        .execute(conn);
    expect_one(conn, id, updated)?;
    record(conn, id, EventKind::CambioEstado, actor, at, &old.changes_to(&new), note.as_deref())?;
    get(conn, id)
}

/// Assigns a case to an active collections agent (supervisors only). A PENDIENTE case moves to
/// EN_GESTION; an EN_GESTION one changes hands. Assigning to the current assignee changes nothing.
pub fn assign(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    request: &AssignmentRequest,
) -> Result<CaseDto, ApiError> {
    let row = row(conn, id)?;
    let verdict = rules::check_assignment(actor.role, state_of(&row, actor)?);
    settle(conn, &row, request.version, verdict)?;
    let target = users::table
        .find(request.user_id)
        .select(UserRow::as_select())
        .first::<UserRow>(conn)
        .optional()?
        .ok_or_else(|| ApiError::field("user_id", format!("No existe el usuario {}.", request.user_id)))?;
    if !rules::may_be_assigned(target.role()?, target.is_active()) {
        return Err(ApiError::field(
            "user_id",
            format!(
                "{} no es un agente de cobranzas activo: solo a ellos se asignan casos.",
                target.full_name
            ),
        ));
    }
    if row.assigned_to == Some(target.id) {
        return get(conn, id);
    }
    let at = now();
    let old = row.workflow_values();
    let new = WorkflowValues {
        status: rules::ASSIGNED_STATUS.as_str().to_owned(),
        assigned_to: Some(target.id),
        ..old.clone()
    };
    let updated = diesel::update(at_version(&row))
        .set((&new, cases::version.eq(row.version + 1), cases::updated_at.eq(at)))
        .execute(conn);
    expect_one(conn, id, updated)?;
    // The history keeps the stored id; the note names the person for whoever reads it.
    let note = format!("Asignado a {} ({}).", target.full_name, target.username);
    record(conn, id, EventKind::Asignado, actor, at, &old.changes_to(&new), Some(&note))?;
    get(conn, id)
}

/// Records the supervisor's back-office check (ATFPJC) of an EXTRAJUDICIAL or COACTIVA case.
pub fn validate(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    request: &ValidationRequest,
) -> Result<CaseDto, ApiError> {
    let row = row(conn, id)?;
    let verdict = rules::check_validation(
        actor.role,
        row.status()?,
        row.collection_type()?,
        request.result,
        request.credit_title.as_deref(),
        request.measures.as_deref(),
        request.note.as_deref(),
    );
    let checked = settle(conn, &row, request.version, verdict)?;
    let at = now();
    let old = row.validation_values();
    let new = ValidationValues {
        validation_result: Some(checked.result.as_str().to_owned()),
        validated_by: Some(actor.id),
        validated_at: Some(at),
        credit_title: checked.credit_title,
        measures: checked.measures,
        validation_note: checked.note.clone(),
    };
    let updated = diesel::update(at_version(&row))
        .set((&new, cases::version.eq(row.version + 1), cases::updated_at.eq(at)))
        .execute(conn);
    expect_one(conn, id, updated)?;
    record(conn, id, EventKind::Validado, actor, at, &old.changes_to(&new), checked.note.as_deref())?;
    // A case being worked on that the back office does not confirm cannot go on being worked.
    return_to_queue_if_needed(conn, actor, id, at)?;
    get(conn, id)
}

/// Adds a comment to a case's history, open or closed. The case itself does not change.
pub fn comment(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    request: &CommentRequest,
) -> Result<CaseEvent, ApiError> {
    let text = rules::check_comment(&request.text).map_err(|e| ApiError::field("text", e.to_string()))?;
    let case = row(conn, id)?;
    let event_id = record(conn, case.id, EventKind::Comentario, actor, now(), &[], Some(&text))?;
    let (event, author) = case_events::table
        .inner_join(users::table)
        .filter(case_events::id.eq(event_id))
        .select((EventRow::as_select(), UserRow::as_select()))
        .first::<(EventRow, UserRow)>(conn)?;
    event.to_dto(&author)
}

fn validated_types() -> Vec<&'static str> {
    CollectionType::ALL.iter().filter(|ct| ct.requires_validation()).map(|ct| ct.as_str()).collect()
}

/// Open cases whose type needs the back-office check and that are not confirmed yet.
pub fn awaiting_validation_filter() -> CaseFilter {
    cases::table
        .into_boxed()
        .filter(cases::status.eq_any(open_codes()))
        .filter(cases::collection_type.eq_any(validated_types()))
        .filter(
            cases::validation_result
                .is_null()
                .or(cases::validation_result.ne(ValidationResult::Confirmado.as_str())),
        )
}

/// PENDIENTE cases nobody works yet that may be worked: their type needs no back-office check, or
/// the check confirmed them. A supervisor assigns them; a collections agent may take them.
fn ready_to_work_filter() -> CaseFilter {
    cases::table
        .into_boxed()
        .filter(cases::status.eq(CaseStatus::Pendiente.as_str()))
        .filter(cases::assigned_to.is_null())
        .filter(
            cases::collection_type
                .ne_all(validated_types())
                .or(cases::validation_result.eq(ValidationResult::Confirmado.as_str())),
        )
}

/// Up to `limit` cases, oldest first.
fn oldest_first(conn: &mut DbConnection, filter: CaseFilter, limit: i64) -> Result<Vec<CaseDto>, ApiError> {
    let rows = filter
        .order((cases::created_at.asc(), cases::id.asc()))
        .limit(limit)
        .select(CaseRow::as_select())
        .load::<CaseRow>(conn)?;
    to_dtos(conn, &rows)
}

/// What the supervisor has to act on, oldest first.
pub fn queue(conn: &mut DbConnection) -> Result<SupervisorQueue, ApiError> {
    let awaiting_validation = oldest_first(conn, awaiting_validation_filter(), QUEUE_LIMIT)?;
    let unassigned = oldest_first(conn, ready_to_work_filter(), QUEUE_LIMIT)?;
    let open = cases::table.into_boxed().filter(cases::status.eq_any(open_codes()));
    let open_by_age = oldest_first(conn, open, QUEUE_LIMIT)?;
    Ok(SupervisorQueue { awaiting_validation, unassigned, open_by_age })
}

/// The open cases assigned to the caller, oldest first.
pub fn my_cases(conn: &mut DbConnection, actor: &AuthUser) -> Result<Vec<CaseDto>, ApiError> {
    let mine = cases::table
        .into_boxed()
        .filter(cases::assigned_to.eq(actor.id))
        .filter(cases::status.eq_any(open_codes()));
    oldest_first(conn, mine, MY_CASES_LIMIT)
}

/// The cases a collections agent may take now, oldest first (the queue's "unassigned" list).
pub fn available(conn: &mut DbConnection) -> Result<Vec<CaseDto>, ApiError> {
    oldest_first(conn, ready_to_work_filter(), QUEUE_LIMIT)
}
