//! Persistence: the queries behind each endpoint, one module per resource. Functions take a
//! connection and return API types; transactions are opened by the caller (`AppState::write`).

pub mod bank_accounts;
pub mod cases;
pub mod dashboard;
pub mod sessions;
pub mod users;
pub mod workflow;

/// Whether a diesel error is a unique-constraint violation.
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(e, diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
}
