//! The duplicate guarantee under simultaneous saves: in one server, and across two server
//! processes sharing one database (what several instances behind a load balancer do).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use futures::future::join_all;
use reqwest::StatusCode;
use shared::api::{CaseDto, CasePage};
use shared::{ErrorBody, ErrorKind, Role};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{TestApp, body, case_body, spawn_app};

const SAVES: usize = 50;

/// Fires `SAVES` identical registrations at once, spread over `servers`, and checks that exactly
/// one was stored and every other save was refused with that case.
async fn race(app: &TestApp, servers: &[String], token: &str) {
    let form = case_body("COACTIVA", "DMY-RACE-1");
    let requests = (0..SAVES).map(|i| {
        let url = format!("{}/api/v1/cases", servers[i % servers.len()]);
        app.client.post(url).bearer_auth(token).json(&form).send()
    });
    let mut created = Vec::new();
    let mut refused = Vec::new();
    for res in join_all(requests).await {
        let res = res.expect("request");
        match res.status() {
            StatusCode::CREATED => created.push(body::<CaseDto>(res).await),
            StatusCode::CONFLICT => refused.push(body::<ErrorBody>(res).await),
            other => panic!("unexpected {other}: {}", res.text().await.unwrap_or_default()),
        }
    }
    assert_eq!(created.len(), 1, "exactly one save wins");
    assert_eq!(refused.len(), SAVES - 1);
    for error in &refused {
        assert_eq!(error.error, ErrorKind::DuplicateCase);
        assert_eq!(error.existing.as_ref().map(|c| c.id), Some(created[0].id), "{}", error.message);
    }
    let page: CasePage = body(app.get("/api/v1/cases?collection_type=COACTIVA", token).await).await;
    assert_eq!(page.items.len(), 1, "one case is stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_identical_saves_store_one_case() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    race(&app, std::slice::from_ref(&app.address), &agent.token).await;
}

/// The `bitacora-server` binary, built by `cargo xtask test` before the suite runs.
fn server_binary() -> PathBuf {
    if let Ok(path) = std::env::var("BITACORA_SERVER_BIN") {
        return PathBuf::from(path);
    }
    // target/<profile>/deps/api-… → target/<profile>/bitacora-server
    let exe = std::env::current_exe().expect("test binary path");
    let path = exe.parent().and_then(|deps| deps.parent()).expect("target dir").join("bitacora-server");
    assert!(
        path.is_file(),
        "{} is missing: build it first (`cargo build -p backend`), or run the suite with `cargo xtask test`",
        path.display()
    );
    path
}

/// A server process on the test's database; killed when dropped.
async fn start_server(app: &TestApp) -> (Child, String) {
    let mut child = Command::new(server_binary())
        .env("BITACORA_DATABASE_URL", &app.db.url)
        .env("BITACORA_BIND", "127.0.0.1:0")
        .env("BITACORA_JWT_SECRET", &app.jwt_secret)
        .env("BITACORA_STATIC_DIR", "/nonexistent-static-dir")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start bitacora-server");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let address = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.expect("read server output") {
            if let Some(rest) = line.split("listening on ").nth(1) {
                return rest.trim().trim_end_matches('/').to_owned();
            }
        }
        panic!("bitacora-server exited before listening");
    })
    .await
    .expect("bitacora-server did not start within 60 s");
    (child, address)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_processes_on_one_database_still_store_one_case() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let (_first, a) = start_server(&app).await;
    let (_second, b) = start_server(&app).await;
    // A token from one instance works on every other: they share the secret and the sessions.
    assert_eq!(
        app.client.get(format!("{a}/api/v1/me")).bearer_auth(&agent.token).send().await.unwrap().status(),
        StatusCode::OK
    );
    race(&app, &[a, b], &agent.token).await;
}
