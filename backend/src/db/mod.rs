//! Connections, pool and migrations for both databases: SQLite (embedded default) and PostgreSQL,
//! one binary, chosen by the URL.

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub mod models;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// A connection to whichever database the URL named. PostgreSQL comes first: diesel tries the
/// variants in order, and SQLite would accept any string as a file name.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConnection>>;
pub type PooledDb = PooledConnection<ConnectionManager<DbConnection>>;

/// Which database a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    pub fn of_url(url: &str) -> DbKind {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            DbKind::Postgres
        } else {
            DbKind::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DbKind::Sqlite => "sqlite",
            DbKind::Postgres => "postgresql",
        }
    }
}

/// Runs `$body` with `$c` bound to the concrete connection, for the few statements diesel's
/// MultiBackend cannot express (RETURNING).
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgres($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// SQLite settings that make an acknowledged write durable and concurrent writers wait
/// instead of failing.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(c) = conn {
            // The busy timeout first: switching a new file to WAL takes a lock that the pool's
            // other connections, opened at the same moment, must wait for rather than fail on.
            c.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens the pool and brings the schema up to date.
pub fn connect(url: &str, max_size: u32) -> anyhow::Result<DbPool> {
    if DbKind::of_url(url) == DbKind::Sqlite
        && let Some(parent) = std::path::Path::new(sqlite_path(url)).parent()
        && !parent.as_os_str().is_empty()
    {
        create_private_dir(parent)?;
    }
    let manager = ConnectionManager::<DbConnection>::new(url);
    let pool = Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(SqlitePragmas))
        .build(manager)?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    Ok(pool)
}

/// Creates a folder (and its parents) that only its owner may enter, when it does not exist: the
/// SQLite file holds customers' data and password hashes.
pub fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The file path of a SQLite URL (`sqlite://data/x.db`, `file:data/x.db` or a plain path).
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("file:")).unwrap_or(url)
}

/// Key class of the PostgreSQL advisory lock that serialises migrations (the two-key form; the
/// sign-in throttle uses another class).
const MIGRATION_LOCK_CLASS: i32 = 0x0B18;

/// Brings the schema up to date, in one transaction (each migration a savepoint in it). Several
/// instances may start together on one database: one migrates, the others wait for it and then
/// find nothing pending (SQLite's `BEGIN IMMEDIATE` serialises them; on PostgreSQL a
/// transaction-scoped advisory lock does).
fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<()> {
    // Another instance's migration may hold SQLite's write lock longer than the busy timeout
    // (an index rebuilt over many cases): wait for it rather than fail to start.
    let started = std::time::Instant::now();
    loop {
        let waited = started.elapsed();
        match migrate(conn) {
            Err(e) if e.to_string().contains("database is locked") && waited < MIGRATION_WAIT => {
                tracing::info!("another instance is migrating the database; waiting");
                std::thread::sleep(Duration::from_secs(1));
            }
            done => return done,
        }
    }
}

/// How long an instance waits for another one's migrations on SQLite.
const MIGRATION_WAIT: Duration = Duration::from_secs(600);

fn migrate(conn: &mut DbConnection) -> anyhow::Result<()> {
    let applied = transaction_with(conn, "BEGIN IMMEDIATE", "BEGIN", |conn| {
        let applied = match conn {
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            DbConnection::Postgres(c) => {
                c.batch_execute(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK_CLASS}, 0)"))?;
                c.run_pending_migrations(POSTGRES_MIGRATIONS)
            }
        }
        .map_err(|e| anyhow::anyhow!("database migrations failed: {e}"))?;
        Ok::<_, anyhow::Error>(applied.iter().map(ToString::to_string).collect::<Vec<_>>())
    })?;
    for version in applied {
        tracing::info!(%version, "applied migration");
    }
    Ok(())
}

/// Runs `f` in a transaction opened with the given statement for each database; commits when
/// `f` returns `Ok`, rolls back otherwise.
fn transaction_with<T, E>(
    conn: &mut DbConnection,
    sqlite_begin: &str,
    postgres_begin: &str,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, sqlite_begin)?,
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction_sql(c, postgres_begin)?,
    }
    match f(conn) {
        Ok(value) => {
            on_backend!(conn, |c| AnsiTransactionManager::commit_transaction(c))?;
            Ok(value)
        }
        Err(e) => {
            // The original error matters more than a failed rollback, which diesel also
            // records by marking the connection broken (the pool then discards it).
            let _ = on_backend!(conn, |c| AnsiTransactionManager::rollback_transaction(c));
            Err(e)
        }
    }
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite, so that concurrent writers queue
/// on the busy timeout instead of failing on a lock upgrade; a plain transaction on PostgreSQL.
/// Commits when `f` returns `Ok`, rolls back otherwise.
pub fn write_transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    transaction_with(conn, "BEGIN IMMEDIATE", "BEGIN", f)
}

/// Runs `f` in a read-only snapshot: every statement of `f` sees the database as it was at its
/// first read, so figures computed by several queries agree with each other. A deferred
/// transaction on SQLite (a WAL snapshot); `REPEATABLE READ` on PostgreSQL.
pub fn read_snapshot<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    transaction_with(conn, "BEGIN DEFERRED", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", f)
}
