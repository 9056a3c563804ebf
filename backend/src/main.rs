//! `bitacora-server`: reads the settings, builds the application, serves until stopped.

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    backend::startup::serve_from_env().await
}
