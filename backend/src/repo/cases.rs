//! Cases and their history.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::dsl;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use shared::api::{
    CaseDto, CaseEvent, CasePage, CasePatch, CaseQuery, DEFAULT_PAGE_SIZE, DuplicateCheck, DuplicateQuery,
    ECUADOR_UTC_OFFSET_SECONDS, FieldChange, MAX_PAGE_SIZE,
};
use shared::error::add_field_error;
use shared::form::{ValidCase, validate_case};
use shared::{CaseStatus, ErrorKind, EventKind, FieldErrors};

use crate::auth::AuthUser;
use crate::db::models::{
    CaseRow, CaseValues, EventRow, NewCaseRow, NewEventRow, UserRow, UsersById, ValidationValues, now,
};
use crate::db::{DbConnection, on_backend};
use crate::error::ApiError;
use crate::schema::{case_events, cases, users};

/// The SQL dialect of whichever database is in use.
pub type Db = <DbConnection as diesel::Connection>::Backend;

/// A filtered, not yet ordered, query over the cases table.
pub type CaseFilter = cases::BoxedQuery<'static, Db>;

use super::is_unique_violation;

pub fn open_codes() -> [&'static str; 2] {
    CaseStatus::OPEN.map(CaseStatus::as_str)
}

/// The users with these ids, by id.
pub fn users_by_id(
    conn: &mut DbConnection,
    ids: impl IntoIterator<Item = i64>,
) -> Result<UsersById, ApiError> {
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(UsersById::new());
    }
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select(UserRow::as_select())
        .load::<UserRow>(conn)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Cases as the API shows them, with the users they refer to (creator, assignee, validator)
/// loaded in one extra query.
pub fn to_dtos(conn: &mut DbConnection, rows: &[CaseRow]) -> Result<Vec<CaseDto>, ApiError> {
    let users = users_by_id(
        conn,
        rows.iter().flat_map(|r| std::iter::once(r.created_by).chain(r.referenced_users())),
    )?;
    rows.iter()
        .map(|row| {
            let creator = users
                .get(&row.created_by)
                .ok_or_else(|| ApiError::internal(format!("creator of case {} not loaded", row.id)))?;
            row.to_dto(creator, &users)
        })
        .collect()
}

fn to_dto(conn: &mut DbConnection, row: &CaseRow) -> Result<CaseDto, ApiError> {
    to_dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal(format!("case {} vanished", row.id)))
}

/// The stored row of a case, 404 when there is none.
pub fn row(conn: &mut DbConnection, id: i64) -> Result<CaseRow, ApiError> {
    cases::table
        .filter(cases::id.eq(id))
        .select(CaseRow::as_select())
        .first::<CaseRow>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(format!("No existe el caso Nº {id}.")))
}

/// The case with the users it refers to, as the API shows it.
pub fn get(conn: &mut DbConnection, id: i64) -> Result<CaseDto, ApiError> {
    let row = row(conn, id)?;
    to_dto(conn, &row)
}

/// The open case with this normalised reference and collection type, if any.
pub fn find_open(
    conn: &mut DbConnection,
    collection_type: &str,
    reference: &str,
) -> Result<Option<CaseDto>, ApiError> {
    let row = cases::table
        .filter(cases::collection_type.eq(collection_type))
        .filter(cases::reference.eq(reference))
        .filter(cases::status.eq_any(open_codes()))
        .select(CaseRow::as_select())
        .first::<CaseRow>(conn)
        .optional()?;
    row.map(|row| to_dto(conn, &row)).transpose()
}

/// Fills in the case that blocked a save refused by the database's unique index (the race the
/// in-transaction check cannot see on PostgreSQL).
pub fn duplicate_error(
    conn: &mut DbConnection,
    collection_type: &str,
    reference: &str,
) -> Result<ApiError, ApiError> {
    Ok(match find_open(conn, collection_type, reference)? {
        Some(existing) => ApiError::duplicate(existing),
        None => ApiError::kind(ErrorKind::DuplicateCase),
    })
}

fn all_fields_as_changes(values: &CaseValues) -> Vec<FieldChange> {
    values
        .visible_fields()
        .into_iter()
        .filter(|(_, value)| value.is_some())
        .map(|(field, new)| FieldChange { field: field.to_owned(), old: None, new })
        .collect()
}

