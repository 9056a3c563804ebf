//! Corrections and the history: who may correct what, optimistic concurrency, old → new.

use reqwest::StatusCode;
use serde_json::json;
use shared::api::{CaseDto, CaseEvent};
use shared::{ErrorBody, ErrorKind, EventKind, Role};

use crate::helpers::{body, case_body, spawn_app};

#[tokio::test]
async fn creation_is_recorded_with_every_value_typed() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let case = app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    let events: Vec<CaseEvent> =
        body(app.get(&format!("/api/v1/cases/{}/events", case.id), &agent.token).await).await;
    assert_eq!(events.len(), 1);
    let created = &events[0];
    assert_eq!(created.kind, EventKind::Creado);
    assert_eq!(created.actor.id, agent.user.id);
    let recorded: std::collections::BTreeMap<&str, (Option<&str>, Option<&str>)> =
        created.changes.iter().map(|c| (c.field.as_str(), (c.old.as_deref(), c.new.as_deref()))).collect();
    // Every value of the form, as stored (normalised), with nothing before it.
    let expected = [
        ("customer_name", "MARÍA FERNANDA PÉREZ LOOR"),
        ("document_type", "CEDULA"),
        ("document_number", "1710034065"),
        ("business_line", "TELEFONIA_FIJA"),
        ("service_status", "CONECTADO"),
        ("collection_type", "TEMPRANA"),
        ("reference", "022123456"),
        ("province", "PICHINCHA"),
        ("landline", "022123456"),
        ("mobile", "0991234567"),
        ("mobile_confirmed", "true"),
        ("email", "maria.perez@gmail.com"),
        ("payment_intent", "TOTAL"),
        ("observation", "Cliente llama para pagar."),
    ];
    for (field, value) in expected {
        assert_eq!(recorded.get(field), Some(&(None, Some(value))), "{field} in {recorded:?}");
    }
}

#[tokio::test]
async fn a_new_mobile_must_be_confirmed_again() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let case = app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    let path = format!("/api/v1/cases/{}", case.id);
    let res = app.patch(&path, &agent.token, &json!({"version": 1, "mobile": "098 765 4321"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body::<ErrorBody>(res).await.fields.unwrap().contains_key("mobile_confirmed"));
    let res = app
        .patch(
            &path,
            &agent.token,
            &json!({"version": 1, "mobile": "098 765 4321", "mobile_confirmed": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_agent_corrects_their_own_pending_case_and_the_history_shows_old_and_new() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let case = app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    let path = format!("/api/v1/cases/{}", case.id);
    let correction = json!({"version": 1, "mobile": "098 765 4321", "mobile_confirmed": true, "email": ""});
    let res = app.patch(&path, &agent.token, &correction).await;
    assert_eq!(res.status(), StatusCode::OK);
    let corrected: CaseDto = body(res).await;
    assert_eq!(corrected.mobile.as_deref(), Some("0987654321"));
    assert_eq!(corrected.email, None);
    assert_eq!(corrected.version, 2);

    let events: Vec<CaseEvent> = body(app.get(&format!("{path}/events"), &agent.token).await).await;
    assert_eq!(events.iter().map(|e| e.kind).collect::<Vec<_>>(), [EventKind::Creado, EventKind::Editado]);
    let edit = &events[1];
    assert_eq!(edit.actor.id, agent.user.id);
    let mut changes: Vec<_> =
        edit.changes.iter().map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
    changes.sort();
    assert_eq!(
        changes,
        [("email", Some("maria.perez@gmail.com"), None), ("mobile", Some("0991234567"), Some("0987654321"))]
    );

    // A correction that changes nothing records nothing.
    let same: CaseDto =
        body(app.patch(&path, &agent.token, &json!({"version": 2, "mobile": "0987654321"})).await).await;
    assert_eq!(same.version, 2);
    let events: Vec<CaseEvent> = body(app.get(&format!("{path}/events"), &agent.token).await).await;
    assert_eq!(events.len(), 2);
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let case = app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    let path = format!("/api/v1/cases/{}", case.id);
    let first = app
        .patch(&path, &supervisor.token, &json!({"version": 1, "observation": "Corregido por supervisión"}))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let stale = app.patch(&path, &agent.token, &json!({"version": 1, "customer_name": "Otro Cliente"})).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let error: ErrorBody = body(stale).await;
    assert_eq!(error.error, ErrorKind::StaleVersion);
    let current = error.current.unwrap();
    assert_eq!(current.version, 2);
    assert_eq!(current.observation.as_deref(), Some("Corregido por supervisión"));
    let stored: CaseDto = body(app.get(&path, &agent.token).await).await;
    assert_eq!(stored.customer_name, "MARÍA FERNANDA PÉREZ LOOR");
    let events: Vec<CaseEvent> = body(app.get(&format!("{path}/events"), &agent.token).await).await;
    assert_eq!(events.len(), 2);
}

#[tokio::test]
async fn who_may_correct_which_case() {
    let app = spawn_app().await;
    let owner = app.login_as(Role::AgenteN1).await;
    let colleague = app.login_as(Role::AgenteN1).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let admin_token = app.admin_token.clone();
    let case = app.create_case_ok(&owner.token, &case_body("TEMPRANA", "022123456")).await;
    let path = format!("/api/v1/cases/{}", case.id);
    let edit = json!({"version": 1, "observation": "cambio"});
    assert_eq!(app.patch(&path, &colleague.token, &edit).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.patch(&path, &cobranzas.token, &edit).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.patch(&path, &admin_token, &edit).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.patch("/api/v1/cases/999999", &owner.token, &edit).await.status(), StatusCode::NOT_FOUND);
    // Once collections takes it, the agent who registered it asks a supervisor instead.
    let supervisor = app.login_as(Role::Supervisor).await;
    let taken = app.transition_ok(&cobranzas.token, &case, "EN_GESTION", json!({})).await;
    let own_edit = json!({"version": taken.version, "observation": "cambio"});
    let res = app.patch(&path, &owner.token, &own_edit).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(body::<ErrorBody>(res).await.message.contains("supervisor"));
    assert_eq!(app.patch(&path, &supervisor.token, &own_edit).await.status(), StatusCode::OK);
    // Everyone reads.
    for token in [&colleague.token, &cobranzas.token, &admin_token] {
        assert_eq!(app.get(&path, token).await.status(), StatusCode::OK);
        assert_eq!(app.get(&format!("{path}/events"), token).await.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn corrections_obey_the_same_rules_as_new_cases() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let case = app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    let taken = app.create_case_ok(&agent.token, &case_body("COACTIVA", "DMY-9")).await;
    let path = format!("/api/v1/cases/{}", case.id);

    let res = app.patch(&path, &agent.token, &json!({"version": 1, "collection_type": "COACTIVA"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: ErrorBody = body(res).await;
    assert!(error.fields.unwrap().contains_key("service_status"));

    // Moving onto a reference that has an open case of that type is a duplicate.
    let res = app
        .patch(&path, &supervisor.token, &json!({"version": 1, "collection_type": "COACTIVA", "service_status": "RETIRADO", "reference": "dmy 9"}))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let error: ErrorBody = body(res).await;
    assert_eq!(error.error, ErrorKind::DuplicateCase);
    assert_eq!(error.existing.unwrap().id, taken.id);

    let res = app.patch(&path, &agent.token, &json!({"version": 1, "status": "RESUELTO"})).await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "status changes go through the workflow, not corrections"
    );
}
