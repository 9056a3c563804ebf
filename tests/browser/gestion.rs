//! The follow-up screens (the `gestion` bundle): "Mis casos" for collections agents, the
//! supervisor's queue and the dashboard, against data the tests create through the API.

use bitacora_tests::browser::Browser;
use bitacora_tests::harness::*;
use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};
use shared::Role;
use shared::api::CaseDto;

/// Moves a case's registration time back, as if it had been registered `ago`.
fn registered_ago(app: &TestApp, case: &CaseDto, ago: Duration) {
    use backend::schema::cases;
    let at: NaiveDateTime = (Utc::now() - ago).naive_utc();
    let mut conn = backend::db::DbConnection::establish(&app.db.url).unwrap();
    diesel::update(cases::table.find(case.id)).set(cases::created_at.eq(at)).execute(&mut conn).unwrap();
}

async fn new_case(app: &TestApp, agent: &Agent, collection_type: &str, changes: Value) -> CaseDto {
    let reference = unique_reference(if collection_type == "TEMPRANA" { "0224" } else { "DMY" });
    app.create_case_ok(&agent.token, &with(case_body(collection_type, &reference), changes)).await
}

async fn assign_ok(app: &TestApp, supervisor: &Agent, case: &CaseDto, to: &Agent) -> CaseDto {
    let res = app.assign(&supervisor.token, case, to.user.id).await;
    assert_eq!(res.status(), 200);
    body(res).await
}

/// The value next to the row header `label` in table `#table`, read from the page whether or
/// not its "Ver tabla" is open.
async fn table_value(b: &Browser, table: &str, label: &str) -> String {
    let script = r#"
        const [id, label] = arguments;
        const table = document.getElementById(id);
        if (!table) return "no table " + id;
        for (const row of table.querySelectorAll("tbody tr, tfoot tr")) {
            const head = row.querySelector("th");
            if (head && head.textContent.trim() === label) {
                return Array.from(row.querySelectorAll("td")).map(td => td.textContent.trim()).join(" | ");
            }
        }
        return "no row " + label;
    "#;
    let value = b.client.execute(script, vec![json!(table), json!(label)]).await.unwrap();
    value.as_str().unwrap_or_default().to_owned()
}

async fn count(b: &Browser, css: &str) -> usize {
    b.client.find_all(fantoccini::Locator::Css(css)).await.unwrap().len()
}

