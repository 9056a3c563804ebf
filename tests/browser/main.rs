//! The web app in a real headless Chromium, against the real server on SQLite: what agents,
//! supervisors and administrators do with it. Screenshots of the main screens are written to
//! `tests/artifacts/`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly on the first surprise")]

mod case_page;
mod gestion;
mod sessions;
mod workflow;

use bitacora_tests::browser::Browser;
use bitacora_tests::harness::{ADMIN_PASSWORD, ADMIN_USER, PASSWORD, body, case_body, with};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;
use shared::Role;
use shared::api::{CaseDto, CasePage};

/// Fills the case form for one collection type (selects by code, text as an agent types it).
async fn fill_case(b: &Browser, collection_type: &str, reference: &str) {
    b.choose("collection_type", collection_type).await;
    let (line, plan, status) = match collection_type {
        "TEMPRANA" => ("TELEFONIA_FIJA", None, "CONECTADO"),
        "EXTRAJUDICIAL" => ("INTERNET_FIJO", None, "RETIRADO"),
        "COACTIVA" => ("TV_SATELITAL", None, "RETIRADO"),
        _ => ("MOVIL", Some("POSPAGO"), "SUSPENDIDO"),
    };
    b.choose("business_line", line).await;
    if let Some(plan) = plan {
        b.choose("mobile_plan", plan).await;
    }
    b.choose("service_status", status).await;
    b.type_into("reference", reference).await;
    b.choose("payment_intent", "TOTAL").await;
    b.type_into("customer_name", "Luis Alberto Cañar").await;
    b.choose("document_type", "CEDULA").await;
    b.type_into("document_number", "1710034065").await;
    b.choose("province", "AZUAY").await;
    b.type_into("landline", "(07) 283-1234").await;
    b.type_into("mobile", "099 123 4567").await;
    b.click("#mobile_confirmed").await;
    b.type_into("email", "luis.canar@gmail.com").await;
}

/// The number shown large after a save, once it differs from the previous save's.
async fn saved_case_number(b: &Browser, previous: Option<i64>) -> i64 {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let text = b.wait_for_text("#saved-case", "Nº").await;
        let id: i64 = text
            .trim_start_matches("Nº ")
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("the saved case number is not a number ({e}): {text:?}"));
        if Some(id) != previous {
            return id;
        }
        assert!(tokio::time::Instant::now() < deadline, "the save never finished");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_agent_signs_in_and_a_wrong_password_is_explained() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    b.goto("/").await;
    b.screenshot("ingreso").await;
    b.type_into("username", &agent.user.username).await;
    b.type_into("password", "no-es-la-clave").await;
    b.click("form button[type=submit]").await;
    b.wait_for_text("[role=alert]", "Usuario o contraseña incorrectos").await;

    b.type_into("password", PASSWORD).await;
    b.click("form button[type=submit]").await;
    b.wait_for_text("nav", "Nuevo caso").await;
    b.wait_for_text("main", "No hay casos").await;
    // The session survives a reload.
    b.client.refresh().await.unwrap();
    b.wait_for_text("header", "Agente N1").await;
    b.close().await;
}

