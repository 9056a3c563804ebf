//! The supervisors' dashboard.

use actix_web::web;
use chrono::Utc;
use shared::api::{Dashboard, DashboardQuery, ecuador_date};
use shared::rules::access::SUPERVISION;

use crate::auth::AuthUser;
use crate::db::models::now;
use crate::error::ApiError;
use crate::repo;
use crate::state::AppState;

/// Open cases now (by status, type, line, province, age; awaiting validation) and the period's
/// activity (registered per agent, resolved per collections agent, per day, median hours to
/// resolve by type). `from`/`to` are days in Ecuador, both included; default the last 30 days.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "reports", params(DashboardQuery),
    responses((status = 200, body = Dashboard), (status = 403, body = shared::ErrorBody),
        (status = 422, description = "`from` after `to`, or a period over 366 days", body = shared::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_dashboard(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<DashboardQuery>,
) -> Result<web::Json<Dashboard>, ApiError> {
    auth.require(SUPERVISION)?;
    let (from, to) = repo::dashboard::period(&query, ecuador_date(Utc::now()))?;
    let at = now();
    let figures = state
        .db(move |conn| crate::db::read_snapshot(conn, |c| repo::dashboard::dashboard(c, from, to, at)))
        .await?;
    Ok(web::Json(figures))
}
