//! Building blocks shared by the screens.

pub mod case_fields;
pub mod download;
pub mod field;
pub mod layout;
pub mod shell;
pub mod status;
