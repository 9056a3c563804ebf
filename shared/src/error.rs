//! The one error envelope of the API, understood by both the server and the browser.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::CaseDto;

/// Per-field messages, in Spanish, keyed by the request's field name.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// What went wrong, as a machine-readable code; each kind has one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// 400: the body or query is not well-formed JSON of the expected shape.
    BadRequest,
    /// 401: no token, or a token that is expired, tampered with or revoked; or wrong credentials.
    Unauthorized,
    /// 403: the caller's role or ownership does not allow this.
    Forbidden,
    /// 404
    NotFound,
    /// 409: an open case with the same reference and collection type exists (`existing`).
    DuplicateCase,
    /// 409: the record changed since the caller read it (`current` holds what is there now).
    StaleVersion,
    /// 409: another uniqueness conflict (user name, bank account number).
    Conflict,
    /// 413
    PayloadTooLarge,
    /// 422: one or more fields are invalid (`fields`).
    Validation,
    /// 429: too many failed sign-in attempts.
    TooManyAttempts,
    /// 500
    Internal,
    /// 503: the database does not answer.
    Unavailable,
}

impl ErrorKind {
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::Unauthorized => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::DuplicateCase | ErrorKind::StaleVersion | ErrorKind::Conflict => 409,
            ErrorKind::PayloadTooLarge => 413,
            ErrorKind::Validation => 422,
            ErrorKind::TooManyAttempts => 429,
            ErrorKind::Internal => 500,
            ErrorKind::Unavailable => 503,
        }
    }

    /// A Spanish sentence for when nothing more specific is known.
    pub fn default_message(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "La solicitud no tiene el formato esperado.",
            ErrorKind::Unauthorized => "Su sesión no es válida o expiró. Ingrese de nuevo.",
            ErrorKind::Forbidden => "Su rol no permite esta acción.",
            ErrorKind::NotFound => "No existe.",
            ErrorKind::DuplicateCase => {
                "Ya existe un caso abierto con la misma referencia y tipo de cobranza."
            }
            ErrorKind::StaleVersion => {
                "Otra persona modificó este registro mientras usted lo editaba. Revise los datos actuales."
            }
            ErrorKind::Conflict => "Ya existe un registro con ese valor.",
            ErrorKind::PayloadTooLarge => "La solicitud es demasiado grande.",
            ErrorKind::Validation => "Hay datos que corregir.",
            ErrorKind::TooManyAttempts => {
                "Demasiados intentos fallidos. La cuenta está bloqueada por 15 minutos."
            }
            ErrorKind::Internal => "Error interno. Intente de nuevo; si persiste, avise a soporte.",
            ErrorKind::Unavailable => "La base de datos no responde. Intente en unos segundos.",
        }
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorKind,
    pub message: String,
    /// With `validation`: every invalid field and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<FieldErrors>,
    /// With `duplicate_case`: the open case that blocks the save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing: Option<Box<CaseDto>>,
    /// With `stale_version` on a case: the case as it is now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<CaseDto>>,
}

impl ErrorBody {
    pub fn new(error: ErrorKind, message: impl Into<String>) -> ErrorBody {
        ErrorBody { error, message: message.into(), fields: None, existing: None, current: None }
    }

    pub fn validation(fields: FieldErrors) -> ErrorBody {
        let mut body = ErrorBody::new(ErrorKind::Validation, ErrorKind::Validation.default_message());
        body.fields = Some(fields);
        body
    }
}

/// Adds a message to a field of a field map.
pub fn add_field_error(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors.entry(field.to_owned()).or_default().push(message.into());
}
