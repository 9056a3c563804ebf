//! The API suite: the real server over HTTP, on SQLite or PostgreSQL (`BITACORA_TEST_DB`).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly on the first surprise")]

mod auth;
mod bank_accounts;
mod cases;
mod concurrency;
mod dashboard;
mod export;
mod helpers;
mod history;
mod openapi;
mod users;
mod validation;
mod validation_backoffice;
mod workflow;