/// Registers a case and its first history event, in the caller's transaction.
pub fn create(conn: &mut DbConnection, actor: &AuthUser, case: &ValidCase) -> Result<CaseDto, ApiError> {
    let values = CaseValues::from_valid(case);
    if let Some(existing) = find_open(conn, &values.collection_type, &values.reference)? {
        return Err(ApiError::duplicate(existing));
    }
    let at = now();
    let row = NewCaseRow {
        values: values.clone(),
        status: case.status.as_str(),
        created_by: actor.id,
        created_at: at,
        updated_at: at,
        version: 1,
    };
    let inserted = on_backend!(conn, |c| diesel::insert_into(cases::table)
        .values(&row)
        .returning(cases::id)
        .get_result::<i64>(c));
    let id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(ApiError::kind(ErrorKind::DuplicateCase)),
        Err(e) => return Err(e.into()),
    };
    let changes = all_fields_as_changes(&values);
    diesel::insert_into(case_events::table)
        .values(NewEventRow::new(id, EventKind::Creado, actor.id, at, &changes, None)?)
        .execute(conn)?;
    get(conn, id)
}

/// Applies corrections: N1 agents their own PENDIENTE cases, supervisors any open case.
pub fn update(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    patch: &CasePatch,
) -> Result<CaseDto, ApiError> {
    let row = row(conn, id)?;
    shared::rules::may_correct(actor.role, row.created_by == actor.id, row.status()?)
        .map_err(ApiError::forbidden)?;
    if patch.version != row.version {
        return Err(ApiError::stale(Some(to_dto(conn, &row)?)));
    }
    let next = patch.apply_to(&row.to_form());
    let valid = validate_case(&next).map_err(ApiError::validation)?;
    let old_values = row.values();
    let new_values = CaseValues::from_valid(&valid);
    let changes = old_values.changes_to(&new_values);
    if changes.is_empty() {
        return to_dto(conn, &row);
    }
    let moves_reference = (&new_values.collection_type, &new_values.reference)
        != (&old_values.collection_type, &old_values.reference);
    if moves_reference
        && let Some(existing) = find_open(conn, &new_values.collection_type, &new_values.reference)?
    {
        return Err(ApiError::duplicate(existing));
    }
    // The back-office check was of the old type and reference: it must be done again.
    let old_validation = row.validation_values();
    let resets_validation = moves_reference && old_validation.validation_result.is_some();
    let validation = if resets_validation { ValidationValues::PENDING } else { old_validation.clone() };
    let at = now();
    let updated =
        diesel::update(cases::table.filter(cases::id.eq(id)).filter(cases::version.eq(patch.version)))
            .set((&new_values, &validation, cases::version.eq(row.version + 1), cases::updated_at.eq(at)))
            .execute(conn);
    match updated {
        Ok(1) => {}
        Ok(_) => return Err(ApiError::stale(Some(get(conn, id)?))),
        Err(e) if is_unique_violation(&e) => return Err(ApiError::kind(ErrorKind::DuplicateCase)),
        Err(e) => return Err(e.into()),
    }
    diesel::insert_into(case_events::table)
        .values(NewEventRow::new(id, EventKind::Editado, actor.id, at, &changes, None)?)
        .execute(conn)?;
    if resets_validation {
        let note =
            "La validación en back-office vuelve a pendiente: cambió el tipo de cobranza o la referencia.";
        let changes = old_validation.changes_to(&validation);
        diesel::insert_into(case_events::table)
            .values(NewEventRow::new(id, EventKind::Validado, actor.id, at, &changes, Some(note))?)
            .execute(conn)?;
    }
    // A case being worked on whose new type or reference needs the back-office check goes back
    // to the supervisor's queue until it is confirmed.
    super::workflow::return_to_queue_if_needed(conn, actor, id, at)?;
    get(conn, id)
}

/// The start of a day in Ecuador, as a UTC timestamp (UTC = local time − offset).
pub fn ecuador_day_start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) - Duration::seconds(i64::from(ECUADOR_UTC_OFFSET_SECONDS))
}

/// Longest search text: a name, a document or a reference, with room to spare.
pub const SEARCH_MAX_CHARS: usize = 100;

/// What is wrong with the list filters (`from` after `to`, an overlong search), field by field.
pub fn filter_errors(query: &CaseQuery) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if query.q.as_deref().is_some_and(|q| q.trim().chars().count() > SEARCH_MAX_CHARS) {
        add_field_error(&mut errors, "q", format!("La búsqueda admite hasta {SEARCH_MAX_CHARS} caracteres."));
    }
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        add_field_error(&mut errors, "from", "La fecha inicial es posterior a la final.");
    }
    errors
}

/// A search term for `LIKE`: folded like `search_text`, with the wildcards a user may type taken
/// literally by dropping them; `None` when nothing is left to look for.
fn like_pattern(text: &str) -> Option<String> {
    let folded: String =
        shared::text::fold_for_search(text).chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
    let folded = folded.trim();
    (!folded.is_empty()).then(|| format!("%{folded}%"))
}

