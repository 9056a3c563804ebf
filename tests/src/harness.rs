//! The test harness: a real server on a free port, over an isolated database per test, and typed
//! helpers that read like the product's story.

use std::sync::atomic::{AtomicUsize, Ordering};

use backend::config::Settings;
use backend::startup::Application;
use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::{Method, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use shared::Role;
use shared::api::{CaseDto, TokenResponse, UserDto};

pub const ADMIN_USER: &str = "admin";
pub const ADMIN_PASSWORD: &str = "clave-admin-de-prueba";
/// Every test user gets this password unless a test says otherwise.
pub const PASSWORD: &str = "clave-de-prueba-123";

/// Which database the suite runs on: `BITACORA_TEST_DB=sqlite` (default) or `postgres`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub fn backend() -> Backend {
    match std::env::var("BITACORA_TEST_DB").as_deref() {
        Ok("postgres") | Ok("postgresql") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("BITACORA_TEST_DB must be sqlite or postgres, not {other:?}"),
    }
}

/// The server administration URL the per-test PostgreSQL databases are created through.
pub fn postgres_admin_url() -> String {
    std::env::var("BITACORA_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// This machine (container) as a short, stable tag: processes are told apart by their id only
/// among the runs of one machine.
fn host_tag() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let hash = host.trim().bytes().fold(0xcbf2_9ce4_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("{hash:08x}")
}

/// `bitacora_test_<host>_<pid>_<n>_<random>`, within PostgreSQL's 63-character names.
fn unique_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!(
        "bitacora_test_{}_{}_{}_{}",
        host_tag(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        &random[..12]
    )
}

/// A database of one test's own, removed when the test ends.
pub struct TestDb {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(std::path::PathBuf),
    PgDatabase(String),
}

impl TestDb {
    pub fn create() -> TestDb {
        let name = unique_name();
        match backend() {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).expect("temp dir");
                TestDb {
                    url: dir.join("bitacora.db").to_string_lossy().into_owned(),
                    cleanup: Cleanup::Directory(dir),
                }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let mut conn = PgConnection::establish(&admin).unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL is not reachable at {admin} ({e}). The PostgreSQL suite needs a \
                         running server: start it (see README) or set BITACORA_TEST_PG_URL."
                    )
                });
                static SWEEP: std::sync::Once = std::sync::Once::new();
                SWEEP.call_once(|| drop_databases_of_dead_runs(&mut conn));
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create test database");
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
                TestDb { url: format!("{base}/{name}"), cleanup: Cleanup::PgDatabase(name) }
            }
        }
    }
}

fn drop_database(conn: &mut PgConnection, name: &str) {
    if let Err(e) = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(conn) {
        eprintln!("warning: could not drop the test database {name}: {e}");
    }
}

