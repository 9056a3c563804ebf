//! Registering and finding cases: the four collection types, roles, duplicates, search.

use reqwest::StatusCode;
use serde_json::json;
use shared::api::{CaseDto, CasePage, DuplicateCheck};
use shared::{CaseStatus, CollectionType, ErrorBody, ErrorKind, Role};

use crate::helpers::{body, case_body, cedula, spawn_app, with};

#[tokio::test]
async fn an_agent_registers_a_case_of_each_collection_type() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    for (ct, reference, stored, label, may_tell) in [
        ("TEMPRANA", " 02-212 3456 ", "022123456", "Nº de servicio", true),
        ("EXTRAJUDICIAL", "dmy-000123", "DMY000123", "DUMMY", false),
        ("COACTIVA", "dmy 000456", "DMY000456", "DUMMY", false),
        ("DIFERIDO_ANTICIPADO", "0991234567", "0991234567", "Nº de servicio", true),
    ] {
        let res = app.create_case(&agent.token, &case_body(ct, reference)).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let case: CaseDto = body(res).await;
        assert_eq!(location, format!("/api/v1/cases/{}", case.id));
        assert_eq!(case.collection_type.as_str(), ct);
        assert_eq!(case.reference, stored);
        assert_eq!(case.reference_label, label);
        assert_eq!(case.status, CaseStatus::Pendiente);
        assert_eq!(case.created_by.id, agent.user.id);
        assert_eq!(case.version, 1);
        assert_eq!(case.landline.as_deref(), Some("022123456"));
        assert_eq!(case.mobile.as_deref(), Some("0991234567"));
        assert_eq!(case.customer_name, "MARÍA FERNANDA PÉREZ LOOR");
        assert_eq!(case.disclosure.may_disclose_amount, may_tell);
        if !may_tell {
            assert!(case.disclosure.script.contains("agente de cobranzas le indicará el valor exacto"));
        }
        let fetched: CaseDto = body(app.get(&location, &agent.token).await).await;
        assert_eq!(fetched.id, case.id);
        assert_eq!(fetched.reference, stored);
    }
}