#[tokio::test]
async fn an_agent_registers_one_case_of_each_collection_type() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.click("a[href='/casos/nuevo']").await;
    let mut last = None;
    for (ct, reference, label) in [
        ("TEMPRANA", "07 283 1234", "Nº de servicio"),
        ("EXTRAJUDICIAL", "DMY-10001", "DUMMY"),
        ("COACTIVA", "DMY-10002", "DUMMY"),
        ("DIFERIDO_ANTICIPADO", "0991234567", "Nº de servicio"),
    ] {
        fill_case(&b, ct, reference).await;
        assert!(b.text("label[for=reference]").await.starts_with(label), "{ct}");
        let script = b.text(".script").await;
        if ct == "EXTRAJUDICIAL" || ct == "COACTIVA" {
            assert!(
                script.contains("El agente de cobranzas le indicará el valor exacto a pagar"),
                "{script}"
            );
        } else {
            assert!(script.contains("Puede informar"), "{script}");
        }
        if ct == "COACTIVA" {
            b.screenshot("nuevo-caso").await;
        }
        b.click("form button[type=submit]").await;
        let id = saved_case_number(&b, last).await;
        last = Some(id);
        let stored: CaseDto = body(b.app.get(&format!("/api/v1/cases/{id}"), &agent.token).await).await;
        assert_eq!(stored.collection_type.as_str(), ct);
        assert_eq!(stored.landline.as_deref(), Some("072831234"));
        assert_eq!(stored.created_by.id, agent.user.id);
        // Ready for the next call: the form is empty again.
        let reference_value = b.wait_for("#reference").await.prop("value").await.unwrap().unwrap_or_default();
        assert_eq!(reference_value, "");
    }
    b.screenshot("caso-guardado").await;
    b.click("a[href='/']").await;
    b.wait_for_text("table", "DMY10002").await;
    b.screenshot("bitacora").await;
    b.close().await;
}

#[tokio::test]
async fn bad_data_gets_spanish_errors_next_to_each_field() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto("/casos/nuevo").await;
    b.type_into("landline", "2123456").await;
    b.tab().await;
    b.wait_for_text("#landline-error", "Incluya el código de provincia").await;
    b.type_into("mobile", "0891234567").await;
    b.tab().await;
    b.wait_for_text("#mobile-error", "debe empezar con 09").await;
    b.choose("document_type", "CEDULA").await;
    b.type_into("document_number", "1710034064").await;
    b.tab().await;
    b.wait_for_text("#document_number-error", "dígito verificador").await;
    b.type_into("email", "juan@cnt.gob.ec").await;
    b.tab().await;
    b.wait_for_text("#email-error", "correo de CNT").await;
    // An impossible combination is explained before saving.
    b.choose("collection_type", "COACTIVA").await;
    b.choose("service_status", "CONECTADO").await;
    b.wait_for_text("#service_status-error", "servicio retirado").await;
    b.choose("collection_type", "DIFERIDO_ANTICIPADO").await;
    b.choose("business_line", "MOVIL").await;
    b.choose("mobile_plan", "PREPAGO").await;
    b.wait_for_text("#mobile_plan-error", "pospago").await;
    let invalid = b.wait_for("#landline").await.attr("aria-invalid").await.unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    b.screenshot("errores").await;
    // Saving shows every remaining error and puts the focus on the first one.
    b.click("form button[type=submit]").await;
    b.wait_for_text("[role=alert]", "Revise").await;
    let focused = b.client.active_element().await.unwrap().attr("aria-invalid").await.unwrap();
    assert_eq!(focused.as_deref(), Some("true"));
    let page: CasePage = body(b.app.get("/api/v1/cases", &agent.token).await).await;
    assert!(page.items.is_empty(), "nothing was saved");
    b.close().await;
}

#[tokio::test]
async fn an_open_case_with_the_same_reference_is_shown_and_blocks_the_save() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let existing = b.app.create_case_ok(&agent.token, &case_body("COACTIVA", "DMY-555")).await;
    let other =
        b.app.create_case_ok(&agent.token, &with(case_body("TEMPRANA", "022123456"), json!({}))).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto("/casos/nuevo").await;
    b.choose("collection_type", "COACTIVA").await;
    b.type_into("reference", "dmy 555").await;
    let warning = b.wait_for_text(".duplicates", "Ya existe un caso abierto").await;
    assert!(warning.contains(&format!("Caso Nº {}", existing.id)), "{warning}");
    let link = b.wait_for(&format!(".duplicates a[href='/casos/{}']", existing.id)).await;
    assert!(link.is_displayed().await.unwrap());
    let disabled = b.wait_for("form button[type=submit]").await.prop("disabled").await.unwrap();
    assert_eq!(disabled.as_deref(), Some("true"));
    // The same customer's other open cases are a warning only.
    b.type_into("document_number", "1710034065").await;
    b.wait_for_text(".duplicates", &format!("Nº {}", other.id)).await;
    b.screenshot("duplicado").await;
    // Changing the type frees the save.
    b.choose("collection_type", "EXTRAJUDICIAL").await;
    wait_until_unblocked(&b).await;
    // So does changing the reference: the case found is not about what is typed now.
    b.choose("collection_type", "COACTIVA").await;
    b.wait_for_text(".duplicates", "Ya existe un caso abierto").await;
    b.type_into("reference", "DMY-5556").await;
    wait_until_unblocked(&b).await;
    b.close().await;
}

