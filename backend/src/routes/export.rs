//! The case log as a CSV download, streamed a chunk at a time.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use futures_util::stream;
use shared::api::{CaseQuery, ecuador_date};
use shared::error::add_field_error;
use shared::rules::access::SUPERVISION;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::{export, repo};

/// Cases read and sent at a time: memory stays flat however many cases match.
const EXPORT_CHUNK: i64 = 500;

/// Where the export has got to: the number below which the next chunk starts, or the end.
enum Next {
    Before(i64),
    Done,
}

/// Every case matching the filters of `GET /cases` (no `cursor` or `limit`), newest first, as a
/// CSV file for Excel: UTF-8 with a BOM, Spanish headers, formulas neutralised.
#[utoipa::path(get, path = "/api/v1/cases/export.csv", tag = "reports", params(CaseQuery),
    responses(
        (status = 200, description = "`bitacora-YYYYMMDD.csv`", content_type = "text/csv; charset=utf-8", body = String),
        (status = 403, body = shared::ErrorBody),
        (status = 422, description = "`cursor` or `limit` given", body = shared::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user = %auth.username))]
pub async fn export_cases(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<CaseQuery>,
) -> Result<HttpResponse, ApiError> {
    auth.require(SUPERVISION)?;
    let query = query.into_inner();
    let mut errors = repo::cases::filter_errors(&query);
    for (field, given) in [("cursor", query.cursor.is_some()), ("limit", query.limit.is_some())] {
        if given {
            add_field_error(
                &mut errors,
                field,
                "La exportación incluye todos los casos filtrados; quite este parámetro.",
            );
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    // The first chunk is read before answering, so that a failing query is still a proper error.
    let first_query = query.clone();
    let first =
        state.db(move |conn| repo::cases::export_chunk(conn, &first_query, None, EXPORT_CHUNK)).await?;
    let next = next_after(&first);
    let head = Bytes::from(export::chunk(&first, true)?);
    let rest = stream::try_unfold(next, move |next| {
        let (state, query) = (state.clone(), query.clone());
        async move {
            let Next::Before(before) = next else { return Ok(None) };
            let cases = state
                .db(move |conn| repo::cases::export_chunk(conn, &query, Some(before), EXPORT_CHUNK))
                .await?;
            let next = next_after(&cases);
            Ok::<_, ApiError>(Some((Bytes::from(export::chunk(&cases, false)?), next)))
        }
    });
    let body = futures_util::StreamExt::chain(stream::once(async { Ok::<_, ApiError>(head) }), rest);
    let filename = format!("bitacora-{}.csv", ecuador_date(Utc::now()).format("%Y%m%d"));
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .streaming(body))
}

fn next_after(chunk: &[shared::api::CaseDto]) -> Next {
    match chunk.last() {
        Some(last) if chunk.len() as i64 == EXPORT_CHUNK => Next::Before(last.id),
        _ => Next::Done,
    }
}
