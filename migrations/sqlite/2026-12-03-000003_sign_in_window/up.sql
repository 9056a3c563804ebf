-- Sign-in lockout as a sliding window: every failed attempt is kept for its 15 minutes, so
-- "5 failures within 15 minutes" is counted exactly; a lock is a row of its own.
DROP TABLE login_throttle;
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username_at ON login_failures (username, at);
CREATE INDEX login_failures_at ON login_failures (at);
CREATE TABLE login_locks (
    username TEXT PRIMARY KEY NOT NULL,
    locked_until TIMESTAMP NOT NULL
);
CREATE INDEX login_locks_locked_until ON login_locks (locked_until);
