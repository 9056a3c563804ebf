//! Liveness with a database round trip, for load balancers.

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl;
use shared::api::Health;

use crate::error::ApiError;
use crate::state::AppState;

/// The server and its database answer.
#[utoipa::path(get, path = "/api/health", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = shared::ErrorBody)))]
pub async fn health(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db(|conn| {
            diesel::sql_query("SELECT 1")
                .execute(conn)
                .map_err(|e| ApiError::unavailable(format!("health check: {e}")))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok".into(), database: state.db_kind.name().into() }))
}
