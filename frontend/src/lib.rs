//! The web app: Yew single-page apps on the case-log API. Every rule and message of the case
//! form comes from the `shared` crate, so the browser says exactly what the server enforces.
//!
//! The code is split into entry bundles (`src/bin/`, roots in `bundles/`), each a separate wasm
//! file that the server maps to its paths, so that the screens most people use load fast: `app`
//! (the case log), `caso` (one case), `gestion` (my cases, queue, dashboard) and `admin`.

pub mod bundles;
pub mod components;
pub mod drafts;
pub mod format;
pub mod pages;
pub mod route;
pub mod services;
pub mod session;
#[cfg(test)]
mod test_support;
