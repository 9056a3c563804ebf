//! What every handler shares: the database pool and the token keys.

use actix_web::web;

use crate::auth::tokens::Tokens;
use crate::db::{DbConnection, DbKind, DbPool};
use crate::error::ApiError;

#[derive(Debug)]
pub struct AppState {
    pub pool: DbPool,
    pub db_kind: DbKind,
    pub tokens: Tokens,
}

impl AppState {
    /// Runs blocking database work on actix's thread pool, with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Like [`AppState::db`], inside one write transaction: all of `f` is stored, or none of it.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.db(move |conn| crate::db::write_transaction(conn, f)).await
    }
}
