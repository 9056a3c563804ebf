//! Signing in, tokens, sessions and the lockout.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::json;
use shared::api::{TokenResponse, UserDto};
use shared::{ErrorBody, ErrorKind, Role};

use crate::helpers::{ADMIN_USER, PASSWORD, body, spawn_app};

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let health: serde_json::Value = res.json().await.unwrap();
    assert_eq!(health["status"], "ok");
}

#[tokio::test]
async fn login_returns_a_bearer_token_pair_and_the_user() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let res = app.login(&agent.user.username, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let tokens: TokenResponse = body(res).await;
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(tokens.expires_in, 900);
    assert_eq!(tokens.user.role, Role::AgenteN1);
    assert!(!tokens.refresh_token.is_empty());
    let me: UserDto = body(app.get("/api/v1/me", &tokens.access_token).await).await;
    assert_eq!(me.username, agent.user.username);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_401() {
    let app = spawn_app().await;
    let wrong = app.login(ADMIN_USER, "not-the-password").await;
    let unknown = app.login("nobody.here", "not-the-password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
}

#[tokio::test]
async fn five_failures_lock_the_user_name_for_everyone_even_with_the_right_password() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    for _ in 0..5 {
        assert_eq!(
            app.login(&agent.user.username, "wrong-password").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = app.login(&agent.user.username, PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let error: ErrorBody = body(locked).await;
    assert_eq!(error.error, ErrorKind::TooManyAttempts);
    // Other users are not affected.
    assert_eq!(app.login(ADMIN_USER, crate::helpers::ADMIN_PASSWORD).await.status(), StatusCode::OK);
    // A name that does not exist locks the same way, so the 429 reveals nothing.
    for _ in 0..5 {
        app.login("ghost.user", "whatever-password").await;
    }
    assert_eq!(app.login("ghost.user", "whatever-password").await.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// Moves every recorded failure and lock of `username` `minutes` into the past, as if the
/// attempts had been made that long ago.
fn age_sign_in_records(app: &crate::helpers::TestApp, username: &str, minutes: i64) {
    use backend::schema::{login_failures, login_locks};
    use chrono::NaiveDateTime;
    use diesel::prelude::*;
    let mut conn = backend::db::DbConnection::establish(&app.db.url).unwrap();
    let earlier = |at: NaiveDateTime| at - chrono::Duration::minutes(minutes);
    let failures: Vec<(i64, NaiveDateTime)> = login_failures::table
        .filter(login_failures::username.eq(username))
        .select((login_failures::id, login_failures::at))
        .load(&mut conn)
        .unwrap();
    for (id, at) in failures {
        diesel::update(login_failures::table.find(id))
            .set(login_failures::at.eq(earlier(at)))
            .execute(&mut conn)
            .unwrap();
    }
    let lock: Option<NaiveDateTime> = login_locks::table
        .find(username)
        .select(login_locks::locked_until)
        .first(&mut conn)
        .optional()
        .unwrap();
    if let Some(until) = lock {
        diesel::update(login_locks::table.find(username))
            .set(login_locks::locked_until.eq(earlier(until)))
            .execute(&mut conn)
            .unwrap();
    }
}

#[tokio::test]
async fn parallel_attempts_cannot_slip_past_the_lock() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let attempts = (0..20).map(|_| app.login(&agent.user.username, "wrong-password"));
    let statuses: Vec<StatusCode> =
        futures::future::join_all(attempts).await.into_iter().map(|r| r.status()).collect();
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let locked = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    // Exactly five passwords were tried; every other attempt was refused before its check.
    assert_eq!((checked, locked), (5, 15), "{statuses:?}");
    assert_eq!(app.login(&agent.user.username, PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_window_is_fifteen_minutes_and_slides() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let name = &agent.user.username;
    for _ in 0..4 {
        assert_eq!(app.login(name, "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
    }
    // Four failures 16 minutes ago no longer count: four more do not lock.
    age_sign_in_records(&app, name, 16);
    for _ in 0..4 {
        assert_eq!(app.login(name, "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
    }
    // Those four are 14 minutes old now: still inside the window, so the fifth failure locks.
    age_sign_in_records(&app, name, 14);
    assert_eq!(app.login(name, "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(name, PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_lock_ends_after_fifteen_minutes_and_a_success_clears_the_count() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let name = &agent.user.username;
    for _ in 0..5 {
        app.login(name, "wrong-password").await;
    }
    age_sign_in_records(&app, name, 14);
    assert_eq!(app.login(name, PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    age_sign_in_records(&app, name, 1);
    assert_eq!(app.login(name, PASSWORD).await.status(), StatusCode::OK);
    // The success forgot the earlier failures: four new ones and the right password still work.
    for _ in 0..4 {
        assert_eq!(app.login(name, "wrong-password").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login(name, PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_name_no_account_could_have_gets_the_same_401() {
    let app = spawn_app().await;
    let odd = app.login(&"x".repeat(5000), "not-the-password").await;
    let unknown = app.login("nobody.here", "not-the-password").await;
    assert_eq!(odd.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(odd.text().await.unwrap(), unknown.text().await.unwrap());
}

#[tokio::test]
async fn requests_without_a_valid_token_get_401() {
    let app = spawn_app().await;
    let none = app.client.get(app.url("/api/v1/cases")).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let error: ErrorBody = body(none).await;
    assert_eq!(error.error, ErrorKind::Unauthorized);
    assert_eq!(app.get("/api/v1/cases", "not.a.jwt").await.status(), StatusCode::UNAUTHORIZED);
    let basic = app.client.get(app.url("/api/v1/cases")).basic_auth("admin", Some("x")).send().await.unwrap();
    assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
}

fn claims_of(token: &str) -> serde_json::Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap())
        .unwrap()
}

#[tokio::test]
async fn tokens_that_are_expired_tampered_or_signed_otherwise_are_refused() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    assert_eq!(app.get("/api/v1/me", &agent.token).await.status(), StatusCode::OK);
    let claims = claims_of(&agent.token);
    let key = EncodingKey::from_secret(app.jwt_secret.as_bytes()).unwrap();
    let sign =
        |alg, claims: &serde_json::Value| jsonwebtoken::encode(&Header::new(alg), claims, &key).unwrap();

    // Re-signed with the right key and algorithm: accepted (the harness itself is sound).
    assert_eq!(app.get("/api/v1/me", &sign(Algorithm::HS256, &claims)).await.status(), StatusCode::OK);

    let now = chrono::Utc::now().timestamp();
    let mut expired = claims.clone();
    expired["iat"] = json!(now - 7200);
    expired["exp"] = json!(now - 3600);
    let res = app.get("/api/v1/me", &sign(Algorithm::HS256, &expired)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(body::<ErrorBody>(res).await.message.contains("expiró"));

    let mut no_exp = claims.clone();
    no_exp.as_object_mut().unwrap().remove("exp");
    assert_eq!(
        app.get("/api/v1/me", &sign(Algorithm::HS256, &no_exp)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let mut wrong_audience = claims.clone();
    wrong_audience["aud"] = json!("someone-else");
    assert_eq!(
        app.get("/api/v1/me", &sign(Algorithm::HS256, &wrong_audience)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Same secret, another HMAC algorithm: refused, the algorithm is pinned.
    assert_eq!(
        app.get("/api/v1/me", &sign(Algorithm::HS512, &claims)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // alg "none" with no signature.
    use base64::Engine;
    let b64 = |v: &serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let unsigned = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    assert_eq!(app.get("/api/v1/me", &unsigned).await.status(), StatusCode::UNAUTHORIZED);

    // Escalating the role claim breaks the signature.
    let mut parts: Vec<String> = agent.token.split('.').map(str::to_owned).collect();
    let mut admin_claims = claims.clone();
    admin_claims["role"] = json!("ADMIN");
    parts[1] = b64(&admin_claims);
    assert_eq!(app.get("/api/v1/me", &parts.join(".")).await.status(), StatusCode::UNAUTHORIZED);

    // Another secret.
    let other = EncodingKey::from_secret(b"another-secret-another-secret-0123456789").unwrap();
    let forged = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &other).unwrap();
    assert_eq!(app.get("/api/v1/me", &forged).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_role_comes_from_the_account_not_from_the_token() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let mut claims = claims_of(&agent.token);
    claims["role"] = json!("ADMIN");
    let key = EncodingKey::from_secret(app.jwt_secret.as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap();
    assert_eq!(app.get("/api/v1/users", &token).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn refresh_rotates_and_the_old_refresh_token_stops_working() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::Supervisor).await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": agent.refresh_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let rotated: TokenResponse = body(res).await;
    assert_ne!(rotated.refresh_token, agent.refresh_token);
    assert_eq!(app.get("/api/v1/me", &rotated.access_token).await.status(), StatusCode::OK);

    let again = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": agent.refresh_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let next = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": rotated.refresh_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(next.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let res = app.post("/api/v1/auth/logout", &agent.token, &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", &agent.token).await.status(), StatusCode::UNAUTHORIZED);
    let refresh = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": agent.refresh_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(refresh.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn disabling_an_account_or_resetting_its_password_cuts_off_its_tokens() {
    let app = spawn_app().await;
    let disabled = app.login_as(Role::Cobranzas).await;
    let res = app
        .patch(&format!("/api/v1/users/{}", disabled.user.id), &app.admin_token, &json!({"active": false}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get("/api/v1/me", &disabled.token).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&disabled.user.username, PASSWORD).await.status(), StatusCode::UNAUTHORIZED);

    let reset = app.login_as(Role::AgenteN1).await;
    let res = app
        .post(
            &format!("/api/v1/users/{}/password", reset.user.id),
            &app.admin_token,
            &json!({"password": "otra-clave-segura-1"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me", &reset.token).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&reset.user.username, PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&reset.user.username, "otra-clave-segura-1").await.status(), StatusCode::OK);
}
