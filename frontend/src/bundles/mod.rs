//! The roots of the entry bundles (see `src/bin/`): each is compiled into its own wasm file, so a
//! screen's code is downloaded only by those who open it.

pub mod admin;
pub mod app;
pub mod caso;
pub mod gestion;
