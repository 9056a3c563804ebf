//! The server of the Bitácora de Reclamos Coactiva: a JSON API over SQLite or PostgreSQL, that
//! enforces the domain rules of the `shared` crate and keeps every case's history.

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod export;
pub mod openapi;
pub mod repo;
pub mod routes;
pub mod schema;
pub mod startup;
pub mod state;
pub mod telemetry;
