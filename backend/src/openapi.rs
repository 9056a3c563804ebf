//! The OpenAPI document, assembled from the `#[utoipa::path]` of each handler. The committed copy
//! in `openapi/openapi.json` is checked against it by the test suite.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{auth, bank_accounts, cases, dashboard, export, health, users, workflow};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bitácora de Reclamos Coactiva API",
        description = "Case log for CNT's Recaudación Emergente. Every error has the body \
            `{error, message, fields?, existing?, current?}`; messages are in Spanish. Sign in at \
            `/api/v1/auth/login` and send `Authorization: Bearer <access_token>`.",
        version = "1.0.0"
    ),
    paths(
        health::health,
        auth::login, auth::refresh, auth::logout, auth::me,
        users::list_users, users::create_user, users::update_user, users::reset_password, users::list_assignees,
        cases::create_case, cases::list_cases, cases::check_duplicates, cases::get_case,
        cases::update_case, cases::list_case_events,
        workflow::transition_case, workflow::assign_case, workflow::record_validation,
        workflow::comment_case, workflow::supervisor_queue, workflow::my_cases,
        workflow::available_cases,
        dashboard::get_dashboard, export::export_cases,
        bank_accounts::confirm_bank_account, bank_accounts::list_bank_accounts,
        bank_accounts::create_bank_account, bank_accounts::update_bank_account,
    ),
    components(schemas(shared::ErrorBody, shared::ErrorKind, shared::document::DocumentType)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in and sessions"),
        (name = "users", description = "Accounts and roles (ADMIN)"),
        (name = "cases", description = "The case log"),
        (name = "workflow", description = "Taking, assigning, validating, resolving and annulling cases; comments"),
        (name = "reports", description = "Dashboard and CSV export (SUPERVISOR, ADMIN)"),
        (name = "bank-accounts", description = "CNT's official collection accounts"),
        (name = "health", description = "Liveness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
    }
}
