//! Account administration: only administrators manage users.

use reqwest::StatusCode;
use serde_json::json;
use shared::api::UserDto;
use shared::{ErrorBody, ErrorKind, Role};

use crate::helpers::{PASSWORD, body, spawn_app};

#[tokio::test]
async fn an_administrator_creates_users_of_every_role_who_can_then_sign_in() {
    let app = spawn_app().await;
    for role in Role::ALL {
        let agent = app.login_as(*role).await;
        assert_eq!(agent.user.role, *role);
        assert!(agent.user.active);
    }
    let users: Vec<UserDto> = body(app.get("/api/v1/users", &app.admin_token).await).await;
    assert_eq!(users.len(), 5, "the first admin and one per role");
}

#[tokio::test]
async fn only_administrators_manage_users() {
    let app = spawn_app().await;
    let target = app.login_as(Role::AgenteN1).await;
    for role in [Role::AgenteN1, Role::Supervisor, Role::Cobranzas] {
        let user = app.login_as(role).await;
        assert_eq!(app.get("/api/v1/users", &user.token).await.status(), StatusCode::FORBIDDEN);
        let create = app
            .post(
                "/api/v1/users",
                &user.token,
                &json!({"username": "x.y.z", "full_name": "Equis Ye", "role": "ADMIN", "password": PASSWORD}),
            )
            .await;
        assert_eq!(create.status(), StatusCode::FORBIDDEN);
        let promote = app
            .patch(&format!("/api/v1/users/{}", user.user.id), &user.token, &json!({"role": "ADMIN"}))
            .await;
        assert_eq!(promote.status(), StatusCode::FORBIDDEN);
        let reset = app
            .post(
                &format!("/api/v1/users/{}/password", target.user.id),
                &user.token,
                &json!({"password": "nueva-clave-larga"}),
            )
            .await;
        assert_eq!(reset.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn new_accounts_are_validated_and_user_names_are_unique() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/users",
            &app.admin_token,
            &json!({"username": "a b", "full_name": "", "role": "SUPERVISOR", "password": "corta"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: ErrorBody = body(res).await;
    let fields = error.fields.unwrap();
    assert!(
        fields.contains_key("username")
            && fields.contains_key("full_name")
            && fields.contains_key("password"),
        "{fields:?}"
    );

    let new = json!({"username": "Ana.Torres", "full_name": "Ana Torres", "role": "SUPERVISOR", "password": PASSWORD});
    let created: UserDto = body(app.post("/api/v1/users", &app.admin_token, &new).await).await;
    assert_eq!(created.username, "ana.torres");
    let again = app.post("/api/v1/users", &app.admin_token, &json!({"username": "ana.torres", "full_name": "Otra Ana", "role": "ADMIN", "password": PASSWORD})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    let bad_role = app
        .post(
            "/api/v1/users",
            &app.admin_token,
            &json!({"username": "x.role", "full_name": "Xavier", "role": "ROOT", "password": PASSWORD}),
        )
        .await;
    assert_eq!(bad_role.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_administrator_changes_roles_and_names_but_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let changed: UserDto = body(
        app.patch(
            &format!("/api/v1/users/{}", agent.user.id),
            &app.admin_token,
            &json!({"role": "SUPERVISOR", "full_name": "Nuevo Nombre"}),
        )
        .await,
    )
    .await;
    assert_eq!((changed.role, changed.full_name.as_str()), (Role::Supervisor, "Nuevo Nombre"));
    // The new role applies to the existing session at once.
    assert_eq!(app.get("/api/v1/bank-accounts", &agent.token).await.status(), StatusCode::OK);

    let me: UserDto = body(app.get("/api/v1/me", &app.admin_token).await).await;
    let res =
        app.patch(&format!("/api/v1/users/{}", me.id), &app.admin_token, &json!({"active": false})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let error: ErrorBody = body(res).await;
    assert_eq!(error.error, ErrorKind::Forbidden);
    let res = app.patch("/api/v1/users/999999", &app.admin_token, &json!({"active": false})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn supervisors_see_the_active_collections_agents_they_may_assign_to() {
    let app = spawn_app().await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let first = app.login_as(Role::Cobranzas).await;
    let second = app.login_as(Role::Cobranzas).await;
    app.login_as(Role::AgenteN1).await;
    let res = app
        .patch(&format!("/api/v1/users/{}", second.user.id), &app.admin_token, &json!({"active": false}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let assignees: Vec<shared::api::UserRef> =
        body(app.get("/api/v1/assignees", &supervisor.token).await).await;
    assert_eq!(assignees.iter().map(|u| u.id).collect::<Vec<_>>(), [first.user.id]);
    for role in [Role::AgenteN1, Role::Cobranzas] {
        let user = app.login_as(role).await;
        assert_eq!(app.get("/api/v1/assignees", &user.token).await.status(), StatusCode::FORBIDDEN);
    }
}