/// Test databases of runs that were killed before they could drop theirs (their process is gone).
/// Only where `/proc` tells which processes live (Linux).
fn drop_databases_of_dead_runs(conn: &mut PgConnection) {
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    #[derive(diesel::QueryableByName)]
    struct Database {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    // Only this machine's runs: another container's process ids mean nothing here.
    let mine = format!("bitacora_test_{}_", host_tag());
    let Ok(databases) = diesel::sql_query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
        .bind::<diesel::sql_types::Text, _>(&mine)
        .load::<Database>(conn)
    else {
        return;
    };
    for Database { datname } in databases {
        let pid = datname[mine.len()..].split('_').next().unwrap_or_default();
        let numeric = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
        if numeric && !std::path::Path::new("/proc").join(pid).exists() {
            drop_database(conn, &datname);
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PgDatabase(name) => match PgConnection::establish(&postgres_admin_url()) {
                Ok(mut conn) => drop_database(&mut conn, name),
                Err(e) => eprintln!("warning: could not drop the test database {name}: {e}"),
            },
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub jwt_secret: String,
    pub admin_token: String,
    pub db: TestDb,
}

pub fn test_settings(db: &TestDb, jwt_secret: &str, static_dir: &std::path::Path) -> Settings {
    Settings {
        database_url: db.url.clone(),
        bind: "127.0.0.1:0".to_owned(),
        jwt_secret: jwt_secret.as_bytes().to_vec(),
        access_token_ttl_secs: 900,
        refresh_token_ttl_secs: 3600,
        admin_username: Some(ADMIN_USER.to_owned()),
        admin_password: Some(ADMIN_PASSWORD.to_owned()),
        static_dir: static_dir.to_path_buf(),
        db_pool_size: 8,
    }
}

/// Starts the real server on a free port over a fresh database, signed in as the first admin.
pub async fn spawn_app() -> TestApp {
    spawn_app_serving(std::path::Path::new("/nonexistent-static-dir")).await
}

/// Like [`spawn_app`], also serving the web app built in `static_dir`.
pub async fn spawn_app_serving(static_dir: &std::path::Path) -> TestApp {
    let db = TestDb::create();
    let jwt_secret = format!("test-secret-{}", uuid::Uuid::new_v4());
    let app = Application::build(test_settings(&db, &jwt_secret, static_dir)).expect("build application");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let mut test_app = TestApp { address, client, jwt_secret, admin_token: String::new(), db };
    test_app.admin_token = test_app.login_ok(ADMIN_USER, ADMIN_PASSWORD).await.access_token;
    test_app
}

/// A signed-in user of some role.
pub struct Agent {
    pub user: UserDto,
    pub token: String,
    pub refresh_token: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn request<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("request failed")
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request::<()>(Method::GET, path, Some(token), None).await
    }

    pub async fn post<B: Serialize>(&self, path: &str, token: &str, body: &B) -> Response {
        self.request(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch<B: Serialize>(&self, path: &str, token: &str, body: &B) -> Response {
        self.request(Method::PATCH, path, Some(token), Some(body)).await
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({"username": username, "password": password})),
        )
        .await
    }

    pub async fn login_ok(&self, username: &str, password: &str) -> TokenResponse {
        let res = self.login(username, password).await;
        assert_eq!(res.status(), StatusCode::OK, "login of {username} failed");
        res.json().await.expect("token response")
    }

    /// The administrator creates an account of `role` and its owner signs in.
    pub async fn login_as(&self, role: Role) -> Agent {
        let username = format!(
            "{}.{}",
            role.as_str().to_lowercase().replace('_', ""),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let res = self
            .post(
                "/api/v1/users",
                &self.admin_token,
                &json!({"username": username, "full_name": "Usuario de Prueba", "role": role, "password": PASSWORD}),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "creating {role:?}: {}",
            res.text().await.unwrap_or_default()
        );
        let tokens = self.login_ok(&username, PASSWORD).await;
        Agent { user: tokens.user, token: tokens.access_token, refresh_token: tokens.refresh_token }
    }

    pub async fn create_case(&self, token: &str, body: &Value) -> Response {
        self.post("/api/v1/cases", token, body).await
    }

    /// Registers a case that must be accepted.
    pub async fn create_case_ok(&self, token: &str, body: &Value) -> CaseDto {
        let res = self.create_case(token, body).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::CREATED, "{text}");
        serde_json::from_str(&text).expect("case body")
    }
}

impl TestApp {
    /// Moves a case's registration `by` into the past, straight in the database, so that lists
    /// "by age" and case numbers disagree.
    pub fn backdate(&self, id: i64, by: chrono::Duration) {
        use backend::schema::cases;
        use diesel::prelude::*;
        let mut conn = backend::db::DbConnection::establish(&self.db.url).expect("database");
        let created_at: chrono::NaiveDateTime =
            cases::table.find(id).select(cases::created_at).first(&mut conn).expect("case");
        diesel::update(cases::table.find(id))
            .set(cases::created_at.eq(created_at - by))
            .execute(&mut conn)
            .expect("backdate");
    }
}

/// Reads a JSON body, failing the test with the body when it is not what was expected.
pub async fn body<T: DeserializeOwned>(res: Response) -> T {
    let text = res.text().await.expect("body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("unexpected body ({e}): {text}"))
}

/// A valid cédula for any nine leading digits (province and third digit must be valid).
pub fn cedula(first_nine: &str) -> String {
    let digits: Vec<u32> = first_nine.chars().map(|c| c.to_digit(10).expect("digit")).collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let p = if i % 2 == 0 { d * 2 } else { *d };
            if p > 9 { p - 9 } else { p }
        })
        .sum();
    format!("{first_nine}{}", (10 - sum % 10) % 10)
}

/// A case form for each collection type that satisfies every rule.
pub fn case_body(collection_type: &str, reference: &str) -> Value {
    let (line, plan, status) = match collection_type {
        "TEMPRANA" => ("TELEFONIA_FIJA", None, "CONECTADO"),
        "EXTRAJUDICIAL" => ("INTERNET_FIJO", None, "RETIRADO"),
        "COACTIVA" => ("TV_SATELITAL", None, "RETIRADO"),
        "DIFERIDO_ANTICIPADO" => ("MOVIL", Some("POSPAGO"), "SUSPENDIDO"),
        other => panic!("unknown collection type {other}"),
    };
    json!({
        "customer_name": "María Fernanda Pérez Loor",
        "document_type": "CEDULA",
        "document_number": "1710034065",
        "business_line": line,
        "mobile_plan": plan,
        "service_status": status,
        "collection_type": collection_type,
        "reference": reference,
        "province": "PICHINCHA",
        "landline": "(02) 212-3456",
        "mobile": "099 123 4567",
        "mobile_confirmed": true,
        "email": "maria.perez@gmail.com",
        "payment_intent": "TOTAL",
        "observation": "Cliente llama para pagar."
    })
}

/// Sets fields of a JSON object.
pub fn with(mut body: Value, changes: Value) -> Value {
    if let (Some(target), Some(changes)) = (body.as_object_mut(), changes.as_object()) {
        for (k, v) in changes {
            target.insert(k.clone(), v.clone());
        }
    }
    body
}

impl TestApp {
    /// Asks to move a case; `extra` may carry `outcome` and `note`.
    pub async fn transition(&self, token: &str, case: &CaseDto, to: &str, extra: Value) -> Response {
        let request = with(json!({"to": to, "version": case.version}), extra);
        self.post(&format!("/api/v1/cases/{}/transitions", case.id), token, &request).await
    }

    /// A move that must be accepted; returns the case as it is after it.
    pub async fn transition_ok(&self, token: &str, case: &CaseDto, to: &str, extra: Value) -> CaseDto {
        let res = self.transition(token, case, to, extra).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "{} → {to}: {text}", case.status);
        serde_json::from_str(&text).expect("case body")
    }

    pub async fn assign(&self, token: &str, case: &CaseDto, user_id: i64) -> Response {
        self.post(
            &format!("/api/v1/cases/{}/assignment", case.id),
            token,
            &json!({"user_id": user_id, "version": case.version}),
        )
        .await
    }

    /// The supervisor's back-office check; `fields` carries `result`, `credit_title`, `measures`, `note`.
    pub async fn validate(&self, token: &str, case: &CaseDto, fields: Value) -> Response {
        let request = with(json!({"version": case.version}), fields);
        self.post(&format!("/api/v1/cases/{}/validation", case.id), token, &request).await
    }

    pub async fn case(&self, token: &str, id: i64) -> CaseDto {
        body(self.get(&format!("/api/v1/cases/{id}"), token).await).await
    }

    pub async fn events(&self, token: &str, id: i64) -> Vec<shared::api::CaseEvent> {
        body(self.get(&format!("/api/v1/cases/{id}/events"), token).await).await
    }
}

/// A fresh reference for each call, so that cases never collide unless a test wants them to.
pub fn unique_reference(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(1000);
    format!("{prefix}{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