/// The search term of a list query as `LIKE` patterns: as typed, and compacted like a reference (a
/// number typed with spaces or dashes still finds the stored reference or document). Empty when
/// there is nothing to look for.
fn search_patterns(query: &CaseQuery) -> Vec<String> {
    let q = query.q.as_deref().unwrap_or_default();
    let mut patterns: Vec<String> = [like_pattern(q), like_pattern(&shared::text::normalize_reference(q))]
        .into_iter()
        .flatten()
        .collect();
    patterns.dedup();
    patterns
}

/// Cases whose `search_text` contains one of `patterns`. On PostgreSQL the planner answers this
/// from the `pg_trgm` index when a term is rare, and by reading the newest cases when it is
/// common.
fn contains_any(patterns: &[String]) -> Box<dyn BoxableExpression<cases::table, Db, SqlType = Bool>> {
    patterns.iter().fold(Box::new(dsl::sql::<Bool>("FALSE")), |any, pattern| {
        Box::new(any.or(cases::search_text.like(pattern.clone())))
    })
}

/// The cases matching the list filters other than the free text.
fn filtered_but_text(query: &CaseQuery) -> CaseFilter {
    let mut sql = cases::table.into_boxed();
    if let Some(ct) = query.collection_type {
        sql = sql.filter(cases::collection_type.eq(ct.as_str()));
    }
    if let Some(status) = query.status {
        sql = sql.filter(cases::status.eq(status.as_str()));
    }
    if let Some(line) = query.business_line {
        sql = sql.filter(cases::business_line.eq(line.as_str()));
    }
    if let Some(province) = query.province {
        sql = sql.filter(cases::province.eq(province.as_str()));
    }
    if let Some(creator) = query.created_by {
        sql = sql.filter(cases::created_by.eq(creator));
    }
    if let Some(assignee) = query.assigned_to {
        sql = sql.filter(cases::assigned_to.eq(assignee));
    }
    if let Some(from) = query.from {
        sql = sql.filter(cases::created_at.ge(ecuador_day_start(from)));
    }
    if let Some(to) = query.to {
        sql = sql.filter(cases::created_at.lt(ecuador_day_start(to) + Duration::days(1)));
    }
    sql
}

/// One keyset page of the filtered cases, newest first: those numbered below `before`.
fn page(
    conn: &mut DbConnection,
    query: &CaseQuery,
    before: Option<i64>,
    size: i64,
) -> Result<Vec<CaseRow>, ApiError> {
    let patterns = search_patterns(query);
    let ids = match conn {
        DbConnection::Sqlite(_) if !patterns.is_empty() => {
            sqlite_search(conn, query, &patterns, before.unwrap_or(i64::MAX), size)?
        }
        _ => {
            let mut ids = filtered_but_text(query).select(cases::id);
            if !patterns.is_empty() {
                ids = ids.filter(contains_any(&patterns));
            }
            if let Some(before) = before {
                ids = ids.filter(cases::id.lt(before));
            }
            // The page's numbers first, from an index where a filter has one, then only those
            // rows: a date range of thousands of cases sorts numbers, not whole cases. (Two
            // statements: diesel's MultiConnection cannot nest a boxed subquery.)
            ids.order(cases::id.desc()).limit(size).load::<i64>(conn)?
        }
    };
    Ok(cases::table
        .filter(cases::id.eq_any(ids))
        .order(cases::id.desc())
        .select(CaseRow::as_select())
        .load::<CaseRow>(conn)?)
}

/// Free-text search on SQLite, newest first: the FTS5 trigram index (`cases_search`) names the
/// cases that contain a term, newest first and a chunk at a time; the other filters keep those
/// that match, until `size` are found. A common term stops after its first chunk; a rare one
/// costs a few index lookups instead of reading every case.
fn sqlite_search(
    conn: &mut DbConnection,
    query: &CaseQuery,
    patterns: &[String],
    mut below: i64,
    size: i64,
) -> Result<Vec<i64>, ApiError> {
    #[derive(QueryableByName)]
    struct Candidate {
        #[diesel(sql_type = BigInt)]
        rowid: i64,
    }
    const MAX_CHUNK: i64 = 8192;
    let mut found: Vec<i64> = Vec::new();
    let mut chunk = (size * 4).max(200);
    loop {
        // Each pattern's next `chunk` candidates below `below`. Together they hold every match
        // down to `covered`: the highest of the last numbers of the patterns not yet exhausted.
        let mut candidates = BTreeSet::new();
        let mut covered = i64::MIN;
        for pattern in patterns {
            let DbConnection::Sqlite(c) = &mut *conn else {
                return Err(ApiError::internal("the FTS5 search runs on SQLite only"));
            };
            let rows = diesel::sql_query(
                "SELECT rowid FROM cases_search WHERE search_text LIKE ? AND rowid < ? \
                 ORDER BY rowid DESC LIMIT ?",
            )
            .bind::<Text, _>(pattern)
            .bind::<BigInt, _>(below)
            .bind::<BigInt, _>(chunk)
            .load::<Candidate>(c)?;
            if let Some(last) = rows.last().filter(|_| rows.len() as i64 == chunk) {
                covered = covered.max(last.rowid);
            }
            candidates.extend(rows.iter().map(|r| r.rowid));
        }
        let window: Vec<i64> = candidates.into_iter().filter(|id| *id >= covered).collect();
        if !window.is_empty() {
            let wanted = size - found.len() as i64;
            let matched = filtered_but_text(query)
                .select(cases::id)
                .filter(cases::id.eq_any(window))
                .order(cases::id.desc())
                .limit(wanted)
                .load::<i64>(conn)?;
            found.extend(matched);
        }
        if found.len() as i64 >= size || covered == i64::MIN {
            return Ok(found);
        }
        below = covered;
        chunk = (chunk * 4).min(MAX_CHUNK);
    }
}

