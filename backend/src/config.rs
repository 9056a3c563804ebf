//! Settings, read from the environment once at start-up, with safe defaults for the embedded case.

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::db::DbKind;

/// Default SQLite database, relative to the working directory.
pub const DEFAULT_DATABASE_URL: &str = "data/bitacora.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// Shortest accepted JWT secret, in bytes (HS256 wants at least its own output size).
pub const MIN_SECRET_BYTES: usize = 32;
pub const DEFAULT_ACCESS_TTL_SECS: i64 = 15 * 60;
pub const DEFAULT_REFRESH_TTL_SECS: i64 = 12 * 3600;

/// Access tokens are checked against the session on every request, yet live a short while: at
/// most an hour. A session outlives its access tokens and lasts at most a week.
fn check_lifetimes(access: i64, refresh: i64) -> anyhow::Result<()> {
    if !(30..=3600).contains(&access) {
        bail!("BITACORA_ACCESS_TOKEN_TTL_SECS must be between 30 and 3600 seconds, got {access}");
    }
    if !(access..=7 * 24 * 3600).contains(&refresh) {
        bail!(
            "BITACORA_REFRESH_TOKEN_TTL_SECS must be between the access token's lifetime ({access}) \
             and a week (604800) seconds, got {refresh}"
        );
    }
    Ok(())
}

#[derive(Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: String,
    /// Shared by every instance; HS256 key.
    pub jwt_secret: Vec<u8>,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// First administrator, created only when there are no users at all.
    pub admin_username: Option<String>,
    pub admin_password: Option<String>,
    /// The built single-page app; a placeholder page is served when it is missing.
    pub static_dir: PathBuf,
    pub db_pool_size: u32,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("jwt_secret", &"<redacted>")
            .field("access_token_ttl_secs", &self.access_token_ttl_secs)
            .field("refresh_token_ttl_secs", &self.refresh_token_ttl_secs)
            .field("admin_username", &self.admin_username)
            .field("static_dir", &self.static_dir)
            .field("db_pool_size", &self.db_pool_size)
            .finish_non_exhaustive()
    }
}

/// Hides a password in a database URL for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => match url[scheme + 3..at].find(':') {
            Some(colon) => format!("{}:***{}", &url[..scheme + 3 + colon], &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match var(name) {
        Some(v) => v.trim().parse().ok().with_context(|| format!("{name} must be a number, got {v:?}")),
        None => Ok(default),
    }
}

impl Settings {
    /// Reads every `BITACORA_*` variable (see the README's table).
    pub fn from_env() -> anyhow::Result<Settings> {
        let database_url = var("BITACORA_DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if let Some((scheme, _)) = database_url.split_once("://")
            && !["sqlite", "file", "postgres", "postgresql"].contains(&scheme)
        {
            // A typo such as `postgress://` would otherwise become the name of a SQLite file.
            bail!(
                "BITACORA_DATABASE_URL: unknown scheme {scheme}:// (use a SQLite path, sqlite://, file:// or postgres://)"
            );
        }
        let kind = DbKind::of_url(&database_url);
        let jwt_secret = match var("BITACORA_JWT_SECRET") {
            Some(secret) => secret.into_bytes(),
            None if kind == DbKind::Sqlite => load_or_create_secret(&database_url)?,
            None => bail!(
                "BITACORA_JWT_SECRET is required with PostgreSQL: every instance behind the load \
                 balancer must sign with the same secret (at least {MIN_SECRET_BYTES} bytes)"
            ),
        };
        if jwt_secret.len() < MIN_SECRET_BYTES {
            bail!("BITACORA_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes long");
        }
        let access_token_ttl_secs = number("BITACORA_ACCESS_TOKEN_TTL_SECS", DEFAULT_ACCESS_TTL_SECS)?;
        let refresh_token_ttl_secs = number("BITACORA_REFRESH_TOKEN_TTL_SECS", DEFAULT_REFRESH_TTL_SECS)?;
        check_lifetimes(access_token_ttl_secs, refresh_token_ttl_secs)?;
        Ok(Settings {
            database_url,
            bind: var("BITACORA_BIND").unwrap_or_else(|| DEFAULT_BIND.to_owned()),
            jwt_secret,
            access_token_ttl_secs,
            refresh_token_ttl_secs,
            admin_username: var("BITACORA_ADMIN_USER"),
            admin_password: var("BITACORA_ADMIN_PASSWORD"),
            static_dir: var("BITACORA_STATIC_DIR").map_or_else(|| PathBuf::from("dist"), PathBuf::from),
            db_pool_size: number("BITACORA_DB_POOL_SIZE", 10)?,
        })
    }
}

/// The embedded default keeps a generated secret next to the SQLite file, so tokens survive a
/// restart without anyone having to invent one. The folder (database, secret) is the owner's only.
fn load_or_create_secret(database_url: &str) -> anyhow::Result<Vec<u8>> {
    use base64::Engine;
    use std::io::Write;

    let db_path = std::path::Path::new(crate::db::sqlite_path(database_url));
    let dir = db_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    crate::db::create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("jwt-secret");
    let read_existing = || -> anyhow::Result<Option<Vec<u8>>> {
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing.trim().len() >= MIN_SECRET_BYTES => {
                warn_if_readable_by_others(&path);
                Ok(Some(existing.trim().as_bytes().to_vec()))
            }
            Ok(_) => bail!(
                "{} is shorter than {MIN_SECRET_BYTES} bytes: remove it to generate a new one",
                path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    };
    if let Some(secret) = read_existing()? {
        return Ok(secret);
    }
    // Written whole to a temporary file, then linked into place: a crash leaves no half-written
    // secret, and of two instances starting at once the second reads the first one's.
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::auth::random_bytes::<48>());
    let suffix = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::auth::random_bytes::<9>());
    let temporary = dir.join(format!(".jwt-secret.{suffix}"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file =
        options.open(&temporary).with_context(|| format!("cannot create {}", temporary.display()))?;
    let written = file.write_all(secret.as_bytes()).and_then(|()| file.sync_all());
    let linked = written.and_then(|()| std::fs::hard_link(&temporary, &path));
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => {
            tracing::info!(path = %path.display(), "generated a JWT secret for this SQLite installation")
        }
        // Another instance starting at the same moment linked its own first: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
    // What is on disk is the secret, whoever wrote it.
    read_existing()?.with_context(|| format!("{} vanished", path.display()))
}

fn warn_if_readable_by_others(path: &std::path::Path) {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(path = %path.display(), "the JWT secret is readable by other users: chmod 600 it");
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn token_lifetimes_are_bounded() {
        assert!(check_lifetimes(DEFAULT_ACCESS_TTL_SECS, DEFAULT_REFRESH_TTL_SECS).is_ok());
        for (access, refresh) in [(0, 3600), (-5, 3600), (7200, 43200), (900, 600), (900, 30 * 24 * 3600)] {
            assert!(check_lifetimes(access, refresh).is_err(), "{access} / {refresh}");
        }
    }

    #[test]
    fn the_embedded_secret_is_generated_once_for_its_owner_only() {
        let dir = std::env::temp_dir().join(format!("bitacora-secret-{}", std::process::id()));
        let url = dir.join("data").join("bitacora.db").to_string_lossy().into_owned();
        let first = load_or_create_secret(&url).unwrap();
        assert!(first.len() >= MIN_SECRET_BYTES);
        assert_eq!(load_or_create_secret(&url).unwrap(), first, "a restart keeps the secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir.join("data").join("jwt-secret")), 0o600);
            assert_eq!(mode(&dir.join("data")), 0o700);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
