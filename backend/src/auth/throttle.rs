//! The sign-in throttle: after 5 failures for one user name within 15 minutes, that name is
//! locked for 15 minutes, whether or not the account exists. Kept in the database so that every
//! instance behind the load balancer sees the same count.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::{DbConnection, on_backend};
use crate::schema::login_throttle;

pub const MAX_FAILURES: i32 = 5;
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);
pub const LOCKOUT: TimeDelta = TimeDelta::minutes(15);

/// Whether `username` is locked at `now`.
pub fn is_locked(conn: &mut DbConnection, username: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let locked_until = login_throttle::table
        .find(username)
        .select(login_throttle::locked_until)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()?
        .flatten();
    Ok(locked_until.is_some_and(|until| until > now))
}

/// Counts a failure; call inside a write transaction. Returns whether the name is now locked.
pub fn record_failure(conn: &mut DbConnection, username: &str, now: NaiveDateTime) -> QueryResult<bool> {
    // Make sure the row exists, then read it locked, so concurrent failures on several instances
    // all count (SQLite's BEGIN IMMEDIATE already serialises writers).
    on_backend!(conn, |c| diesel::insert_into(login_throttle::table)
        .values((
            login_throttle::username.eq(username),
            login_throttle::failures.eq(0),
            login_throttle::window_started_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    let row = login_throttle::table
        .find(username)
        .select((login_throttle::failures, login_throttle::window_started_at));
    let (failures, started) = match conn {
        DbConnection::Postgres(c) => row.for_update().first::<(i32, NaiveDateTime)>(c)?,
        DbConnection::Sqlite(c) => row.first::<(i32, NaiveDateTime)>(c)?,
    };
    let (failures, window_started_at) =
        if now - started < WINDOW { (failures + 1, started) } else { (1, now) };
    let locked_until = (failures >= MAX_FAILURES).then(|| now + LOCKOUT);
    diesel::update(login_throttle::table.find(username))
        .set((
            login_throttle::failures.eq(failures),
            login_throttle::window_started_at.eq(window_started_at),
            login_throttle::locked_until.eq(locked_until),
        ))
        .execute(conn)?;
    Ok(locked_until.is_some())
}

/// A successful sign-in starts the count again.
pub fn clear(conn: &mut DbConnection, username: &str) -> QueryResult<()> {
    diesel::delete(login_throttle::table.find(username)).execute(conn)?;
    Ok(())
}
