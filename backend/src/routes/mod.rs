//! Every route of the server, wired in one place.

pub mod auth;
pub mod bank_accounts;
pub mod cases;
pub mod dashboard;
pub mod export;
pub mod health;
pub mod spa;
pub mod users;
pub mod workflow;

use std::path::Path;

use actix_web::web;
use shared::ErrorKind;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::ApiError;
use crate::openapi::ApiDoc;

pub fn config(cfg: &mut web::ServiceConfig, static_dir: &Path) {
    cfg.route("/api/health", web::get().to(health::health))
        .route("/api/docs", web::get().to(docs_redirect))
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi()))
        .service(
            web::scope("/api/v1")
                .route("/auth/login", web::post().to(auth::login))
                .route("/auth/refresh", web::post().to(auth::refresh))
                .route("/auth/logout", web::post().to(auth::logout))
                .route("/me", web::get().to(auth::me))
                .route("/users", web::get().to(users::list_users))
                .route("/users", web::post().to(users::create_user))
                .route("/users/{id}", web::patch().to(users::update_user))
                .route("/users/{id}/password", web::post().to(users::reset_password))
                .route("/assignees", web::get().to(users::list_assignees))
                .route("/cases", web::get().to(cases::list_cases))
                .route("/cases", web::post().to(cases::create_case))
                .route("/cases/duplicates", web::get().to(cases::check_duplicates))
                // Before `/cases/{id}`, which would take `export.csv` for a case number.
                .route("/cases/export.csv", web::get().to(export::export_cases))
                .route("/cases/{id}", web::get().to(cases::get_case))
                .route("/cases/{id}", web::patch().to(cases::update_case))
                .route("/cases/{id}/events", web::get().to(cases::list_case_events))
                .route("/cases/{id}/transitions", web::post().to(workflow::transition_case))
                .route("/cases/{id}/assignment", web::post().to(workflow::assign_case))
                .route("/cases/{id}/validation", web::post().to(workflow::record_validation))
                .route("/cases/{id}/comments", web::post().to(workflow::comment_case))
                .route("/queue", web::get().to(workflow::supervisor_queue))
                .route("/my-cases", web::get().to(workflow::my_cases))
                .route("/available-cases", web::get().to(workflow::available_cases))
                .route("/dashboard", web::get().to(dashboard::get_dashboard))
                .route("/bank-accounts/confirm", web::get().to(bank_accounts::confirm_bank_account))
                .route("/bank-accounts", web::get().to(bank_accounts::list_bank_accounts))
                .route("/bank-accounts", web::post().to(bank_accounts::create_bank_account))
                .route("/bank-accounts/{id}", web::patch().to(bank_accounts::update_bank_account))
                .default_service(web::to(api_not_found)),
        )
        .service(web::scope("/api").default_service(web::to(api_not_found)));
    spa::config(cfg, static_dir);
}

/// `/api/docs` is where people type it; Swagger UI lives under `/api/docs/`.
async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/api/docs/"))
        .finish()
}

/// Unknown API paths answer in JSON, not with the web app's page.
async fn api_not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::new(ErrorKind::NotFound, "Esa ruta no existe en la API."))
}
