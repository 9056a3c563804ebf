//! The workflow in the browser: a collections agent takes and resolves a case; a supervisor
//! validates a COACTIVA case in the back office and assigns it.

use bitacora_tests::browser::Browser;
use bitacora_tests::harness::{PASSWORD, case_body};
use shared::api::CaseEvent;
use shared::{CaseStatus, EventKind, Role};

#[tokio::test]
async fn a_collections_agent_takes_and_resolves_a_case() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let cobranzas = b.app.login_as(Role::Cobranzas).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    b.sign_in(&cobranzas.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    b.wait_for_text("h1", &format!("Caso Nº {}", case.id)).await;
    b.click(".workflow button.primary").await;
    b.wait_for_text(".facts", "Usuario de Prueba").await;
    b.wait_for_text(".page-head", "En gestión").await;

    b.choose("outcome", "ACUERDO_DE_PAGO").await;
    b.type_into("resolve_note", "Cliente acepta pagar en dos cuotas.").await;
    b.click("form[aria-label='Resolver el caso'] button[type=submit]").await;
    b.wait_for_text(".page-head", "Resuelto").await;
    b.wait_for_text(".facts", "Acuerdo de pago").await;
    b.wait_for_text(".timeline", "Cliente acepta pagar en dos cuotas.").await;
    b.screenshot("caso-resuelto").await;

    let stored = b.app.case(&agent.token, case.id).await;
    assert_eq!(stored.status, CaseStatus::Resuelto);
    assert_eq!(stored.assigned_to.map(|u| u.id), Some(cobranzas.user.id));
    let events: Vec<CaseEvent> = b.app.events(&agent.token, case.id).await;
    assert_eq!(events.iter().filter(|e| e.kind == EventKind::CambioEstado).count(), 2);
    // A closed case offers no more moves, only comments.
    assert!(!b.exists("form[aria-label='Resolver el caso']").await);
    assert!(b.exists("form[aria-label='Comentar']").await);
    b.close().await;
}

#[tokio::test]
async fn a_supervisor_validates_a_coactiva_case_and_assigns_it() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let supervisor = b.app.login_as(Role::Supervisor).await;
    let cobranzas = b.app.login_as(Role::Cobranzas).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("COACTIVA", "DMY-7788")).await;
    b.sign_in(&supervisor.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    b.wait_for_text(".workflow", "espera la validación").await;
    // Nothing can be assigned before the back office confirms the debt.
    assert!(!b.exists("form[aria-label='Asignar a cobranzas']").await);

    b.choose("validation_result", "CONFIRMADO").await;
    b.click("form[aria-label='Validación en back-office'] button[type=submit]").await;
    b.wait_for_text("#credit_title-error", "título de crédito").await;
    b.type_into("credit_title", "tc-2026-000123").await;
    b.type_into("measures", "Cuentas bancarias congeladas").await;
    b.click("form[aria-label='Validación en back-office'] button[type=submit]").await;
    b.wait_for_text(".facts", "TC-2026-000123").await;
    b.wait_for_text(".facts", "Cuentas bancarias congeladas").await;

    b.choose("assignee", &cobranzas.user.id.to_string()).await;
    b.click("form[aria-label='Asignar a cobranzas'] button[type=submit]").await;
    b.wait_for_text(".page-head", "En gestión").await;
    b.wait_for_text(".timeline", "Asignación").await;
    b.screenshot("caso-validado-asignado").await;

    let stored = b.app.case(&supervisor.token, case.id).await;
    assert!(!stored.awaiting_validation);
    assert_eq!(stored.assigned_to.map(|u| u.id), Some(cobranzas.user.id));
    let validation = stored.validation.expect("validation recorded");
    assert_eq!(validation.validated_by.id, supervisor.user.id);
    assert_eq!(validation.measures.as_deref(), Some("Cuentas bancarias congeladas"));
    b.close().await;
}
