//! The CSV export: a file Excel opens with its accents, every filtered case in it, nothing a
//! spreadsheet would run as a formula, and only for supervisors and administrators.

use chrono::{Duration, Utc};
use futures::{StreamExt, stream};
use reqwest::StatusCode;
use serde_json::json;
use shared::Role;
use shared::api::{CaseDto, CasePage};

use crate::helpers::{TestApp, body, case_body, spawn_app, unique_reference, with};

const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

struct Csv {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn column(&self, name: &str) -> usize {
        self.headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
    }

    fn ids(&self) -> Vec<i64> {
        let id = self.column("Nº caso");
        self.rows.iter().map(|r| r[id].parse().unwrap()).collect()
    }
}

/// Downloads an export that must succeed and parses it.
async fn export(app: &TestApp, token: &str, query: &str) -> Csv {
    let res = app.get(&format!("/api/v1/cases/export.csv{query}"), token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(BOM), "a UTF-8 BOM comes first");
    let mut reader = csv::Reader::from_reader(&bytes[BOM.len()..]);
    let headers = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    Csv { headers, rows }
}

#[tokio::test]
async fn the_export_is_utf8_with_a_bom_spanish_headers_and_neutralised_formulas() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let accents = app
        .create_case_ok(
            &n1.token,
            &with(
                case_body("TEMPRANA", "022123456"),
                json!({"customer_name": "José Ñúñez Muñoz", "province": "GALAPAGOS"}),
            ),
        )
        .await;
    let hyperlink = app
        .create_case_ok(
            &n1.token,
            &with(
                case_body("COACTIVA", "DMY000123"),
                json!({"observation": "=HYPERLINK(\"http://malo.example\",\"clic\")"}),
            ),
        )
        .await;
    let sum = app
        .create_case_ok(
            &n1.token,
            &with(case_body("EXTRAJUDICIAL", "DMY000456"), json!({"observation": "@SUM(A1:A9)"})),
        )
        .await;
    let minus = app
        .create_case_ok(
            &n1.token,
            &with(case_body("DIFERIDO_ANTICIPADO", "0991234567"), json!({"observation": "-1+1"})),
        )
        .await;
    let plus = app
        .create_case_ok(
            &n1.token,
            &with(case_body("TEMPRANA", "022765432"), json!({"observation": "+593 99 CALL()"})),
        )
        .await;

    let res = app.get("/api/v1/cases/export.csv", &supervisor.token).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let today = (Utc::now() - Duration::hours(5)).format("%Y%m%d");
    assert_eq!(
        res.headers()["content-disposition"].to_str().unwrap(),
        format!("attachment; filename=\"bitacora-{today}.csv\"")
    );
    let raw = res.bytes().await.unwrap();
    assert!(raw.starts_with(BOM));
    let text = std::str::from_utf8(&raw[BOM.len()..]).expect("UTF-8");
    assert!(text.starts_with("Nº caso,"), "{}", &text[..40]);
    assert!(text.contains("JOSÉ ÑÚÑEZ MUÑOZ") && text.contains("Galápagos"), "accents intact");

    let csv = export(&app, &supervisor.token, "").await;
    assert_eq!(csv.rows.len() + 1, 6, "header and one row per case");
    for header in [
        "Cliente",
        "Tipo de cobranza",
        "Observación",
        "Estado",
        "Título de crédito",
        "Medidas cautelares",
        "Resultado",
    ] {
        csv.column(header);
    }
    assert_eq!(csv.ids(), [plus.id, minus.id, sum.id, hyperlink.id, accents.id], "newest first");
    let observation = csv.column("Observación");
    let cell = |id: i64| csv.rows.iter().find(|r| r[0] == id.to_string()).unwrap()[observation].clone();
    assert_eq!(cell(hyperlink.id), "'=HYPERLINK(\"http://malo.example\",\"clic\")");
    assert_eq!(cell(sum.id), "'@SUM(A1:A9)");
    assert_eq!(cell(minus.id), "'-1+1");
    assert_eq!(cell(plus.id), "'+593 99 CALL()");
    assert_eq!(cell(accents.id), "Cliente llama para pagar.");
    let row = csv.rows.iter().find(|r| r[0] == accents.id.to_string()).unwrap();
    assert_eq!(row[csv.column("Cliente")], "JOSÉ ÑÚÑEZ MUÑOZ");
    assert_eq!(row[csv.column("Provincia")], "Galápagos");
    assert_eq!(row[csv.column("Tipo de cobranza")], "Cartera temprana");
    assert_eq!(row[csv.column("Estado")], "Pendiente");
    assert_eq!(row[csv.column("Celular")], "0991234567");
}