/// Waits until no case blocks the save and "Guardar caso" can be pressed.
async fn wait_until_unblocked(b: &Browser) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let blocked = b.text(".duplicates").await.contains("Ya existe un caso abierto");
        let disabled = b.wait_for("#save-case").await.prop("disabled").await.unwrap();
        if !blocked && disabled.as_deref() == Some("false") {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "the save stayed blocked");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_save_refused_as_a_duplicate_shows_the_case_and_stays_blocked_until_the_reference_changes() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let colleague = b.app.login_as(Role::AgenteN1).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto("/casos/nuevo").await;
    fill_case(&b, "EXTRAJUDICIAL", "DMY-8080").await;
    // The matching-case search found nothing; then a colleague registers the same debt.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(!b.text(".duplicates").await.contains("Ya existe"));
    let theirs = b
        .app
        .create_case_ok(
            &colleague.token,
            &with(case_body("EXTRAJUDICIAL", "DMY8080"), json!({"customer_name": "Jaime Toapanta"})),
        )
        .await;
    b.click("#save-case").await;
    let shown = b.wait_for_text(".duplicates", "Ya existe un caso abierto").await;
    assert!(shown.contains(&format!("Caso Nº {}", theirs.id)), "{shown}");
    assert!(shown.contains("JAIME TOAPANTA") && shown.contains("Pendiente"), "{shown}");
    b.wait_for(&format!(".duplicates a[href='/casos/{}']", theirs.id)).await;
    let disabled = b.wait_for("#save-case").await.prop("disabled").await.unwrap();
    assert_eq!(disabled.as_deref(), Some("true"));
    assert_eq!(b.value("customer_name").await, "Luis Alberto Cañar", "everything typed is kept");
    b.screenshot("duplicado-al-guardar").await;
    b.type_into("reference", "DMY-8081").await;
    wait_until_unblocked(&b).await;
    b.close().await;
}