/// Search and filters, newest first, by keyset on the case number.
pub fn list(conn: &mut DbConnection, query: &CaseQuery) -> Result<CasePage, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    let mut errors = filter_errors(query);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        add_field_error(&mut errors, "limit", format!("Debe estar entre 1 y {MAX_PAGE_SIZE}."));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let before = match query.cursor.as_deref() {
        Some(cursor) => Some(cursor.parse::<i64>().map_err(|_| {
            ApiError::field("cursor", "Cursor no válido: use el next_cursor de la página anterior.")
        })?),
        None => None,
    };
    let mut rows = page(conn, query, before, i64::from(limit) + 1)?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more { rows.last().map(|row| row.id.to_string()) } else { None };
    Ok(CasePage { items: to_dtos(conn, &rows)?, next_cursor })
}

/// One chunk of an export: up to `size` filtered cases numbered below `before`, newest first.
pub fn export_chunk(
    conn: &mut DbConnection,
    query: &CaseQuery,
    before: Option<i64>,
    size: i64,
) -> Result<Vec<CaseDto>, ApiError> {
    let rows = page(conn, query, before, size)?;
    to_dtos(conn, &rows)
}

/// Most cases of one customer the duplicate check lists.
const SAME_CUSTOMER_LIMIT: i64 = 20;

/// What would block a save, and the customer's other open cases.
pub fn duplicates(conn: &mut DbConnection, query: &DuplicateQuery) -> Result<DuplicateCheck, ApiError> {
    let reference =
        query.reference.as_deref().map(shared::text::normalize_reference).filter(|r| !r.is_empty());
    let blocking = match (reference, query.collection_type) {
        (Some(reference), Some(ct)) => find_open(conn, ct.as_str(), &reference)?,
        _ => None,
    };
    let document = query
        .document_number
        .as_deref()
        .map(shared::document::normalize_document_number)
        .filter(|d| !d.is_empty());
    let same_customer = match document {
        Some(document) => {
            let mut sql = cases::table
                .filter(cases::document_number.eq(document))
                .filter(cases::status.eq_any(open_codes()))
                .select(CaseRow::as_select())
                .order(cases::id.desc())
                .limit(SAME_CUSTOMER_LIMIT)
                .into_boxed();
            if let Some(blocking) = &blocking {
                sql = sql.filter(cases::id.ne(blocking.id));
            }
            let rows = sql.load::<CaseRow>(conn)?;
            to_dtos(conn, &rows)?
        }
        None => Vec::new(),
    };
    Ok(DuplicateCheck { blocking, same_customer })
}

/// The history of a case, oldest first.
pub fn events(conn: &mut DbConnection, id: i64) -> Result<Vec<CaseEvent>, ApiError> {
    let exists: i64 = cases::table.filter(cases::id.eq(id)).count().get_result(conn)?;
    if exists == 0 {
        return Err(ApiError::not_found(format!("No existe el caso Nº {id}.")));
    }
    let mut events = case_events::table
        .inner_join(users::table)
        .filter(case_events::case_id.eq(id))
        .order(case_events::id.asc())
        .select((EventRow::as_select(), UserRow::as_select()))
        .load::<(EventRow, UserRow)>(conn)?
        .iter()
        .map(|(event, actor)| event.to_dto(actor))
        .collect::<Result<Vec<_>, _>>()?;
    // Assignments and validations store user ids; each event names the users it mentions.
    let named =
        users_by_id(conn, events.iter().flat_map(|e| e.changes.iter().flat_map(FieldChange::user_ids)))?;
    for event in &mut events {
        let ids: BTreeSet<i64> = event.changes.iter().flat_map(FieldChange::user_ids).collect();
        event.users = ids.iter().filter_map(|id| named.get(id)).map(UserRow::to_ref).collect();
    }
    Ok(events)
}
