//! A session that ends (expired, revoked) while something is typed: the same user finds it again
//! after signing in; an explicit logout deletes it; another user never sees it.

use bitacora_tests::browser::Browser;
use bitacora_tests::harness::{PASSWORD, case_body};
use shared::Role;

#[tokio::test]
async fn a_correction_and_a_comment_typed_when_the_session_ends_are_kept() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    b.wait_for_text("h1", &format!("Caso Nº {}", case.id)).await;
    b.type_into("comment", "Cliente pide que lo llamen a las 15:00").await;
    // Opening the correction does not take the comment away.
    b.click_button("Corregir datos").await;
    b.wait_for("#customer_name").await;
    assert_eq!(b.value("comment").await, "Cliente pide que lo llamen a las 15:00");
    b.type_into("customer_name", "Ana Lucía Correa").await;

    b.end_session_on_server().await;
    b.click_button("Guardar corrección").await;
    let notice = b.wait_for_text(".login .notice", "Su sesión terminó").await;
    assert!(notice.contains("lo que estaba escribiendo se conservó"), "{notice}");
    assert!(!b.exists("#customer_name").await, "the form is not shown without a session");

    b.sign_in_here(&agent.user.username, PASSWORD).await;
    b.wait_for_text(".edit-case", "Se recuperó la corrección").await;
    assert_eq!(b.value("customer_name").await, "Ana Lucía Correa");
    assert_eq!(b.value("comment").await, "Cliente pide que lo llamen a las 15:00");
    let unchanged = b.app.case(&agent.token, case.id).await;
    assert_eq!(unchanged.version, case.version, "nothing was saved while the session was gone");

    b.click_button("Guardar corrección").await;
    b.wait_for_text(".facts", "ANA LUCÍA CORREA").await;
    b.wait_for_text(".timeline", "Nombre del cliente").await;
    assert_eq!(b.value("comment").await, "Cliente pide que lo llamen a las 15:00", "still being typed");
    b.click_button("Agregar comentario").await;
    b.wait_for_text(".timeline", "Cliente pide que lo llamen a las 15:00").await;
    b.wait_for_text(".workflow", "Comentario agregado").await;
    assert_eq!(b.value("comment").await, "", "a comment sent is cleared from the field");
    assert!(b.stored_drafts().await.is_empty(), "nothing left to keep: {:?}", b.stored_drafts().await);
    b.close().await;
}

#[tokio::test]
async fn a_reload_after_the_session_ended_keeps_what_was_typed_for_the_same_user_only() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let colleague = b.app.login_as(Role::AgenteN1).await;
    let case = b.app.create_case_ok(&agent.token, &case_body("COACTIVA", "DMY-4455")).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto(&format!("/casos/{}", case.id)).await;
    b.type_into("comment", "Volver a llamar mañana").await;
    b.goto("/casos/nuevo").await;
    b.type_into("customer_name", "Rosa Chalén").await;
    b.type_into("reference", "DMY-7001").await;

    b.end_session_on_server().await;
    b.client.refresh().await.unwrap();
    // The reload finds the draft; the first request finds the session gone.
    b.wait_for_text("main", "Se recuperó lo que estaba escribiendo").await;
    assert_eq!(b.value("customer_name").await, "Rosa Chalén");
    b.choose("collection_type", "COACTIVA").await;
    let notice = b.wait_for_text(".login .notice", "Su sesión terminó").await;
    assert!(notice.contains("se conservó"), "{notice}");

    // Someone else signs in on this browser: they see nothing of it, and it is gone.
    b.sign_in_here(&colleague.user.username, PASSWORD).await;
    b.wait_for("#customer_name").await;
    assert_eq!(b.value("customer_name").await, "");
    assert_eq!(b.value("reference").await, "");
    assert!(b.stored_drafts().await.is_empty(), "{:?}", b.stored_drafts().await);
    b.goto(&format!("/casos/{}", case.id)).await;
    b.wait_for("#comment").await;
    assert_eq!(b.value("comment").await, "");
    b.close().await;
}

#[tokio::test]
async fn an_explicit_logout_deletes_the_drafts() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto("/casos/nuevo").await;
    b.type_into("customer_name", "Rosa Chalén").await;
    b.type_into("document_number", "1710034065").await;
    let drafts = b.stored_drafts().await;
    assert_eq!(drafts, [format!("bitacora.draft.{}.nuevo-caso", agent.user.id)], "keyed to the user");
    b.click("header button.link").await;
    b.wait_for("#username").await;
    assert!(b.stored_drafts().await.is_empty(), "{:?}", b.stored_drafts().await);
    // The sign-in page makes no promise it cannot keep.
    assert!(!b.exists(".login .notice").await);
    b.sign_in_here(&agent.user.username, PASSWORD).await;
    b.goto("/casos/nuevo").await;
    b.wait_for("#customer_name").await;
    assert_eq!(b.value("customer_name").await, "");
    assert!(!b.exists(".new-case .notice").await, "nothing was recovered");
    b.close().await;
}
