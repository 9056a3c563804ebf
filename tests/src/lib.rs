//! Workspace-level tests of the Bitácora: the harness shared by the API suite (`api/`, run on
//! SQLite and PostgreSQL) and the browser suite (`browser/`, headless Chromium on SQLite).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test support fails loudly on the first surprise"
)]

pub mod browser;
pub mod harness;