/// Waits until `#id` says exactly `expected` (the dashboard refreshes after a change of period).
async fn wait_for_exact(b: &Browser, css: &str, expected: &str) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let text = b.text(css).await;
        if text.trim() == expected {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{css} says {text:?}, not {expected:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_collections_agent_sees_their_cases_and_takes_an_available_one() {
    let b = Browser::start().await;
    let app = &b.app;
    let (n1, supervisor) = (app.login_as(Role::AgenteN1).await, app.login_as(Role::Supervisor).await);
    let (collector, colleague) = (app.login_as(Role::Cobranzas).await, app.login_as(Role::Cobranzas).await);
    let mine = new_case(app, &n1, "TEMPRANA", json!({"customer_name": "Rosa Quishpe"})).await;
    let mine = assign_ok(app, &supervisor, &mine, &collector).await;
    registered_ago(app, &mine, Duration::days(3) + Duration::hours(2));
    let newer = new_case(app, &n1, "DIFERIDO_ANTICIPADO", json!({"landline": null})).await;
    let newer = assign_ok(app, &supervisor, &newer, &collector).await;
    let theirs = new_case(app, &n1, "TEMPRANA", json!({})).await;
    assign_ok(app, &supervisor, &theirs, &colleague).await;
    let unassigned = new_case(app, &n1, "TEMPRANA", json!({})).await;
    let coactiva = new_case(app, &n1, "COACTIVA", json!({})).await;

    b.sign_in(&collector.user.username, PASSWORD).await;
    b.client.set_window_size(1366, 768).await.unwrap();
    b.click("a[href='/mis-casos']").await;
    b.wait_for_text("h1", "Mis casos").await;
    let first = b.wait_for_text("#mine table tbody tr:first-child", &format!("Nº {}", mine.id)).await;
    assert!(!b.exists(&format!("a[href='/casos/{}']", theirs.id)).await, "another agent's case");
    assert!(!b.exists(&format!("#mine a[href='/casos/{}']", unassigned.id)).await, "an unassigned case");
    // Oldest first, with its age, the customer, type, reference, status and the numbers to call.
    for expected in [
        "hace 3 días",
        "ROSA QUISHPE",
        "Cartera temprana",
        &mine.reference,
        "En gestión",
        "02 212 3456",
        "099 123 4567",
    ] {
        assert!(first.contains(expected), "{expected:?} missing from the row: {first}");
    }
    let second = b.text("#mine table tbody tr:nth-child(2)").await;
    assert!(
        second.contains(&format!("Nº {}", newer.id)) && second.contains("Diferido anticipado"),
        "{second}"
    );
    assert!(!second.contains("Fijo"), "a case without a landline shows only the mobile: {second}");
    assert_eq!(count(&b, "#mine table tbody tr").await, 2);
    assert!(
        b.text("#mine .summary-line")
            .await
            .contains("2 casos abiertos, el más antiguo registrado hace 3 días")
    );
    let link = b.wait_for(&format!("a[href='/casos/{}']", mine.id)).await;
    assert!(link.is_displayed().await.unwrap());

    // The unassigned case is offered to take; awaiting the back-office check, the COACTIVA is not.
    let heading = b.wait_for_text("#available h2", "(1)").await;
    assert!(heading.starts_with("Disponibles para tomar"), "{heading}");
    assert!(!b.exists(&format!("a[href='/casos/{}']", coactiva.id)).await, "awaits validation");
    b.screenshot("mis-casos").await;
    b.click(&format!("button[aria-label='Tomar el caso Nº {}']", unassigned.id)).await;
    b.wait_for_text("#take-result", &format!("Tomó el caso Nº {}", unassigned.id)).await;
    b.wait_for_text("#available", "No hay casos disponibles para tomar.").await;
    b.wait_for_text("#mine .summary-line", "3 casos abiertos").await;
    assert!(b.exists(&format!("#mine a[href='/casos/{}']", unassigned.id)).await);
    let taken = app.case(&collector.token, unassigned.id).await;
    assert_eq!(taken.status, shared::CaseStatus::EnGestion);
    assert_eq!(taken.assigned_to.map(|u| u.id), Some(collector.user.id), "the case is now theirs");

    b.client.set_window_size(390, 844).await.unwrap();
    b.screenshot("mis-casos-estrecho").await;
    b.close().await;
}

#[tokio::test]
async fn the_supervisor_sees_what_awaits_validation_what_is_unassigned_and_everything_open() {
    let b = Browser::start().await;
    let app = &b.app;
    let (n1, supervisor) = (app.login_as(Role::AgenteN1).await, app.login_as(Role::Supervisor).await);
    let collector = app.login_as(Role::Cobranzas).await;
    let coactiva = new_case(app, &n1, "COACTIVA", json!({})).await;
    let temprana = new_case(app, &n1, "TEMPRANA", json!({})).await;
    let not_found = new_case(app, &n1, "EXTRAJUDICIAL", json!({})).await;
    let res = app
        .validate(
            &supervisor.token,
            &not_found,
            json!({"result": "NO_ENCONTRADO", "note": "No consta en ATFPJC"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let working = new_case(app, &n1, "TEMPRANA", json!({})).await;
    assign_ok(app, &supervisor, &working, &collector).await;

    b.sign_in(&supervisor.user.username, PASSWORD).await;
    b.client.set_window_size(1366, 768).await.unwrap();
    b.click("a[href='/cola']").await;
    let link = |id: i64| format!("a[href='/casos/{id}']");
    let awaiting = b.wait_for_text("#awaiting h2", "(2)").await;
    assert!(awaiting.starts_with("Esperan validación"), "{awaiting}");
    assert!(b.exists(&format!("#awaiting {}", link(coactiva.id))).await);
    assert!(b.exists(&format!("#awaiting {}", link(not_found.id))).await);
    assert!(!b.exists(&format!("#awaiting {}", link(temprana.id))).await);
    let row = b.text(&format!("#awaiting tr:has({})", link(not_found.id))).await;
    assert!(row.contains("No encontrado"), "{row}");
    let row = b.text(&format!("#awaiting tr:has({})", link(coactiva.id))).await;
    assert!(row.contains("Sin validar") && row.contains("Coactiva"), "{row}");

    assert!(b.text("#unassigned h2").await.ends_with("(1)"));
    assert!(b.exists(&format!("#unassigned {}", link(temprana.id))).await);
    assert!(!b.exists(&format!("#unassigned {}", link(coactiva.id))).await);
    assert!(!b.exists(&format!("#unassigned {}", link(working.id))).await, "already assigned");

    assert!(b.text("#open h2").await.ends_with("(4)"));
    for id in [coactiva.id, temprana.id, not_found.id, working.id] {
        assert!(b.exists(&format!("#open {}", link(id))).await, "case {id} is open");
    }
    let row = b.text(&format!("#open tr:has({})", link(working.id))).await;
    assert!(row.contains("Usuario de Prueba") && row.contains("En gestión"), "{row}");
    let tiles = b.text(".tiles").await;
    assert!(tiles.contains("2\nEsperan validación"), "{tiles}");
    b.screenshot("cola").await;
    b.close().await;
}

#[tokio::test]
async fn the_dashboard_draws_its_charts_with_the_numbers_of_the_cases() {
    let b = Browser::start().await;
    let app = &b.app;
    let (n1, supervisor) = (app.login_as(Role::AgenteN1).await, app.login_as(Role::Supervisor).await);
    let collector = app.login_as(Role::Cobranzas).await;
    // Open: 3 COACTIVA (2 in Azuay, 1 in Guayas; one registered 10 days ago), 1 EXTRAJUDICIAL,
    // 2 TEMPRANA (one in the collector's hands, one registered 2 days ago); 1 TEMPRANA resolved.
    let old = new_case(app, &n1, "COACTIVA", json!({"province": "AZUAY"})).await;
    registered_ago(app, &old, Duration::days(10));
    new_case(app, &n1, "COACTIVA", json!({"province": "AZUAY"})).await;
    new_case(app, &n1, "COACTIVA", json!({"province": "GUAYAS"})).await;
    new_case(app, &n1, "EXTRAJUDICIAL", json!({})).await;
    let working = new_case(app, &n1, "TEMPRANA", json!({})).await;
    assign_ok(app, &supervisor, &working, &collector).await;
    let waiting = new_case(app, &n1, "TEMPRANA", json!({})).await;
    registered_ago(app, &waiting, Duration::days(2));
    let paid = new_case(app, &n1, "TEMPRANA", json!({})).await;
    let paid = app.transition_ok(&collector.token, &paid, "EN_GESTION", json!({})).await;
    app.transition_ok(&collector.token, &paid, "RESUELTO", json!({"outcome": "PAGO_TOTAL", "note": "Pagó"}))
        .await;

    b.sign_in(&supervisor.user.username, PASSWORD).await;
    b.client.set_window_size(1366, 768).await.unwrap();
    b.click("a[href='/tablero']").await;
    wait_for_exact(&b, "#kpi-awaiting", "4").await;
    assert!(b.text("#kpi-open").await.starts_with("6"));
    assert!(b.text("#kpi-open").await.contains("5 pendientes · 1 en gestión"));
    assert_eq!(b.text("#kpi-created").await, "7");
    assert_eq!(b.text("#kpi-resolved").await, "1");
    assert!(b.text("#period-line").await.contains("(30 días)"), "the server's default period");

    // Every chart is an SVG with bars, named for assistive technology.
    assert_eq!(count(&b, ".dash-card svg.chart[role=img]").await, 9);
    assert_eq!(count(&b, "#chart-type svg rect.bar").await, 3, "one bar per type with open cases");
    assert_eq!(count(&b, "#chart-province svg rect.bar").await, 3);
    assert_eq!(count(&b, "#chart-age svg rect.bar.alert").await, 1, "a week or older");
    assert!(count(&b, "#chart-per-day svg rect.bar").await >= 3);
    // The bars are painted in the app's colours, not SVG's default black (the style sheet applies).
    let fills = b
        .client
        .execute(
            "return Array.from(document.querySelectorAll('svg.chart rect.bar'), r => getComputedStyle(r).fill);",
            vec![],
        )
        .await
        .unwrap();
    let fills: Vec<String> = serde_json::from_value(fills).unwrap();
    assert!(!fills.is_empty() && fills.iter().all(|f| f != "rgb(0, 0, 0)"), "{fills:?}");
    let label = b.wait_for("#chart-type svg").await.attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(label.contains("Coactiva: 3"), "{label}");

    // The tables say the same numbers as the data.
    b.click("#chart-type summary").await;
    let table = b.text("#t-type").await;
    assert!(table.contains("Coactiva 3"), "{table}");
    for (table, label, value) in [
        ("t-type", "Coactiva", "3"),
        ("t-type", "Cartera temprana", "2"),
        ("t-type", "Extrajudicial", "1"),
        ("t-type", "Diferido anticipado", "0"),
        ("t-status", "Pendiente", "5"),
        ("t-status", "En gestión", "1"),
        ("t-line", "TV satelital", "3"),
        ("t-line", "Telefonía fija", "2"),
        ("t-line", "Internet fijo", "1"),
        ("t-age", "Menos de 24 h", "4"),
        ("t-age", "De 1 a 3 días", "1"),
        ("t-age", "De 3 a 7 días", "0"),
        ("t-age", "7 días o más", "1"),
        ("t-province", "Pichincha", "3"),
        ("t-province", "Azuay", "2"),
        ("t-province", "Guayas", "1"),
        ("t-created-by", "Usuario de Prueba", "7"),
        ("t-resolved-by", "Usuario de Prueba", "1"),
        ("t-per-day", "Total", "7 | 1"),
    ] {
        assert_eq!(table_value(&b, table, label).await, value, "{table}: {label}");
    }
    let median = table_value(&b, "t-median", "Cartera temprana").await;
    assert!(median.ends_with(" h"), "{median}");
    assert_eq!(table_value(&b, "t-median", "Coactiva").await, "Sin resueltos");
    b.screenshot("tablero").await;

    // A past period: nothing registered or resolved then; open cases are counted as of now.
    b.type_into("from", "01012020").await;
    b.type_into("to", "02022020").await;
    wait_for_exact(&b, "#kpi-created", "0").await;
    let period = b.text("#period-line").await;
    assert!(period.contains("del 01/01/2020 al 02/02/2020 (33 días)"), "{period}");
    assert!(b.text("#chart-per-day").await.contains("No se registraron ni resolvieron casos"));
    assert!(b.text("#chart-created-by").await.contains("No se registraron casos en el periodo"));
    assert_eq!(b.text("#kpi-awaiting").await, "4");
    // A reversed period is explained next to the date; back to the default period.
    b.type_into("to", "01011999").await;
    b.wait_for_text("#from-error", "posterior").await;
    b.click(".period-filter button").await;
    wait_for_exact(&b, "#kpi-created", "7").await;
    b.client.set_window_size(390, 844).await.unwrap();
    b.screenshot("tablero-estrecho").await;
    b.close().await;
}
