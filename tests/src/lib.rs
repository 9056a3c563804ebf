//! Workspace-level tests of the Bitácora: the API suite lives in `api/`, run by `cargo xtask test`
//! against SQLite and then PostgreSQL.
