//! The duplicate guarantee under simultaneous saves: in one server, and across two server
//! processes sharing one database (what several instances behind a load balancer do).

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

/// The server's start-up (`backend::startup::serve_from_env`, what `bitacora-server` runs), as a
/// binary cargo builds with this suite.
const SERVER: &str = env!("CARGO_BIN_EXE_bitacora-server-under-test");

/// A server process on the test's database; killed when dropped.
async fn start_server(app: &TestApp) -> (Child, String) {
    start_server_on(&app.db.url, &app.jwt_secret).await
}

async fn start_server_on(database_url: &str, jwt_secret: &str) -> (Child, String) {
    let mut child = Command::new(SERVER)
        .env("BITACORA_DATABASE_URL", database_url)
        .env("BITACORA_BIND", "127.0.0.1:0")
        .env("BITACORA_JWT_SECRET", jwt_secret)
        .env("BITACORA_ADMIN_USER", crate::helpers::ADMIN_USER)
        .env("BITACORA_ADMIN_PASSWORD", crate::helpers::ADMIN_PASSWORD)
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
    // Keep reading what the server prints, so that its writes never meet a closed pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_together_on_a_new_database_all_come_up() {
    // A database nobody has migrated yet: each instance finds the migrations pending.
    let db = crate::helpers::TestDb::create();
    let secret = format!("test-secret-{}", uuid::Uuid::new_v4());
    let starts = (0..3).map(|_| start_server_on(&db.url, &secret));
    let servers = join_all(starts).await;
    let client = reqwest::Client::new();
    for (_, address) in &servers {
        let health = client.get(format!("{address}/api/health")).send().await.unwrap();
        assert_eq!(health.status(), StatusCode::OK, "{address}");
    }
    // One first administrator, whichever instance created it.
    let accounts: i64 = {
        use backend::schema::users;
        use diesel::prelude::*;
        let mut conn = backend::db::DbConnection::establish(&db.url).unwrap();
        users::table.count().get_result(&mut conn).unwrap()
    };
    assert_eq!(accounts, 1);
    let login = client
        .post(format!("{}/api/v1/auth/login", servers[0].1))
        .json(&serde_json::json!({"username": crate::helpers::ADMIN_USER, "password": crate::helpers::ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
}
