//! A case's page: corrections with their errors, and the history in Spanish.

use bitacora_tests::browser::Browser;
use bitacora_tests::harness::{PASSWORD, body, case_body};
use fantoccini::key::Key;
use serde_json::json;
use shared::Role;
use shared::api::UserDto;

#[tokio::test]
async fn a_correction_shows_every_error_on_save_and_focuses_the_first() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    b.click_button("Corregir datos").await;
    b.type_into("customer_name", "A").await;
    b.type_into("landline", "2123456").await;
    // The landline has not been left yet: no error under it.
    assert_eq!(b.text("#landline-error").await, "");
    // Enter saves from where the agent is.
    b.client.active_element().await.unwrap().send_keys(&Key::Enter.to_string()).await.unwrap();
    b.wait_for_text(".edit-case [role=alert]", "Revise 2 campo(s)").await;
    b.wait_for_text("#landline-error", "Incluya el código de provincia").await;
    b.wait_for_text("#customer_name-error", "al menos 3 caracteres").await;
    let focused = b.client.active_element().await.unwrap().attr("id").await.unwrap();
    assert_eq!(focused.as_deref(), Some("customer_name"), "the first error has the focus");
    b.screenshot("correccion-errores").await;
    assert_eq!(b.app.case(&agent.token, case.id).await.version, case.version, "nothing was sent");

    // Once corrected, the correction is saved.
    b.type_into("customer_name", "Ana Correa").await;
    b.type_into("landline", "02 212 3456").await;
    b.click_button("Guardar corrección").await;
    b.wait_for_text(".facts", "ANA CORREA").await;
    b.close().await;
}

#[tokio::test]
async fn a_correction_made_meanwhile_by_someone_else_is_kept_with_mine() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let supervisor = b.app.login_as(Role::Supervisor).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    b.click_button("Corregir datos").await;
    b.type_into("customer_name", "Ana Correa").await;
    // Meanwhile a supervisor corrects the province.
    let res = b
        .app
        .patch(
            &format!("/api/v1/cases/{}", case.id),
            &supervisor.token,
            &json!({"version": case.version, "province": "GUAYAS"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    b.click_button("Guardar corrección").await;
    let notice = b.wait_for_text("#edit-notice", "Otra persona modificó este caso").await;
    assert!(notice.contains("Sus correcciones se conservaron"), "{notice}");
    assert_eq!(b.value("customer_name").await, "Ana Correa", "my correction is still there");
    assert_eq!(b.value("province").await, "GUAYAS", "on top of theirs");
    b.click_button("Guardar corrección").await;
    b.wait_for_text(".facts", "ANA CORREA").await;
    let stored = b.app.case(&agent.token, case.id).await;
    assert_eq!((stored.customer_name.as_str(), stored.province.as_str()), ("ANA CORREA", "GUAYAS"));
    b.close().await;
}

#[tokio::test]
async fn a_correction_of_a_case_taken_meanwhile_is_refused_explained_and_not_kept() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let cobranzas = b.app.login_as(Role::Cobranzas).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    b.click_button("Corregir datos").await;
    b.type_into("customer_name", "Ana Correa").await;
    // Meanwhile collections takes the case: the agent may no longer correct it.
    b.app.transition_ok(&cobranzas.token, &case, "EN_GESTION", json!({})).await;
    b.click_button("Guardar corrección").await;
    let alert = b.wait_for_text(".case-detail .alert.error", "Su corrección no se guardó").await;
    assert!(alert.contains("supervisor"), "{alert}");
    assert!(!b.exists(".edit-case").await, "the form is closed");
    b.wait_for_text(".page-head", "En gestión").await;
    assert!(b.stored_drafts().await.is_empty(), "no draft is kept of a correction nobody will save");
    assert_eq!(b.app.case(&agent.token, case.id).await.customer_name, "MARÍA FERNANDA PÉREZ LOOR");
    b.close().await;
}

#[tokio::test]
async fn the_history_names_fields_values_and_people_in_spanish() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let supervisor = b.app.login_as(Role::Supervisor).await;
    let res = b
        .app
        .post(
            "/api/v1/users",
            &b.app.admin_token,
            &json!({"username": "carmen.yanez", "full_name": "Carmen Yánez", "role": "COBRANZAS", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let carmen: UserDto = body(res).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    let res = b
        .app
        .patch(
            &format!("/api/v1/cases/{}", case.id),
            &agent.token,
            &json!({"version": case.version, "province": "GUAYAS"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let corrected = b.app.case(&agent.token, case.id).await;
    assert_eq!(b.app.assign(&supervisor.token, &corrected, carmen.id).await.status(), 200);

    b.sign_in(&supervisor.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    let history = b.wait_for_text(".timeline", "Asignación").await;
    for shown in [
        "Asignado a: Carmen Yánez",
        "Estado: Pendiente → En gestión",
        "Provincia: Pichincha → Guayas",
        "Tipo de cobranza: Cartera temprana",
        "Línea de negocio: Telefonía fija",
        "Celular confirmado con el cliente: Sí",
        "Teléfono fijo: 02 212 3456",
    ] {
        assert!(history.contains(shown), "the history should say «{shown}»:\n{history}");
    }
    for code in ["assigned_to", "EN_GESTION", "PICHINCHA", "TELEFONIA_FIJA", "collection_type", "true"] {
        assert!(!history.contains(code), "the history shows the code «{code}»:\n{history}");
    }
    b.screenshot("historial").await;
    b.close().await;
}
