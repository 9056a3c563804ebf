//! The supervisor's back-office validation (ATFPJC) of EXTRAJUDICIAL and COACTIVA cases: who, for
//! which cases, what it needs, what it unblocks, and how a correction makes it pending again.

use reqwest::StatusCode;
use serde_json::json;
use shared::api::{CaseDto, SupervisorQueue};
use shared::{CaseStatus, ErrorBody, ErrorKind, EventKind, Role, ValidationResult};

use crate::helpers::{body, case_body, spawn_app, with};

fn confirmed_coactiva() -> serde_json::Value {
    json!({"result": "CONFIRMADO", "credit_title": "TC-2026-000123", "measures": "Cuentas bancarias congeladas"})
}

#[tokio::test]
async fn only_supervisors_validate_and_only_extrajudicial_and_coactiva_cases() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let coactiva = app.create_case_ok(&n1.token, &case_body("COACTIVA", "DMY000123")).await;
    assert!(coactiva.awaiting_validation);
    assert_eq!(coactiva.validation, None);
    for token in [&n1.token, &cobranzas.token, &app.admin_token] {
        let res = app.validate(token, &coactiva, confirmed_coactiva()).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    for (ct, reference) in [("TEMPRANA", "022123456"), ("DIFERIDO_ANTICIPADO", "0991234567")] {
        let case = app.create_case_ok(&n1.token, &case_body(ct, reference)).await;
        assert!(!case.awaiting_validation, "{ct} needs no back-office check");
        let res = app
            .validate(&supervisor.token, &case, json!({"result": "CONFIRMADO", "credit_title": "TC-1"}))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{ct}");
        let error: ErrorBody = body(res).await;
        assert!(error.message.contains("extrajudiciales y coactivos"), "{}", error.message);
    }
    // Closed cases are not validated either.
    let annulled = app
        .transition_ok(&supervisor.token, &coactiva, "ANULADO", json!({"note": "El DUMMY no existe."}))
        .await;
    assert!(!annulled.awaiting_validation, "a closed case waits for nothing");
    let res = app.validate(&supervisor.token, &annulled, confirmed_coactiva()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn confirmado_needs_the_credit_title_and_for_coactiva_the_measures_seen() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let extrajudicial = app.create_case_ok(&n1.token, &case_body("EXTRAJUDICIAL", "DMY000111")).await;
    let coactiva = app.create_case_ok(&n1.token, &case_body("COACTIVA", "DMY000222")).await;
    for (case, request, field) in [
        (&extrajudicial, json!({"result": "CONFIRMADO"}), "credit_title"),
        (&extrajudicial, json!({"result": "CONFIRMADO", "credit_title": "  "}), "credit_title"),
        (
            &extrajudicial,
            json!({"result": "CONFIRMADO", "credit_title": "TC-1", "measures": "Embargo"}),
            "measures",
        ),
        (&coactiva, json!({"result": "CONFIRMADO", "credit_title": "TC-2"}), "measures"),
        (&coactiva, json!({"result": "CONFIRMADO", "measures": "Cuentas congeladas"}), "credit_title"),
    ] {
        let res = app.validate(&supervisor.token, case, request.clone()).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{request}");
        let error: ErrorBody = body(res).await;
        assert_eq!(error.fields.unwrap().into_keys().collect::<Vec<_>>(), [field], "{request}");
    }
    let res = app
        .validate(
            &supervisor.token,
            &coactiva,
            json!({"result": "CONFIRMADO", "credit_title": "x", "nope": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "unknown fields are refused");

    let res = app
        .validate(
            &supervisor.token,
            &coactiva,
            with(confirmed_coactiva(), json!({"note": "Revisado en ATFPJC"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let validated: CaseDto = body(res).await;
    assert!(!validated.awaiting_validation);
    assert_eq!(validated.version, 2);
    let v = validated.validation.unwrap();
    assert_eq!(v.result, ValidationResult::Confirmado);
    assert_eq!(v.credit_title.as_deref(), Some("TC-2026-000123"));
    assert_eq!(v.measures.as_deref(), Some("Cuentas bancarias congeladas"));
    assert_eq!(v.note.as_deref(), Some("Revisado en ATFPJC"));
    assert_eq!(v.validated_by.id, supervisor.user.id);
    assert!(v.validated_at >= coactiva.created_at);

    let events = app.events(&n1.token, coactiva.id).await;
    let last = events.last().unwrap();
    assert_eq!((last.kind, last.actor.id), (EventKind::Validado, supervisor.user.id));
    assert_eq!(last.note.as_deref(), Some("Revisado en ATFPJC"));
    let changes: Vec<_> =
        last.changes.iter().map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
    assert_eq!(
        changes,
        [
            ("validation_result", None, Some("CONFIRMADO")),
            ("credit_title", None, Some("TC-2026-000123")),
            ("measures", None, Some("Cuentas bancarias congeladas")),
        ]
    );

    let res = app
        .validate(&supervisor.token, &extrajudicial, json!({"result": "CONFIRMADO", "credit_title": "tc-9"}))
        .await;
    let validated: CaseDto = body(res).await;
    assert_eq!(validated.validation.unwrap().credit_title.as_deref(), Some("TC-9"));
    // A stale version is refused like any other change.
    let res = app.validate(&supervisor.token, &extrajudicial, json!({"result": "NO_ENCONTRADO"})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(body::<ErrorBody>(res).await.error, ErrorKind::StaleVersion);
}

#[tokio::test]
async fn a_case_awaiting_validation_cannot_be_taken_assigned_or_resolved() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let case = app.create_case_ok(&n1.token, &case_body("COACTIVA", "DMY000123")).await;
    for res in [
        app.transition(&cobranzas.token, &case, "EN_GESTION", json!({})).await,
        app.transition(&supervisor.token, &case, "EN_GESTION", json!({})).await,
        app.assign(&supervisor.token, &case, cobranzas.user.id).await,
    ] {
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: ErrorBody = body(res).await;
        assert!(error.message.contains("espera la validación del supervisor"), "{}", error.message);
    }
    // NO_ENCONTRADO keeps it blocked.
    let not_found: CaseDto = body(
        app.validate(
            &supervisor.token,
            &case,
            json!({"result": "NO_ENCONTRADO", "note": "No consta en ATFPJC"}),
        )
        .await,
    )
    .await;
    assert!(not_found.awaiting_validation);
    assert_eq!(not_found.validation.as_ref().map(|v| v.result), Some(ValidationResult::NoEncontrado));
    assert_eq!(
        app.assign(&supervisor.token, &not_found, cobranzas.user.id).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A CONFIRMADO unblocks it.
    let confirmed: CaseDto =
        body(app.validate(&supervisor.token, &not_found, confirmed_coactiva()).await).await;
    assert!(!confirmed.awaiting_validation);
    let taken = app.transition_ok(&cobranzas.token, &confirmed, "EN_GESTION", json!({})).await;

    // A correction of the reference while in progress makes the validation pending again: the
    // case goes back to the supervisor's queue, unassigned, and cannot be resolved.
    let res = app
        .patch(
            &format!("/api/v1/cases/{}", case.id),
            &supervisor.token,
            &json!({"version": taken.version, "reference": "DMY000999"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let corrected: CaseDto = body(res).await;
    assert!(corrected.awaiting_validation);
    assert_eq!(corrected.validation, None);
    assert_eq!((corrected.status, corrected.assigned_to.as_ref()), (CaseStatus::Pendiente, None));
    let mine: Vec<CaseDto> = body(app.get("/api/v1/my-cases", &cobranzas.token).await).await;
    assert!(mine.is_empty(), "the collections agent no longer holds it");
    let events = app.events(&n1.token, case.id).await;
    let requeued = events.last().unwrap();
    assert_eq!((requeued.kind, requeued.actor.id), (EventKind::CambioEstado, supervisor.user.id));
    assert!(requeued.note.as_deref().unwrap().contains("back-office"));
    let changes: Vec<_> =
        requeued.changes.iter().map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
    let assignee = cobranzas.user.id.to_string();
    assert_eq!(
        changes,
        [("status", Some("EN_GESTION"), Some("PENDIENTE")), ("assigned_to", Some(assignee.as_str()), None)]
    );
    assert_eq!(requeued.users.iter().map(|u| u.id).collect::<Vec<_>>(), [cobranzas.user.id]);
    let res = app
        .transition(
            &cobranzas.token,
            &corrected,
            "RESUELTO",
            json!({"outcome": "PAGO_TOTAL", "note": "Pagó"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Annulling is always possible.
    let annulled = app
        .transition_ok(&supervisor.token, &corrected, "ANULADO", json!({"note": "DUMMY equivocado"}))
        .await;
    assert_eq!(annulled.status, CaseStatus::Anulado);
}

#[tokio::test]
async fn not_found_goes_back_to_the_supervisor_and_a_type_correction_resets_the_validation() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let case = app.create_case_ok(&n1.token, &case_body("EXTRAJUDICIAL", "DMY000123")).await;
    let not_found: CaseDto = body(
        app.validate(
            &supervisor.token,
            &case,
            json!({"result": "NO_ENCONTRADO", "note": "Tiene medidas: es coactiva"}),
        )
        .await,
    )
    .await;
    let queue: SupervisorQueue = body(app.get("/api/v1/queue", &supervisor.token).await).await;
    assert_eq!(queue.awaiting_validation.iter().map(|c| c.id).collect::<Vec<_>>(), [case.id]);
    assert!(queue.unassigned.is_empty());

    // A correction that leaves type and reference alone keeps the validation.
    let path = format!("/api/v1/cases/{}", case.id);
    let observed: CaseDto = body(
        app.patch(
            &path,
            &supervisor.token,
            &json!({"version": not_found.version, "observation": "Revisar tipo"}),
        )
        .await,
    )
    .await;
    assert_eq!(observed.validation.as_ref().map(|v| v.result), Some(ValidationResult::NoEncontrado));

    let res = app
        .patch(&path, &supervisor.token, &json!({"version": observed.version, "collection_type": "COACTIVA"}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let retyped: CaseDto = body(res).await;
    assert_eq!(retyped.validation, None, "the check of the old type no longer holds");
    assert!(retyped.awaiting_validation);

    let events = app.events(&n1.token, case.id).await;
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Creado, EventKind::Validado, EventKind::Editado, EventKind::Editado, EventKind::Validado]
    );
    let reset = events.last().unwrap();
    assert_eq!(reset.actor.id, supervisor.user.id);
    assert!(reset.note.as_deref().unwrap().contains("vuelve a pendiente"));
    let changes: Vec<_> =
        reset.changes.iter().map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
    assert_eq!(changes, [("validation_result", Some("NO_ENCONTRADO"), None)]);

    let confirmed: CaseDto =
        body(app.validate(&supervisor.token, &retyped, confirmed_coactiva()).await).await;
    assert!(!confirmed.awaiting_validation);
    let queue: SupervisorQueue = body(app.get("/api/v1/queue", &supervisor.token).await).await;
    assert!(queue.awaiting_validation.is_empty());
    assert_eq!(queue.unassigned.iter().map(|c| c.id).collect::<Vec<_>>(), [case.id]);
}

#[tokio::test]
async fn a_case_in_progress_that_the_back_office_does_not_find_returns_to_the_queue() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let case = app.create_case_ok(&n1.token, &case_body("COACTIVA", "DMY000321")).await;
    let confirmed: CaseDto = body(app.validate(&supervisor.token, &case, confirmed_coactiva()).await).await;
    let assigned: CaseDto = body(app.assign(&supervisor.token, &confirmed, cobranzas.user.id).await).await;
    assert_eq!(assigned.status, CaseStatus::EnGestion);

    let res = app
        .validate(
            &supervisor.token,
            &assigned,
            json!({"result": "NO_ENCONTRADO", "note": "El título fue anulado"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let not_found: CaseDto = body(res).await;
    assert_eq!((not_found.status, not_found.assigned_to.as_ref()), (CaseStatus::Pendiente, None));
    assert!(not_found.awaiting_validation);
    let queue: SupervisorQueue = body(app.get("/api/v1/queue", &supervisor.token).await).await;
    assert_eq!(queue.awaiting_validation.iter().map(|c| c.id).collect::<Vec<_>>(), [case.id]);
    let mine: Vec<CaseDto> = body(app.get("/api/v1/my-cases", &cobranzas.token).await).await;
    assert!(mine.is_empty());
    let kinds: Vec<_> = app.events(&n1.token, case.id).await.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Creado,
            EventKind::Validado,
            EventKind::Asignado,
            EventKind::Validado,
            EventKind::CambioEstado
        ]
    );
}

#[tokio::test]
async fn a_correction_that_keeps_type_and_reference_keeps_the_case_with_its_assignee() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let case = app.create_case_ok(&n1.token, &case_body("COACTIVA", "DMY000654")).await;
    let confirmed: CaseDto = body(app.validate(&supervisor.token, &case, confirmed_coactiva()).await).await;
    let assigned: CaseDto = body(app.assign(&supervisor.token, &confirmed, cobranzas.user.id).await).await;
    let res = app
        .patch(
            &format!("/api/v1/cases/{}", case.id),
            &supervisor.token,
            &json!({"version": assigned.version, "observation": "Prefiere que lo llamen en la tarde"}),
        )
        .await;
    let corrected: CaseDto = body(res).await;
    assert_eq!(corrected.status, CaseStatus::EnGestion);
    assert_eq!(corrected.assigned_to.map(|u| u.id), Some(cobranzas.user.id));
    assert!(!corrected.awaiting_validation);
}
