//! `bitacora-server` as the API suite starts it: the same start-up, built by cargo together with
//! the tests, so the suite never runs a stale server binary.

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    backend::startup::serve_from_env().await
}
