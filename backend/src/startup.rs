//! Building the application: database, first administrator, listener, routes.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use diesel::prelude::*;
use shared::Role;
use tracing_actix_web::TracingLogger;

use crate::auth::{password, tokens::Tokens};
use crate::config::Settings;
use crate::db::models::{NewUserRow, flag, now};
use crate::db::{self, DbKind};
use crate::schema::users;
use crate::state::AppState;
use crate::{error, routes};

/// Largest JSON body accepted, in bytes.
pub const JSON_LIMIT: usize = 64 * 1024;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects, migrates, creates the first administrator if needed, and binds (port 0 picks a
    /// free one; see [`Application::port`]).
    pub fn build(settings: Settings) -> anyhow::Result<Application> {
        let db_kind = DbKind::of_url(&settings.database_url);
        let pool = db::connect(&settings.database_url, settings.db_pool_size).with_context(|| {
            format!("cannot open the database {}", crate::config::redact_url(&settings.database_url))
        })?;
        bootstrap_admin(&pool, &settings)?;
        password::prepare();
        let tokens = Tokens::new(
            &settings.jwt_secret,
            settings.access_token_ttl_secs,
            settings.refresh_token_ttl_secs,
        )?;
        let hashing_gate = tokio::sync::Semaphore::new(crate::state::hashing_permits());
        let state = web::Data::new(AppState { pool, db_kind, tokens, hashing_gate });
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let static_dir = settings.static_dir.clone();
        let server = HttpServer::new(move || {
            App::new()
                .wrap(TracingLogger::default())
                .wrap(actix_web::middleware::Compress::default())
                .app_data(state.clone())
                .app_data(web::JsonConfig::default().limit(JSON_LIMIT).error_handler(error::json_error))
                .app_data(web::QueryConfig::default().error_handler(error::query_error))
                .app_data(web::PathConfig::default().error_handler(error::path_error))
                .configure(|cfg| routes::config(cfg, &static_dir))
        })
        .listen(listener)?
        .run();
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// What `bitacora-server` does: settings from the environment, tracing, build, serve.
pub async fn serve_from_env() -> anyhow::Result<()> {
    crate::telemetry::init();
    let settings = Settings::from_env()?;
    tracing::info!(?settings, "starting");
    let app = Application::build(settings.clone())?;
    let host = settings.bind.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host);
    // The tests and the launcher read this line to find the port.
    println!("Bitácora listening on http://{host}:{}/", app.port());
    app.run_until_stopped().await?;
    Ok(())
}

/// With no users at all, creates the first administrator from `BITACORA_ADMIN_USER` /
/// `BITACORA_ADMIN_PASSWORD`, or `admin` with a random password printed once.
fn bootstrap_admin(pool: &db::DbPool, settings: &Settings) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    let existing: i64 = users::table.count().get_result(&mut conn)?;
    if existing > 0 {
        return Ok(());
    }
    let username = shared::text::normalize_username(settings.admin_username.as_deref().unwrap_or("admin"))
        .map_err(|e| anyhow::anyhow!("BITACORA_ADMIN_USER: {e}"))?;
    let (secret, generated) = match &settings.admin_password {
        Some(given) => {
            shared::text::check_password(given)
                .map_err(|e| anyhow::anyhow!("BITACORA_ADMIN_PASSWORD: {e}"))?;
            (given.clone(), false)
        }
        None => {
            use base64::Engine;
            (base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::auth::random_bytes::<12>()), true)
        }
    };
    let hash = password::hash_password(&secret).map_err(|e| anyhow::anyhow!("{e}"))?;
    let at = now();
    let inserted = diesel::insert_into(users::table)
        .values(NewUserRow {
            username: &username,
            full_name: "Administrador",
            role: Role::Admin.as_str(),
            password_hash: &hash,
            active: flag(true),
            created_at: at,
            updated_at: at,
        })
        .execute(&mut conn);
    match inserted {
        Ok(_) if generated => {
            // Printed once, on purpose: it is the only way in on a fresh installation.
            println!(
                "\nFirst administrator created.\n  user:     {username}\n  password: {secret}\n\
                 Change it after signing in (Administración → Usuarios).\n"
            );
        }
        Ok(_) => tracing::info!(%username, "created the first administrator"),
        // Another instance starting at the same moment created it first.
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
