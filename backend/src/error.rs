//! The server side of the shared error kind: one envelope for every error, one status per kind.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use shared::api::CaseDto;
use shared::rules::WorkflowError;
use shared::{ErrorBody, ErrorKind, FieldErrors};

/// An error on its way to becoming a response; internal causes are logged, never sent.
#[derive(Debug)]
pub struct ApiError {
    pub body: ErrorBody,
    cause: Option<String>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ApiError {
        ApiError { body: ErrorBody::new(kind, message), cause: None }
    }

    pub fn kind(kind: ErrorKind) -> ApiError {
        ApiError::new(kind, kind.default_message())
    }

    pub fn internal(cause: impl Into<String>) -> ApiError {
        ApiError { cause: Some(cause.into()), ..ApiError::kind(ErrorKind::Internal) }
    }

    pub fn unavailable(cause: impl Into<String>) -> ApiError {
        ApiError { cause: Some(cause.into()), ..ApiError::kind(ErrorKind::Unavailable) }
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::NotFound, message)
    }

    pub fn validation(fields: FieldErrors) -> ApiError {
        ApiError { body: ErrorBody::validation(fields), cause: None }
    }

    /// A 422 for one field.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        let mut fields = FieldErrors::new();
        shared::error::add_field_error(&mut fields, field, message);
        ApiError::validation(fields)
    }

    pub fn duplicate(existing: CaseDto) -> ApiError {
        let mut body = ErrorBody::new(
            ErrorKind::DuplicateCase,
            format!(
                "Ya existe el caso abierto Nº {} con la misma referencia ({}) y tipo de cobranza.",
                existing.id, existing.reference
            ),
        );
        body.existing = Some(Box::new(existing));
        ApiError { body, cause: None }
    }

    pub fn stale(current: Option<CaseDto>) -> ApiError {
        let mut error = ApiError::kind(ErrorKind::StaleVersion);
        error.body.current = current.map(Box::new);
        error
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.body.error, self.body.message)?;
        if let Some(cause) = &self.cause {
            write!(f, " ({cause})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl From<WorkflowError> for ApiError {
    fn from(e: WorkflowError) -> ApiError {
        match e {
            WorkflowError::Details(fields) => ApiError::validation(fields),
            e if e.is_forbidden() => ApiError::forbidden(e.to_string()),
            e => ApiError::new(ErrorKind::Validation, e.to_string()),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.body.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            tracing::error!(kind = ?self.body.error, %cause, "request failed");
        }
        HttpResponse::build(self.status_code()).json(&self.body)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        match e {
            diesel::result::Error::NotFound => ApiError::not_found("No existe."),
            // SQLite's writers queue on the busy timeout; one that waited it out is told to retry.
            diesel::result::Error::DatabaseError(_, ref info)
                if ["database is locked", "database table is locked", "database is busy"]
                    .iter()
                    .any(|m| info.message().contains(m)) =>
            {
                ApiError::unavailable(format!("database: {e}"))
            }
            other => ApiError::internal(format!("database: {other}")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> ApiError {
        ApiError::unavailable(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> ApiError {
        ApiError::internal(format!("blocking task: {e}"))
    }
}

/// Turns extractor failures (bad JSON, unknown fields, bad query strings, oversize bodies) into
/// the same envelope as every other error.
pub fn json_error(err: actix_web::error::JsonPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError;
    let error = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::kind(ErrorKind::PayloadTooLarge)
        }
        JsonPayloadError::ContentType => {
            ApiError::new(ErrorKind::BadRequest, "El cuerpo debe ser JSON (Content-Type: application/json).")
        }
        JsonPayloadError::Deserialize(e) => {
            ApiError::new(ErrorKind::BadRequest, format!("JSON no válido: {e}"))
        }
        other => ApiError::new(ErrorKind::BadRequest, format!("Cuerpo no válido: {other}")),
    };
    error.into()
}

pub fn query_error(err: actix_web::error::QueryPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorKind::BadRequest, format!("Parámetros no válidos: {err}")).into()
}

pub fn path_error(err: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorKind::NotFound, format!("Ruta no válida: {err}")).into()
}
