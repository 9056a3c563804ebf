//! Building blocks shared by the screens.

pub mod case_fields;
pub mod case_table;
pub mod chart;
pub mod download;
pub mod field;
pub mod history;
pub mod layout;
pub mod remote;
pub mod shell;
pub mod status;