#[tokio::test]
async fn n1_always_creates_pendiente() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    for status in ["EN_GESTION", "RESUELTO", "ANULADO", "CERRADO"] {
        let res = app
            .create_case(&agent.token, &with(case_body("TEMPRANA", "022123456"), json!({"status": status})))
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{status}");
    }
    let case = app
        .create_case_ok(
            &agent.token,
            &with(case_body("TEMPRANA", "022123456"), json!({"status": "PENDIENTE"})),
        )
        .await;
    assert_eq!(case.status, CaseStatus::Pendiente);
    // Supervisors register cases too, and they also start PENDIENTE.
    let supervisor = app.login_as(Role::Supervisor).await;
    let res = app
        .create_case(
            &supervisor.token,
            &with(case_body("TEMPRANA", "022999888"), json!({"status": "RESUELTO"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn collections_agents_and_administrators_do_not_register_cases() {
    let app = spawn_app().await;
    for role in [Role::Cobranzas, Role::Admin] {
        let user = app.login_as(role).await;
        let res = app.create_case(&user.token, &case_body("TEMPRANA", "022123456")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
}

#[tokio::test]
async fn a_second_open_case_for_the_same_reference_and_type_is_refused_with_the_existing_one() {
    let app = spawn_app().await;
    let first_agent = app.login_as(Role::AgenteN1).await;
    let second_agent = app.login_as(Role::AgenteN1).await;
    let existing = app.create_case_ok(&first_agent.token, &case_body("COACTIVA", "DMY-777")).await;

    // Typed differently, normalised the same; a different customer does not matter.
    let other = with(case_body("COACTIVA", " dmy 777 "), json!({"document_number": cedula("091234567")}));
    let res = app.create_case(&second_agent.token, &other).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let error: ErrorBody = body(res).await;
    assert_eq!(error.error, ErrorKind::DuplicateCase);
    assert_eq!(error.existing.unwrap().id, existing.id);

    // The same reference under another collection type is another debt.
    app.create_case_ok(&second_agent.token, &case_body("EXTRAJUDICIAL", "DMY777")).await;
    let page: CasePage = body(app.get("/api/v1/cases", &first_agent.token).await).await;
    assert_eq!(page.items.len(), 2, "nothing was stored by the refused save");
}

#[tokio::test]
async fn the_form_sees_the_blocking_case_and_the_customers_other_open_cases() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let blocking = app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    let other = app.create_case_ok(&agent.token, &case_body("DIFERIDO_ANTICIPADO", "0998887777")).await;
    app.create_case_ok(
        &agent.token,
        &with(case_body("COACTIVA", "DMY1"), json!({"document_number": cedula("091234567")})),
    )
    .await;

    let check: DuplicateCheck = body(
        app.get("/api/v1/cases/duplicates?reference=02-212-3456&collection_type=TEMPRANA&document_number=1710034065", &agent.token).await,
    )
    .await;
    assert_eq!(check.blocking.unwrap().id, blocking.id);
    assert_eq!(check.same_customer.iter().map(|c| c.id).collect::<Vec<_>>(), [other.id]);

    let free: DuplicateCheck = body(
        app.get("/api/v1/cases/duplicates?reference=022123456&collection_type=COACTIVA", &agent.token).await,
    )
    .await;
    assert!(free.blocking.is_none() && free.same_customer.is_empty());
}

#[tokio::test]
async fn other_open_cases_of_the_customer_are_a_warning_not_a_refusal() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let first = app.create_case_ok(&agent.token, &case_body("TEMPRANA", "022123456")).await;
    assert!(first.warnings.is_empty());
    let second = app.create_case_ok(&agent.token, &case_body("COACTIVA", "DMY-55")).await;
    assert_eq!(second.warnings.len(), 1);
    assert!(second.warnings[0].contains(&format!("Nº {}", first.id)), "{:?}", second.warnings);
}

#[tokio::test]
async fn the_list_is_newest_first_filtered_searchable_and_paged_by_cursor() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let other_agent = app.login_as(Role::AgenteN1).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let ct = if i % 2 == 0 { "TEMPRANA" } else { "COACTIVA" };
        let who = if i < 5 { &agent } else { &other_agent };
        let name =
            format!("Cliente {} Núñez", ["Ana", "Berta", "Carla", "Diana", "Elena", "Fabiola", "Gloria"][i]);
        let body_ = with(case_body(ct, &format!("REF{i:04}")), json!({"customer_name": name}));
        ids.push(app.create_case_ok(&who.token, &body_).await.id);
    }
    let supervisor = app.login_as(Role::Supervisor).await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/cases?limit=3&cursor={c}"),
            None => "/api/v1/cases?limit=3".to_owned(),
        };
        let page: CasePage = body(app.get(&path, &supervisor.token).await).await;
        assert!(page.items.len() <= 3);
        seen.extend(page.items.iter().map(|c| c.id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let newest_first: Vec<i64> = ids.iter().rev().copied().collect();
    assert_eq!(seen, newest_first);

    let coactiva: CasePage =
        body(app.get("/api/v1/cases?collection_type=COACTIVA", &agent.token).await).await;
    assert_eq!(coactiva.items.len(), 3);
    assert!(coactiva.items.iter().all(|c| c.collection_type == CollectionType::Coactiva));

    let by_creator: CasePage =
        body(app.get(&format!("/api/v1/cases?created_by={}", other_agent.user.id), &agent.token).await).await;
    assert_eq!(by_creator.items.iter().map(|c| c.id).collect::<Vec<_>>(), [ids[6], ids[5]]);

    // Accents and case do not matter; references are found as typed.
    let found: CasePage = body(app.get("/api/v1/cases?q=DIANA%20nunez", &agent.token).await).await;
    assert_eq!(found.items.iter().map(|c| c.id).collect::<Vec<_>>(), [ids[3]]);
    let by_ref: CasePage = body(app.get("/api/v1/cases?q=ref-0004", &agent.token).await).await;
    assert_eq!(by_ref.items.iter().map(|c| c.id).collect::<Vec<_>>(), [ids[4]]);
    let by_doc: CasePage = body(app.get("/api/v1/cases?q=1710034065", &agent.token).await).await;
    assert_eq!(by_doc.items.len(), 7);
    // LIKE wildcards are taken as the characters they are, not as "anything".
    let everything: Vec<i64> = ids.iter().rev().copied().collect();
    for (typed, expected) in [
        ("%25", everything.clone()),
        ("_", everything),
        ("-", vec![]),
        ("%25ana", vec![ids[3], ids[0]]),
        ("di_na", vec![]),
    ] {
        let page: CasePage = body(app.get(&format!("/api/v1/cases?q={typed}"), &agent.token).await).await;
        assert_eq!(page.items.iter().map(|c| c.id).collect::<Vec<_>>(), expected, "q={typed}");
    }

    let filtered: CasePage = body(
        app.get(
            "/api/v1/cases?status=PENDIENTE&business_line=TELEFONIA_FIJA&province=PICHINCHA",
            &agent.token,
        )
        .await,
    )
    .await;
    assert_eq!(filtered.items.len(), 4);
    let none: CasePage = body(app.get("/api/v1/cases?province=GALAPAGOS", &agent.token).await).await;
    assert!(none.items.is_empty() && none.next_cursor.is_none());

    let today = (chrono::Utc::now()
        + chrono::Duration::seconds(i64::from(shared::api::ECUADOR_UTC_OFFSET_SECONDS)))
    .date_naive();
    let dated: CasePage =
        body(app.get(&format!("/api/v1/cases?from={today}&to={today}"), &agent.token).await).await;
    assert_eq!(dated.items.len(), 7);
    let tomorrow = today + chrono::Duration::days(1);
    let future: CasePage = body(app.get(&format!("/api/v1/cases?from={tomorrow}"), &agent.token).await).await;
    assert!(future.items.is_empty());
}

#[tokio::test]
async fn list_sizes_are_capped_and_bad_filters_are_explained() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    assert_eq!(
        app.get("/api/v1/cases?limit=500", &agent.token).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get("/api/v1/cases?limit=0", &agent.token).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.get("/api/v1/cases?status=ABIERTO", &agent.token).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.get("/api/v1/cases?cursor=abc", &agent.token).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.get("/api/v1/cases?sort=id", &agent.token).await.status(), StatusCode::BAD_REQUEST);
    let reversed = app.get("/api/v1/cases?from=2026-12-02&to=2026-12-01", &agent.token).await;
    assert_eq!(reversed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body::<ErrorBody>(reversed).await.fields.unwrap().contains_key("from"));
    let long = app.get(&format!("/api/v1/cases?q={}", "a".repeat(101)), &agent.token).await;
    assert_eq!(long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("/api/v1/cases/424242", &agent.token).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/nothing-here", &agent.token).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_search_follows_corrections() {
    let app = spawn_app().await;
    let agent = app.login_as(Role::AgenteN1).await;
    let form = with(case_body("TEMPRANA", "022123456"), json!({"customer_name": "Rosa Quishpe"}));
    let case = app.create_case_ok(&agent.token, &form).await;
    let found = |q: &'static str| {
        let (app, token) = (&app, agent.token.clone());
        async move {
            let page: CasePage = body(app.get(&format!("/api/v1/cases?q={q}"), &token).await).await;
            page.items.iter().map(|c| c.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(found("quishpe").await, [case.id]);
    let path = format!("/api/v1/cases/{}", case.id);
    let res = app.patch(&path, &agent.token, &json!({"version": 1, "customer_name": "Rosa Chicaiza"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(found("chicaiza").await, [case.id]);
    assert!(found("quishpe").await.is_empty(), "the old spelling is no longer found");
}
