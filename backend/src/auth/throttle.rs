//! The sign-in throttle: after 5 failures for one user name within 15 minutes, that name is
//! locked for 15 minutes, whether or not the account exists. Kept in the database so that every
//! instance behind the load balancer sees the same count.
//!
//! An attempt is counted as a failure *before* its password is checked, and the check runs only
//! when the count allowed it: parallel attempts cannot all slip under the limit. A successful
//! sign-in clears the count.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use crate::db::{DbConnection, on_backend};
use crate::schema::{login_failures, login_locks};

pub const MAX_FAILURES: i64 = 5;
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);
pub const LOCKOUT: TimeDelta = TimeDelta::minutes(15);

/// Whether an attempt may check its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Counted; the password may be checked.
    Allowed,
    /// The name is locked until then; nothing was counted.
    Locked(NaiveDateTime),
}

/// Key class of the PostgreSQL advisory locks that serialise the attempts for one name (the
/// two-key form, so they never meet the migrations' lock).
const ADVISORY_CLASS: i32 = 0x0B17;

/// Starts a sign-in attempt for `username`; call inside a write transaction, holding a
/// password-check permit (so that no more attempts are counted than can be checked at once).
pub fn begin_attempt(conn: &mut DbConnection, username: &str) -> QueryResult<Attempt> {
    // Attempts for one name queue behind each other: SQLite's BEGIN IMMEDIATE already serialises
    // writers; on PostgreSQL a transaction-scoped advisory lock on the name does.
    if let DbConnection::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
            .bind::<Integer, _>(ADVISORY_CLASS)
            .bind::<Text, _>(username)
            .execute(c)?;
    }
    // Read the clock once the lock is held: the failure is counted at the moment it happens.
    let now = crate::db::models::now();
    // What no longer counts for anyone: failures older than the window, locks that ended.
    diesel::delete(login_failures::table.filter(login_failures::at.le(now - WINDOW))).execute(conn)?;
    diesel::delete(login_locks::table.filter(login_locks::locked_until.le(now))).execute(conn)?;
    let lock = login_locks::table
        .find(username)
        .select(login_locks::locked_until)
        .first::<NaiveDateTime>(conn)
        .optional()?;
    if let Some(until) = lock {
        return Ok(Attempt::Locked(until));
    }
    diesel::insert_into(login_failures::table)
        .values((login_failures::username.eq(username), login_failures::at.eq(now)))
        .execute(conn)?;
    let failures: i64 =
        login_failures::table.filter(login_failures::username.eq(username)).count().get_result(conn)?;
    if failures >= MAX_FAILURES {
        // This attempt is the last one allowed: its password is still checked. The lock starts a
        // new count when it ends.
        on_backend!(conn, |c| diesel::insert_into(login_locks::table)
            .values((login_locks::username.eq(username), login_locks::locked_until.eq(now + LOCKOUT)))
            .on_conflict(login_locks::username)
            .do_update()
            .set(login_locks::locked_until.eq(now + LOCKOUT))
            .execute(c))?;
        diesel::delete(login_failures::table.filter(login_failures::username.eq(username))).execute(conn)?;
    }
    Ok(Attempt::Allowed)
}

/// A successful sign-in: the name's failures and lock are forgotten.
pub fn succeed(conn: &mut DbConnection, username: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::username.eq(username))).execute(conn)?;
    diesel::delete(login_locks::table.find(username)).execute(conn)?;
    Ok(())
}
