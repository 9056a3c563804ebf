//! The domain of the Bitácora de Reclamos Coactiva, shared by the server and the browser.
//!
//! Everything here compiles for `wasm32-unknown-unknown`: no database, no web framework, no runtime.
//! Domain values are parsed once into newtypes (`Cedula`, `Landline`, …); whoever holds one holds a
//! valid value. The case form is validated by [`form::validate_case`], the same function in both places.

pub mod api;
pub mod contact;
pub mod document;
pub mod enums;
pub mod error;
pub mod form;
pub mod rules;
pub mod text;

pub use enums::{
    AccountType, BusinessLine, CaseStatus, CollectionType, EventKind, MobilePlan, Outcome, PaymentIntent,
    Province, Role, ServiceStatus, ValidationResult,
};
pub use error::{ErrorBody, ErrorKind, FieldErrors};
