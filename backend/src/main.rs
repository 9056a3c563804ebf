//! `bitacora-server`: reads the settings, builds the application, serves until stopped.

use backend::config::Settings;
use backend::startup::Application;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    backend::telemetry::init();
    let settings = Settings::from_env()?;
    tracing::info!(?settings, "starting");
    let app = Application::build(settings.clone())?;
    let host = settings.bind.rsplit_once(':').map_or("127.0.0.1", |(host, _)| host);
    // The tests and the launcher read this line to find the port.
    println!("Bitácora listening on http://{host}:{}/", app.port());
    app.run_until_stopped().await?;
    Ok(())
}