#[tokio::test]
async fn an_agent_confirms_official_and_non_official_accounts() {
    let b = Browser::start().await;
    let res = b
        .app
        .post(
            "/api/v1/bank-accounts",
            &b.app.admin_token,
            &json!({"bank": "Banco Pichincha", "account_type": "CORRIENTE", "number": "3456789012", "holder": "CNT EP"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let agent = b.app.login_as(Role::AgenteN1).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.click("a[href='/cuentas']").await;
    b.type_into("account_number", "345-678-9012").await;
    b.click("form button[type=submit]").await;
    let official = b.wait_for_text(".result", "Cuenta oficial de CNT").await;
    assert!(official.contains("Banco Pichincha") && official.contains("CNT EP"), "{official}");
    b.screenshot("cuenta-oficial").await;
    // A verdict is about the number in the field: one more digit and it is gone.
    b.wait_for("#account_number").await.send_keys("3").await.unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_millis(500);
    while b.exists(".result").await {
        assert!(tokio::time::Instant::now() < deadline, "the verdict of another number is still shown");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    b.type_into("account_number", "1111111111").await;
    b.click("form button[type=submit]").await;
    b.wait_for_text(".result", "No es una cuenta oficial de CNT: no la confirme").await;
    b.screenshot("cuenta-no-oficial").await;
    b.close().await;
}

#[tokio::test]
async fn the_case_log_fits_a_1366_by_768_screen_and_stacks_on_a_narrow_one() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    for reference in ["DMY-3001", "DMY-3002", "DMY-3003"] {
        b.app.create_case_ok(&agent.token, &case_body("COACTIVA", reference)).await;
    }
    b.client.set_window_size(1366, 768).await.unwrap();
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.wait_for_text("table", "DMY3003").await;
    b.screenshot("bitacora-1366x768").await;
    let layout = b
        .client
        .execute(
            r#"const tops = new Set([...document.querySelectorAll(".filters > .field")].map(f => f.offsetTop));
               const head = document.querySelector("table thead").getBoundingClientRect();
               return { rows: tops.size, head_bottom: head.bottom, viewport: window.innerHeight };"#,
            vec![],
        )
        .await
        .unwrap();
    let rows = layout["rows"].as_u64().unwrap();
    assert!((1..=2).contains(&rows), "the filters take {rows} rows at 1366×768: {layout}");
    let (head_bottom, viewport) =
        (layout["head_bottom"].as_f64().unwrap(), layout["viewport"].as_f64().unwrap());
    assert!(head_bottom <= viewport, "the list's header is below the fold: {layout}");

    b.client.set_window_size(400, 800).await.unwrap();
    let stacked = b
        .client
        .execute(
            r#"const cell = document.querySelector("table tbody td");
               return [getComputedStyle(document.querySelector("table tbody tr")).display,
                       cell.dataset.label, getComputedStyle(cell, "::before").content];"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(stacked[0], "block", "a row is a card on a narrow screen: {stacked}");
    assert_eq!(stacked[1], "Fecha");
    assert_eq!(stacked[2], "\"Fecha: \"", "each value says its column: {stacked}");
    b.screenshot("bitacora-estrecha").await;
    b.close().await;
}

#[tokio::test]
async fn an_administrator_creates_an_agent_who_then_signs_in() {
    let b = Browser::start().await;
    b.sign_in(ADMIN_USER, ADMIN_PASSWORD).await;
    b.click("a[href='/administracion']").await;
    b.wait_for_text("h1", "Administración").await;
    b.type_into("new-username", "rosa.quishpe").await;
    b.type_into("new-full_name", "Rosa Quishpe").await;
    b.choose("new-role", "AGENTE_N1").await;
    b.type_into("new-password", "clave-de-rosa-2026").await;
    b.click("form[aria-label='Crear usuario'] button[type=submit]").await;
    b.wait_for_text("table", "rosa.quishpe").await;
    b.screenshot("administracion").await;
    b.click("header button.link").await;
    b.wait_for("#username").await;
    b.sign_in("rosa.quishpe", "clave-de-rosa-2026").await;
    b.wait_for_text("header", "Rosa Quishpe").await;
    // N1 sees no administration entry.
    assert!(!b.exists("a[href='/administracion']").await);
    b.close().await;
}

#[tokio::test]
async fn a_case_is_registered_with_the_keyboard_alone() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    b.sign_in(&agent.user.username, PASSWORD).await;
    b.goto("/casos/nuevo").await;
    b.wait_for("#collection_type").await;
    // From the top of the page, Tab reaches the first field of the form.
    let mut reached = false;
    for _ in 0..20 {
        b.tab().await;
        let id = b.client.active_element().await.unwrap().attr("id").await.unwrap();
        if id.as_deref() == Some("collection_type") {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab never reached the form");
    // Then one value per field, in tab order, with Tab in between.
    let keys: &[&str] = &[
        "Cartera",           // collection_type: Cartera temprana
        "Telefon",           // business_line: Telefonía fija
        "Conectado",         // service_status
        "02 555 1234",       // reference
        "Pago total",        // payment_intent
        "Jorge Tenesaca",    // customer_name
        "Cédula",            // document_type
        "0926687856",        // document_number
        "Guayas",            // province
        "04 234 5678",       // landline
        "",                  // mobile: left empty
        "",                  // mobile_confirmed
        "jorge.t@yahoo.com", // email
    ];
    for value in keys {
        let focused = b.client.active_element().await.unwrap();
        if !value.is_empty() {
            focused.send_keys(value).await.unwrap();
        }
        b.tab().await;
    }
    // Enter in a field saves.
    b.client.active_element().await.unwrap().send_keys("Paga el viernes").await.unwrap();
    b.client.find(Locator::Css("#email")).await.unwrap().send_keys(&Key::Enter).await.unwrap();
    let id = saved_case_number(&b, None).await;
    let stored: CaseDto = body(b.app.get(&format!("/api/v1/cases/{id}"), &agent.token).await).await;
    assert_eq!(stored.reference, "025551234");
    assert_eq!(stored.province.as_str(), "GUAYAS");
    assert_eq!(stored.customer_name, "JORGE TENESACA");
    assert_eq!(stored.landline.as_deref(), Some("042345678"));
    assert_eq!(stored.mobile, None);
    b.close().await;
}

#[tokio::test]
async fn a_supervisor_downloads_the_current_filter_as_csv() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    let supervisor = b.app.login_as(Role::Supervisor).await;
    b.app.create_case_ok(&agent.token, &case_body("COACTIVA", "DMY-6001")).await;
    b.app.create_case_ok(&agent.token, &case_body("TEMPRANA", "04 234 5678")).await;
    b.sign_in(&supervisor.user.username, PASSWORD).await;
    b.choose("f-collection_type", "COACTIVA").await;
    b.wait_for_text("table", "DMY6001").await;
    b.click_button("Exportar CSV (filtro actual)").await;
    let file = b.downloads().join("bitacora.csv");
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    while !file.is_file() {
        assert!(tokio::time::Instant::now() < deadline, "no download in {}", b.downloads().display());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with a BOM, as the server sent it");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count(), 2, "the header and the one COACTIVA case:\n{text}");
    assert!(text.contains("DMY6001") && !text.contains("042345678"), "{text}");
    b.close().await;
}

#[tokio::test]
async fn an_administrator_resets_a_password_inline_and_a_refused_change_is_not_left_on_screen() {
    let b = Browser::start().await;
    let agent = b.app.login_as(Role::AgenteN1).await;
    b.sign_in(ADMIN_USER, ADMIN_PASSWORD).await;
    b.goto("/administracion").await;
    b.wait_for_text("table", &agent.user.username).await;
    let row = format!("//tr[td[normalize-space()='{}']]", agent.user.username);
    b.client
        .find(Locator::XPath(&format!("{row}//button[normalize-space()='Cambiar contraseña']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let input = b.wait_for("#reset-password").await;
    assert_eq!(input.attr("type").await.unwrap().as_deref(), Some("password"), "masked");
    b.type_into("reset-password", "corta").await;
    b.click_button("Guardar contraseña").await;
    b.wait_for_text("#reset-password-error", "al menos 10 caracteres").await;
    b.type_into("reset-password", "una-clave-nueva-2026").await;
    b.click_button("Guardar contraseña").await;
    b.wait_for_text(".panel .notice", "cambiada; sus sesiones se cerraron").await;
    assert!(!b.exists("#reset-password").await);
    assert_eq!(b.app.login(&agent.user.username, "una-clave-nueva-2026").await.status(), 200);

    // The server refuses an administrator's change of their own role: the select says ADMIN again.
    let me: shared::api::UserDto = body(b.app.get("/api/v1/me", &b.app.admin_token).await).await;
    let own_role = format!("role-{}", me.id);
    b.choose(&own_role, "SUPERVISOR").await;
    b.wait_for_text(".panel .notice", "No se cambió").await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while b.value(&own_role).await != "ADMIN" {
        assert!(tokio::time::Instant::now() < deadline, "the refused role is still shown");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.close().await;
}
