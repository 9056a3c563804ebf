//! The shared harness, under the name the API suite uses.
pub use bitacora_tests::harness::*;
