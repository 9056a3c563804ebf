//! Official bank accounts: N1 confirms a number; administrators keep the list.

use reqwest::StatusCode;
use serde_json::json;
use shared::Role;
use shared::api::{BankAccount, BankAccountConfirmation};

use crate::helpers::{body, spawn_app};

#[tokio::test]
async fn an_agent_confirms_official_accounts_and_is_told_clearly_when_one_is_not() {
    let app = spawn_app().await;
    let account: BankAccount = body(
        app.post(
            "/api/v1/bank-accounts",
            &app.admin_token,
            &json!({"bank": "Banco del Pacífico", "account_type": "CORRIENTE", "number": "0712 3456-78", "holder": "CNT EP Recaudación"}),
        )
        .await,
    )
    .await;
    assert_eq!(account.number, "0712345678");
    let agent = app.login_as(Role::AgenteN1).await;

    let yes: BankAccountConfirmation =
        body(app.get("/api/v1/bank-accounts/confirm?number=07-1234-5678", &agent.token).await).await;
    assert!(yes.official);
    assert_eq!(yes.bank.as_deref(), Some("Banco del Pacífico"));
    assert_eq!(yes.holder.as_deref(), Some("CNT EP Recaudación"));
    assert!(yes.message.starts_with("Cuenta oficial de CNT"));

    let no: BankAccountConfirmation =
        body(app.get("/api/v1/bank-accounts/confirm?number=0799999999", &agent.token).await).await;
    assert!(!no.official);
    assert!(no.bank.is_none() && no.holder.is_none());
    assert!(no.message.contains("No es una cuenta oficial de CNT"));

    // A withdrawn account is no longer confirmed.
    let res = app
        .patch(&format!("/api/v1/bank-accounts/{}", account.id), &app.admin_token, &json!({"active": false}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let withdrawn: BankAccountConfirmation =
        body(app.get("/api/v1/bank-accounts/confirm?number=0712345678", &agent.token).await).await;
    assert!(!withdrawn.official);

    assert_eq!(
        app.get("/api/v1/bank-accounts/confirm?number=", &agent.token).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn n1_confirms_but_cannot_browse_and_only_administrators_change_the_list() {
    let app = spawn_app().await;
    let new = json!({"bank": "Banco Pichincha", "account_type": "AHORROS", "number": "2200112233", "holder": "CNT EP"});
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    for user in [&n1, &supervisor, &cobranzas] {
        assert_eq!(
            app.post("/api/v1/bank-accounts", &user.token, &new).await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let created = app.post("/api/v1/bank-accounts", &app.admin_token, &new).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let account: BankAccount = body(created).await;
    assert_eq!(
        app.post("/api/v1/bank-accounts", &app.admin_token, &new).await.status(),
        StatusCode::CONFLICT
    );

    assert_eq!(app.get("/api/v1/bank-accounts", &n1.token).await.status(), StatusCode::FORBIDDEN);
    for token in [&supervisor.token, &cobranzas.token, &app.admin_token] {
        let list: Vec<BankAccount> = body(app.get("/api/v1/bank-accounts", token).await).await;
        assert_eq!(list, std::slice::from_ref(&account));
    }
    let path = format!("/api/v1/bank-accounts/{}", account.id);
    assert_eq!(
        app.patch(&path, &supervisor.token, &json!({"active": false})).await.status(),
        StatusCode::FORBIDDEN
    );
    let bad = app
        .post(
            "/api/v1/bank-accounts",
            &app.admin_token,
            &json!({"bank": "", "account_type": "AHORROS", "number": "12ab", "holder": "CNT"}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
