//! The committed OpenAPI document is the one the code produces.

use backend::openapi::ApiDoc;
use reqwest::StatusCode;
use utoipa::OpenApi;

use crate::helpers::spawn_app;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");

#[tokio::test]
async fn the_committed_openapi_document_matches_the_code() {
    let generated = ApiDoc::openapi().to_pretty_json().unwrap() + "\n";
    if std::env::var("BITACORA_UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(COMMITTED, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `cargo xtask openapi` and commit the result"
    );

    let app = spawn_app().await;
    let served: serde_json::Value =
        app.client.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(served, serde_json::from_str::<serde_json::Value>(&generated).unwrap());
    let paths = served["paths"].as_object().unwrap();
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/auth/login",
        "/api/v1/bank-accounts/confirm",
        "/api/v1/cases/{id}/transitions",
        "/api/v1/cases/{id}/assignment",
        "/api/v1/cases/{id}/validation",
        "/api/v1/cases/{id}/comments",
        "/api/v1/cases/export.csv",
        "/api/v1/queue",
        "/api/v1/my-cases",
        "/api/v1/available-cases",
        "/api/v1/dashboard",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    // Enumerations are documented by their wire codes, not by the Rust variant names.
    let statuses = &served["components"]["schemas"]["CaseStatus"]["enum"];
    assert_eq!(statuses, &serde_json::json!(["PENDIENTE", "EN_GESTION", "RESUELTO", "ANULADO"]));
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"), "Swagger UI is served offline");
}

/// Every `(METHOD, path)` wired in `backend/src/routes/mod.rs`, read from its source: the one
/// place routes are registered.
fn wired_routes() -> std::collections::BTreeSet<(String, String)> {
    let source = include_str!("../../backend/src/routes/mod.rs");
    source
        .lines()
        .filter_map(|line| {
            let rest = line.split_once(".route(\"")?.1;
            let (path, rest) = rest.split_once('"')?;
            let method = rest.split("web::").nth(1)?.split("()").next()?.to_uppercase();
            let full = if path.starts_with("/api/") { path.to_owned() } else { format!("/api/v1{path}") };
            Some((method, full))
        })
        // Not API operations: the Swagger UI's own address.
        .filter(|(_, path)| path != "/api/docs")
        .collect()
}

fn documented_operations() -> std::collections::BTreeSet<(String, String, bool)> {
    let doc: serde_json::Value = serde_json::from_str(&ApiDoc::openapi().to_json().unwrap()).unwrap();
    let mut operations = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
            operations.insert((method.to_uppercase(), path.clone(), secured));
        }
    }
    operations
}

#[test]
fn every_wired_route_is_documented_and_every_documented_one_is_wired() {
    let documented: std::collections::BTreeSet<(String, String)> =
        documented_operations().into_iter().map(|(m, p, _)| (m, p)).collect();
    let wired = wired_routes();
    assert!(wired.contains(&("GET".to_owned(), "/api/health".to_owned())), "not read: {wired:?}");
    assert_eq!(wired, documented);
}

#[tokio::test]
async fn every_operation_that_needs_a_token_refuses_none_and_a_forged_one() {
    let app = spawn_app().await;
    let forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    for (method, path, secured) in documented_operations() {
        let url = app.url(&path.replace("{id}", "1"));
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        for token in [None, Some(forged)] {
            let mut request = app.client.request(method.clone(), &url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let status = request.send().await.unwrap().status();
            if secured {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path} with {token:?}");
            } else {
                assert_ne!(status, StatusCode::NOT_FOUND, "{method} {path} is documented but not served");
            }
        }
    }
    let docs = app.client.get(app.url("/api/docs")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(docs.headers()["location"], "/api/docs/");
}
