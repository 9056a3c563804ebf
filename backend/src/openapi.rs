//! The OpenAPI document, assembled from the `#[utoipa::path]` of each handler. The committed copy
//! in `openapi/openapi.json` is checked against it by the test suite.

use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
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
    modifiers(&BearerAuth, &CommonResponses),
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

/// The answers every operation can give besides its own, written once: 401 where a token is
/// needed, 400 where a body or query string is read (malformed JSON, unknown fields, bad values),
/// 413 for a body over the limit. All in the one error envelope.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for operation in operations.into_iter().flatten() {
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let has_body = operation.request_body.is_some();
                let has_query = operation
                    .parameters
                    .as_ref()
                    .is_some_and(|ps| ps.iter().any(|p| p.parameter_in == ParameterIn::Query));
                let responses = &mut operation.responses.responses;
                let mut add = |status: &str, description: &str| {
                    responses.entry(status.to_owned()).or_insert_with(|| error(description).into());
                };
                if secured {
                    add("401", "No token, or an expired, tampered or revoked one");
                }
                if has_body || has_query {
                    add("400", "Malformed JSON or query string, or an unknown field");
                }
                if has_body {
                    add("413", "Body over 64 KiB");
                }
            }
        }
    }
}