#[tokio::test]
async fn the_export_applies_the_list_filters_and_shows_the_workflow() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let other = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let temprana = app.create_case_ok(&n1.token, &case_body("TEMPRANA", "022123456")).await;
    let coactiva = app.create_case_ok(&n1.token, &case_body("COACTIVA", "DMY000123")).await;
    let theirs = app.create_case_ok(&other.token, &case_body("TEMPRANA", "022999888")).await;
    let validated: CaseDto = body(
        app.validate(&supervisor.token, &coactiva, json!({"result": "CONFIRMADO", "credit_title": "TC-7", "measures": "Cuentas bancarias congeladas"}))
            .await,
    )
    .await;
    let taken = app.transition_ok(&cobranzas.token, &validated, "EN_GESTION", json!({})).await;
    app.transition_ok(
        &cobranzas.token,
        &taken,
        "RESUELTO",
        json!({"outcome": "PAGO_PARCIAL", "note": "Abonó $50"}),
    )
    .await;

    assert_eq!(export(&app, &supervisor.token, "?collection_type=COACTIVA").await.ids(), [coactiva.id]);
    assert_eq!(export(&app, &supervisor.token, "?status=PENDIENTE").await.ids(), [theirs.id, temprana.id]);
    assert_eq!(
        export(&app, &supervisor.token, &format!("?created_by={}", other.user.id)).await.ids(),
        [theirs.id]
    );
    assert_eq!(
        export(&app, &supervisor.token, &format!("?assigned_to={}", cobranzas.user.id)).await.ids(),
        [coactiva.id]
    );
    assert_eq!(export(&app, &supervisor.token, "?q=022-999").await.ids(), [theirs.id]);
    assert_eq!(export(&app, &supervisor.token, "?business_line=TV_SATELITAL").await.ids(), [coactiva.id]);
    // Periods are days in Ecuador: yesterday's cases are outside today, inside a period with it.
    app.backdate(temprana.id, chrono::Duration::days(1));
    let today = (Utc::now() - Duration::hours(5)).date_naive();
    let yesterday = today - Duration::days(1);
    assert_eq!(
        export(&app, &supervisor.token, &format!("?from={today}&to={today}")).await.ids(),
        [theirs.id, coactiva.id]
    );
    assert_eq!(export(&app, &supervisor.token, &format!("?to={yesterday}")).await.ids(), [temprana.id]);
    assert_eq!(
        export(&app, &supervisor.token, &format!("?from={yesterday}")).await.ids(),
        [theirs.id, coactiva.id, temprana.id]
    );
    let none = export(&app, &app.admin_token, "?province=LOJA").await;
    assert!(none.rows.is_empty() && none.headers.len() > 20, "an empty export still has its header");

    let resolved = export(&app, &app.admin_token, "?collection_type=COACTIVA").await;
    let row = &resolved.rows[0];
    assert_eq!(row[resolved.column("Estado")], "Resuelto");
    assert_eq!(row[resolved.column("Resultado")], "Pago parcial");
    assert_eq!(row[resolved.column("Nota de cierre")], "Abonó $50");
    assert_eq!(row[resolved.column("Validación")], "Confirmado");
    assert_eq!(row[resolved.column("Título de crédito")], "TC-7");
    assert_eq!(row[resolved.column("Medidas cautelares")], "Cuentas bancarias congeladas");
    assert!(row[resolved.column("Asignado a")].contains(&cobranzas.user.username));
    assert!(!row[resolved.column("Cerrado (hora de Ecuador)")].is_empty());

    for query in ["?limit=10", "?cursor=5"] {
        let res = app.get(&format!("/api/v1/cases/export.csv{query}"), &supervisor.token).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
}

#[tokio::test]
async fn only_supervisors_and_administrators_export() {
    let app = spawn_app().await;
    for role in [Role::AgenteN1, Role::Cobranzas] {
        let user = app.login_as(role).await;
        let res = app.get("/api/v1/cases/export.csv", &user.token).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    let res = app.client.get(app.url("/api/v1/cases/export.csv")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_large_export_streams_every_case_once_across_chunks() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    // More than two chunks of 500. One case in three is a Quishpe; one in a hundred is COACTIVA.
    const CASES: usize = 1_050;
    let created: Vec<(usize, i64)> = stream::iter(0..CASES)
        .map(|i| {
            let (ct, prefix) = if i % 100 == 0 { ("COACTIVA", "DMY") } else { ("TEMPRANA", "0225") };
            let surname = if i % 3 == 0 { "Quishpe" } else { "Andrade" };
            let form = with(
                case_body(ct, &unique_reference(prefix)),
                json!({"customer_name": format!("Cliente {surname} Número {i}")}),
            );
            let (app, token) = (&app, n1.token.clone());
            async move { (i, app.create_case_ok(&token, &form).await.id) }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let newest_first = |keep: fn(usize) -> bool| {
        let mut ids: Vec<i64> = created.iter().filter(|(i, _)| keep(*i)).map(|(_, id)| *id).collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids
    };
    let csv = export(&app, &supervisor.token, "").await;
    assert_eq!(csv.ids(), newest_first(|_| true), "every case once, newest first");

    // A search over many chunks of the index, with and without other filters, pages and export
    // alike.
    let quishpe = export(&app, &supervisor.token, "?q=quishpe").await;
    assert_eq!(quishpe.ids(), newest_first(|i| i % 3 == 0));
    for q in ["quishpe", "cliente%20quishpe"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/cases?q={q}&collection_type=COACTIVA&limit=2");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={c}"));
            }
            let page: CasePage = body(app.get(&path, &supervisor.token).await).await;
            seen.extend(page.items.iter().map(|c| c.id));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, newest_first(|i| i % 3 == 0 && i % 100 == 0), "q={q}");
    }
}
