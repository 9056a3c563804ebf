//! What every handler shares: the database pool, the token keys and the password-hashing gate.

use std::time::Duration;

use actix_web::web;
use shared::ErrorKind;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::auth::tokens::Tokens;
use crate::db::{DbConnection, DbKind, DbPool};
use crate::error::ApiError;

/// How long a sign-in waits for a free password check before it is told to try again.
const HASHING_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct AppState {
    pub pool: DbPool,
    pub db_kind: DbKind,
    pub tokens: Tokens,
    /// Password checks allowed at once. Each takes 19 MiB and a core for a while, and signing in
    /// needs no token: unbounded, a burst of sign-ins would exhaust the server's memory.
    pub hashing_gate: Semaphore,
}

/// Password checks allowed at once: one per core, at least two.
pub fn hashing_permits() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

impl AppState {
    /// One of the [`hashing_permits`] password checks that may run at once; a 503 when none frees
    /// up in time.
    pub async fn hashing_permit(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        actix_web::rt::time::timeout(HASHING_WAIT, self.hashing_gate.acquire())
            .await
            .map_err(|_| {
                ApiError::new(ErrorKind::Unavailable, "El servidor está ocupado. Intente en unos segundos.")
            })?
            .map_err(|e| ApiError::internal(format!("hashing gate: {e}")))
    }

    /// Runs password hashing or verification on the blocking pool, holding a hashing permit.
    pub async fn hashing<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self.hashing_permit().await?;
        Ok(web::block(f).await?)
    }

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
