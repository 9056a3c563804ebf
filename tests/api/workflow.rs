//! The case workflow: who may take, assign, resolve and annul; what each move needs; what it
//! records; closed cases; the supervisor's queue, the collections agent's own list and the cases
//! they may take.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::api::{CaseDto, CaseEvent, CasePage, SupervisorQueue};
use shared::{CaseStatus, ErrorBody, ErrorKind, EventKind, Outcome, Role};

use crate::helpers::{Agent, TestApp, body, case_body, spawn_app, unique_reference, with};

fn details_for(to: CaseStatus) -> Value {
    match to {
        CaseStatus::Resuelto => json!({"outcome": "PAGO_TOTAL", "note": "El cliente pagó en ventanilla."}),
        CaseStatus::Anulado => json!({"note": "Registrado por error."}),
        _ => json!({}),
    }
}

/// The workflow table as the issue states it, written out independently of `shared::rules`.
fn expected(role: Role, from: CaseStatus, to: CaseStatus) -> StatusCode {
    use CaseStatus::*;
    let allowed = match (from, to) {
        (Pendiente, EnGestion) | (EnGestion, Resuelto) => matches!(role, Role::Cobranzas | Role::Supervisor),
        (Pendiente, Anulado) | (EnGestion, Anulado) => role == Role::Supervisor,
        _ => false,
    };
    let role_never_sets = to != Pendiente
        && (matches!(role, Role::AgenteN1 | Role::Admin) || (role == Role::Cobranzas && to == Anulado));
    if allowed {
        StatusCode::OK
    } else if role_never_sets {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// A fresh case brought to `status`; EN_GESTION cases are taken by `worker`.
async fn case_in(
    app: &TestApp,
    n1: &Agent,
    supervisor: &Agent,
    worker: &Agent,
    status: CaseStatus,
) -> CaseDto {
    let case = app.create_case_ok(&n1.token, &case_body("TEMPRANA", &unique_reference("0221"))).await;
    match status {
        CaseStatus::Pendiente => case,
        CaseStatus::EnGestion => app.transition_ok(&worker.token, &case, "EN_GESTION", json!({})).await,
        CaseStatus::Resuelto => {
            let taken = app.transition_ok(&worker.token, &case, "EN_GESTION", json!({})).await;
            app.transition_ok(&worker.token, &taken, "RESUELTO", details_for(CaseStatus::Resuelto)).await
        }
        CaseStatus::Anulado => {
            app.transition_ok(&supervisor.token, &case, "ANULADO", details_for(CaseStatus::Anulado)).await
        }
    }
}

#[tokio::test]
async fn every_move_by_every_role_is_allowed_or_refused_as_the_table_says() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let admin = Agent {
        user: body(app.get("/api/v1/me", &app.admin_token).await).await,
        token: app.admin_token.clone(),
        refresh_token: String::new(),
    };
    for actor in [&n1, &supervisor, &cobranzas, &admin] {
        let role = actor.user.role;
        // Collections agents act on cases they took themselves (their own rule is tested apart).
        let worker = if role == Role::Cobranzas { &cobranzas } else { &supervisor };
        for from in CaseStatus::ALL {
            for to in CaseStatus::ALL {
                let case = case_in(&app, &n1, &supervisor, worker, *from).await;
                let res = app.transition(&actor.token, &case, to.as_str(), details_for(*to)).await;
                let want = expected(role, *from, *to);
                let status = res.status();
                let text = res.text().await.unwrap();
                assert_eq!(status, want, "{role:?}: {from:?} → {to:?}: {text}");
                let now = app.case(&app.admin_token, case.id).await;
                if want == StatusCode::OK {
                    let moved: CaseDto = serde_json::from_str(&text).unwrap();
                    assert_eq!((moved.status, now.status), (*to, *to));
                    assert_eq!(moved.version, case.version + 1);
                } else {
                    let error: ErrorBody = serde_json::from_str(&text).unwrap();
                    assert!(!error.message.is_empty());
                    assert_eq!(
                        (now.status, now.version),
                        (case.status, case.version),
                        "refused moves change nothing"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn resolving_needs_an_outcome_and_a_note_and_annulling_a_reason() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let taken = case_in(&app, &n1, &supervisor, &cobranzas, CaseStatus::EnGestion).await;
    for (extra, fields) in [
        (json!({}), vec!["note", "outcome"]),
        (json!({"outcome": "PAGO_PARCIAL"}), vec!["note"]),
        (json!({"outcome": "PAGO_PARCIAL", "note": "   "}), vec!["note"]),
        (json!({"note": "Pagó la mitad"}), vec!["outcome"]),
    ] {
        let res = app.transition(&cobranzas.token, &taken, "RESUELTO", extra.clone()).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{extra}");
        let error: ErrorBody = body(res).await;
        assert_eq!(error.error, ErrorKind::Validation);
        assert_eq!(error.fields.unwrap().into_keys().collect::<Vec<_>>(), fields, "{extra}");
    }
    let res = app.transition(&supervisor.token, &taken, "ANULADO", json!({})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: ErrorBody = body(res).await;
    assert!(error.fields.unwrap()["note"][0].contains("motivo"));
    // With the reason it is annulled, and the history says who, from what and why.
    let annulled = app
        .transition_ok(&supervisor.token, &taken, "ANULADO", json!({"note": "Caso duplicado del Nº 1"}))
        .await;
    assert_eq!(annulled.status, CaseStatus::Anulado);
    let events = app.events(&n1.token, taken.id).await;
    let last = events.last().unwrap();
    assert_eq!((last.kind, last.actor.id), (EventKind::CambioEstado, supervisor.user.id));
    assert_eq!(last.note.as_deref(), Some("Caso duplicado del Nº 1"));
    let status = last.changes.iter().find(|c| c.field == "status").unwrap();
    assert_eq!((status.old.as_deref(), status.new.as_deref()), (Some("EN_GESTION"), Some("ANULADO")));
    let pending = case_in(&app, &n1, &supervisor, &cobranzas, CaseStatus::Pendiente).await;
    let res =
        app.transition(&cobranzas.token, &pending, "EN_GESTION", json!({"outcome": "PAGO_TOTAL"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "an outcome only comes with resolving");
    // An unknown outcome code is not a well-formed request.
    let other = case_in(&app, &n1, &supervisor, &cobranzas, CaseStatus::EnGestion).await;
    let res =
        app.transition(&cobranzas.token, &other, "RESUELTO", json!({"outcome": "PAGADO", "note": "x"})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.case(&n1.token, other.id).await.status, CaseStatus::EnGestion);
}

#[tokio::test]
async fn taking_makes_the_case_mine_and_resolving_closes_it_with_the_outcome_in_the_history() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let case = app.create_case_ok(&n1.token, &case_body("TEMPRANA", "022123456")).await;
    assert_eq!((case.assigned_to.as_ref(), case.closed_at, case.outcome), (None, None, None));

    let taken =
        app.transition_ok(&cobranzas.token, &case, "EN_GESTION", json!({"note": "Llamo a las 15h00"})).await;
    assert_eq!(taken.status, CaseStatus::EnGestion);
    assert_eq!(taken.assigned_to.as_ref().map(|u| u.id), Some(cobranzas.user.id));
    let resolved = app
        .transition_ok(
            &cobranzas.token,
            &taken,
            "RESUELTO",
            json!({"outcome": "ACUERDO_DE_PAGO", "note": "Acuerdo de pago a 3 meses."}),
        )
        .await;
    assert_eq!(resolved.status, CaseStatus::Resuelto);
    assert_eq!(resolved.outcome, Some(Outcome::AcuerdoDePago));
    assert_eq!(resolved.resolution_note.as_deref(), Some("Acuerdo de pago a 3 meses."));
    assert!(resolved.closed_at.is_some_and(|at| at >= taken.updated_at));
    assert_eq!(resolved.assigned_to.as_ref().map(|u| u.id), Some(cobranzas.user.id), "kept for the reports");
    assert_eq!(resolved.version, 3);

    let events = app.events(&n1.token, case.id).await;
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Creado, EventKind::CambioEstado, EventKind::CambioEstado]);
    let changes = |e: &CaseEvent| {
        e.changes.iter().map(|c| (c.field.clone(), c.old.clone(), c.new.clone())).collect::<Vec<_>>()
    };
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(events[1].actor.id, cobranzas.user.id);
    assert_eq!(
        changes(&events[1]),
        [
            ("status".to_owned(), s("PENDIENTE"), s("EN_GESTION")),
            ("assigned_to".to_owned(), None, Some(cobranzas.user.id.to_string())),
        ]
    );
    assert_eq!(events[1].note.as_deref(), Some("Llamo a las 15h00"));
    assert_eq!(
        changes(&events[2]),
        [
            ("status".to_owned(), s("EN_GESTION"), s("RESUELTO")),
            ("outcome".to_owned(), None, s("ACUERDO_DE_PAGO")),
        ]
    );
    assert_eq!(events[2].note.as_deref(), Some("Acuerdo de pago a 3 meses."));
    assert_eq!(events[2].actor.id, cobranzas.user.id);
}

#[tokio::test]
async fn collections_agents_resolve_only_their_cases_and_supervisors_any() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let mine = app.login_as(Role::Cobranzas).await;
    let colleague = app.login_as(Role::Cobranzas).await;
    let taken = case_in(&app, &n1, &supervisor, &mine, CaseStatus::EnGestion).await;
    let res = app.transition(&colleague.token, &taken, "RESUELTO", details_for(CaseStatus::Resuelto)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let error: ErrorBody = body(res).await;
    assert!(error.message.contains("asignados"), "{}", error.message);
    let resolved =
        app.transition_ok(&supervisor.token, &taken, "RESUELTO", details_for(CaseStatus::Resuelto)).await;
    assert_eq!(resolved.status, CaseStatus::Resuelto);
}

#[tokio::test]
async fn a_stale_version_is_refused_with_the_current_case_and_changes_nothing() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let case = app.create_case_ok(&n1.token, &case_body("TEMPRANA", "022123456")).await;
    // Someone else corrects the case after it was read.
    let corrected: CaseDto = body(
        app.patch(
            &format!("/api/v1/cases/{}", case.id),
            &supervisor.token,
            &json!({"version": 1, "observation": "Corregido"}),
        )
        .await,
    )
    .await;
    assert_eq!(corrected.version, 2);
    for res in [
        app.transition(&cobranzas.token, &case, "EN_GESTION", json!({})).await,
        app.transition(&supervisor.token, &case, "ANULADO", json!({"note": "duplicado"})).await,
        app.assign(&supervisor.token, &case, cobranzas.user.id).await,
    ] {
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let error: ErrorBody = body(res).await;
        assert_eq!(error.error, ErrorKind::StaleVersion);
        let current = error.current.unwrap();
        assert_eq!((current.version, current.status), (2, CaseStatus::Pendiente));
    }
    let now = app.case(&n1.token, case.id).await;
    assert_eq!((now.status, now.version, now.assigned_to), (CaseStatus::Pendiente, 2, None));
    assert_eq!(app.events(&n1.token, case.id).await.len(), 2, "creation and the correction only");
    // The role is checked before the version: an N1 agent is told they may not, not that it is stale.
    let res = app.transition(&n1.token, &case, "EN_GESTION", json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn supervisors_assign_to_active_collections_agents_and_reassign() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let first = app.login_as(Role::Cobranzas).await;
    let second = app.login_as(Role::Cobranzas).await;
    let retired = app.login_as(Role::Cobranzas).await;
    let res = app
        .patch(&format!("/api/v1/users/{}", retired.user.id), &app.admin_token, &json!({"active": false}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let case = app.create_case_ok(&n1.token, &case_body("TEMPRANA", "022123456")).await;

    for token in [&n1.token, &first.token, &app.admin_token] {
        assert_eq!(app.assign(token, &case, first.user.id).await.status(), StatusCode::FORBIDDEN);
    }
    for target in [n1.user.id, supervisor.user.id, retired.user.id, 999_999] {
        let res = app.assign(&supervisor.token, &case, target).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "user {target}");
        let error: ErrorBody = body(res).await;
        assert!(error.fields.unwrap().contains_key("user_id"));
    }

    let res = app.assign(&supervisor.token, &case, first.user.id).await;
    assert_eq!(res.status(), StatusCode::OK);
    let assigned: CaseDto = body(res).await;
    assert_eq!(assigned.status, CaseStatus::EnGestion, "assigning a PENDIENTE case starts the work");
    assert_eq!(assigned.assigned_to.as_ref().map(|u| u.id), Some(first.user.id));

    let reassigned: CaseDto = body(app.assign(&supervisor.token, &assigned, second.user.id).await).await;
    assert_eq!(reassigned.status, CaseStatus::EnGestion);
    assert_eq!(reassigned.assigned_to.as_ref().map(|u| u.id), Some(second.user.id));
    // Again to the same agent: nothing changes, nothing is recorded.
    let same: CaseDto = body(app.assign(&supervisor.token, &reassigned, second.user.id).await).await;
    assert_eq!(same.version, reassigned.version);

    let events = app.events(&supervisor.token, case.id).await;
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Creado, EventKind::Asignado, EventKind::Asignado]
    );
    let (first_id, second_id) = (first.user.id.to_string(), second.user.id.to_string());
    let assignment: Vec<_> =
        events[1].changes.iter().map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
    assert_eq!(
        assignment,
        [("status", Some("PENDIENTE"), Some("EN_GESTION")), ("assigned_to", None, Some(first_id.as_str()))]
    );
    let reassignment: Vec<_> =
        events[2].changes.iter().map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref())).collect();
    assert_eq!(reassignment, [("assigned_to", Some(first_id.as_str()), Some(second_id.as_str()))]);
    assert_eq!(events[2].actor.id, supervisor.user.id);
    assert!(events[2].note.as_deref().unwrap().contains(&second.user.username));

    // The first agent no longer has it; the second resolves it.
    let res = app.transition(&first.token, &reassigned, "RESUELTO", details_for(CaseStatus::Resuelto)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.transition_ok(&second.token, &reassigned, "RESUELTO", details_for(CaseStatus::Resuelto)).await;
}

#[tokio::test]
async fn a_closed_case_is_read_only_except_for_comments() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    for status in [CaseStatus::Resuelto, CaseStatus::Anulado] {
        let closed = case_in(&app, &n1, &supervisor, &cobranzas, status).await;
        let path = format!("/api/v1/cases/{}", closed.id);
        let edit = json!({"version": closed.version, "observation": "tarde"});
        assert_eq!(app.patch(&path, &supervisor.token, &edit).await.status(), StatusCode::FORBIDDEN);
        let res = app.transition(&supervisor.token, &closed, "ANULADO", json!({"note": "x"})).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{status:?}");
        let error: ErrorBody = body(res).await;
        assert!(error.message.contains("solo admite comentarios"), "{}", error.message);
        assert_eq!(
            app.assign(&supervisor.token, &closed, cobranzas.user.id).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let res = app
            .post(
                &format!("{path}/comments"),
                &cobranzas.token,
                &json!({"text": "El cliente volvió a llamar."}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{status:?}");
        let after = app.case(&n1.token, closed.id).await;
        assert_eq!((after.status, after.version), (closed.status, closed.version));
    }
}

#[tokio::test]
async fn every_reader_comments_and_the_history_keeps_the_text() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let case = app.create_case_ok(&n1.token, &case_body("COACTIVA", "DMY000123")).await;
    let path = format!("/api/v1/cases/{}/comments", case.id);
    let mut expected = Vec::new();
    for (token, id) in [
        (&n1.token, n1.user.id),
        (&supervisor.token, supervisor.user.id),
        (&cobranzas.token, cobranzas.user.id),
        (&app.admin_token, 1),
    ] {
        let text = format!("Comentario de {id}: cliente pide llamar después de las 17h00.");
        let res = app.post(&path, token, &json!({"text": format!("  {text}  ")})).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let event: CaseEvent = body(res).await;
        assert_eq!(
            (event.kind, event.case_id, event.note.as_deref()),
            (EventKind::Comentario, case.id, Some(text.as_str()))
        );
        assert!(event.changes.is_empty());
        expected.push((event.actor.id, text));
    }
    assert_eq!(expected[0].0, n1.user.id);
    for bad in [json!({"text": "   "}), json!({"text": "x".repeat(2001)})] {
        let res = app.post(&path, &n1.token, &bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: ErrorBody = body(res).await;
        assert!(error.fields.unwrap().contains_key("text"));
    }
    assert_eq!(
        app.post(&path, &n1.token, &json!({"text": "x", "extra": 1})).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.post("/api/v1/cases/999999/comments", &n1.token, &json!({"text": "x"})).await.status(),
        StatusCode::NOT_FOUND
    );
    let events = app.events(&n1.token, case.id).await;
    let comments: Vec<_> = events
        .iter()
        .filter(|e| e.kind == EventKind::Comentario)
        .map(|e| (e.actor.id, e.note.clone().unwrap()))
        .collect();
    assert_eq!(comments, expected);
    assert_eq!(app.case(&n1.token, case.id).await.version, 1, "a comment does not change the case");
}

#[tokio::test]
async fn closing_a_case_frees_its_reference_for_a_new_one() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let cobranzas = app.login_as(Role::Cobranzas).await;
    let form = case_body("TEMPRANA", "022123456");
    let first = app.create_case_ok(&n1.token, &form).await;
    assert_eq!(app.create_case(&n1.token, &form).await.status(), StatusCode::CONFLICT);
    app.transition_ok(
        &supervisor.token,
        &first,
        "ANULADO",
        json!({"note": "Registrado con datos erróneos."}),
    )
    .await;

    let second = app.create_case_ok(&n1.token, &form).await;
    assert_ne!(second.id, first.id);
    let res = app.create_case(&n1.token, &form).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "the new case is open: it blocks again");
    assert_eq!(body::<ErrorBody>(res).await.existing.unwrap().id, second.id);

    let taken = app.transition_ok(&cobranzas.token, &second, "EN_GESTION", json!({})).await;
    assert_eq!(app.create_case(&n1.token, &form).await.status(), StatusCode::CONFLICT, "EN_GESTION is open");
    app.transition_ok(&cobranzas.token, &taken, "RESUELTO", details_for(CaseStatus::Resuelto)).await;
    let third = app.create_case_ok(&n1.token, &form).await;

    let page: CasePage = body(app.get("/api/v1/cases?q=022123456", &n1.token).await).await;
    let statuses: Vec<_> = page.items.iter().map(|c| (c.id, c.status)).collect();
    assert_eq!(
        statuses,
        [
            (third.id, CaseStatus::Pendiente),
            (second.id, CaseStatus::Resuelto),
            (first.id, CaseStatus::Anulado)
        ]
    );
}

#[tokio::test]
async fn the_supervisor_queue_my_cases_and_available_cases_list_the_right_cases_oldest_first() {
    let app = spawn_app().await;
    let n1 = app.login_as(Role::AgenteN1).await;
    let supervisor = app.login_as(Role::Supervisor).await;
    let mine = app.login_as(Role::Cobranzas).await;
    let other = app.login_as(Role::Cobranzas).await;
    let create = |ct: &'static str| {
        let form = case_body(ct, &unique_reference(if ct == "TEMPRANA" { "0222" } else { "DMY" }));
        let (app, token) = (&app, n1.token.clone());
        async move { app.create_case_ok(&token, &form).await }
    };
    let temprana = create("TEMPRANA").await;
    let coactiva = create("COACTIVA").await;
    let extrajudicial = create("EXTRAJUDICIAL").await;
    let not_found = create("COACTIVA").await;
    let taken = create("DIFERIDO_ANTICIPADO").await;
    let annulled = create("TEMPRANA").await;
    let extrajudicial = body::<CaseDto>(
        app.validate(
            &supervisor.token,
            &extrajudicial,
            json!({"result": "CONFIRMADO", "credit_title": "TC-1"}),
        )
        .await,
    )
    .await;
    assert!(!extrajudicial.awaiting_validation);
    let res = app.validate(&supervisor.token, &not_found, json!({"result": "NO_ENCONTRADO"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let taken = app.transition_ok(&mine.token, &taken, "EN_GESTION", json!({})).await;
    app.transition_ok(&supervisor.token, &annulled, "ANULADO", json!({"note": "duplicado"})).await;
    // Registered before all the others (say, by the IVR while offline): age, not number, orders.
    app.backdate(extrajudicial.id, chrono::Duration::hours(2));

    let ids = |cases: &[CaseDto]| cases.iter().map(|c| c.id).collect::<Vec<_>>();
    let queue: SupervisorQueue = body(app.get("/api/v1/queue", &supervisor.token).await).await;
    assert_eq!(ids(&queue.awaiting_validation), [coactiva.id, not_found.id]);
    assert_eq!(ids(&queue.unassigned), [extrajudicial.id, temprana.id]);
    assert_eq!(ids(&queue.open_by_age), [extrajudicial.id, temprana.id, coactiva.id, not_found.id, taken.id]);
    let admin_view: SupervisorQueue = body(app.get("/api/v1/queue", &app.admin_token).await).await;
    assert_eq!(admin_view, queue);
    for token in [&n1.token, &mine.token] {
        assert_eq!(app.get("/api/v1/queue", token).await.status(), StatusCode::FORBIDDEN);
    }
    // What a collections agent may take is the queue's ready list: not what awaits the back-office,
    // not what someone already works, not what is closed.
    for token in [&mine.token, &supervisor.token] {
        let available: Vec<CaseDto> = body(app.get("/api/v1/available-cases", token).await).await;
        assert_eq!(ids(&available), [extrajudicial.id, temprana.id]);
    }
    for token in [&n1.token, &app.admin_token] {
        assert_eq!(app.get("/api/v1/available-cases", token).await.status(), StatusCode::FORBIDDEN);
    }

    let my: Vec<CaseDto> = body(app.get("/api/v1/my-cases", &mine.token).await).await;
    assert_eq!(ids(&my), [taken.id]);
    let theirs: Vec<CaseDto> = body(app.get("/api/v1/my-cases", &other.token).await).await;
    assert!(theirs.is_empty());
    // Assigning a ready case older than mine puts it first in my list and takes it off the queue.
    let res = app.assign(&supervisor.token, &temprana, mine.user.id).await;
    assert_eq!(res.status(), StatusCode::OK);
    let my: Vec<CaseDto> = body(app.get("/api/v1/my-cases", &mine.token).await).await;
    assert_eq!(ids(&my), [temprana.id, taken.id]);
    let queue: SupervisorQueue = body(app.get("/api/v1/queue", &supervisor.token).await).await;
    assert_eq!(ids(&queue.unassigned), [extrajudicial.id]);
    let available: Vec<CaseDto> = body(app.get("/api/v1/available-cases", &other.token).await).await;
    assert_eq!(ids(&available), [extrajudicial.id], "an assigned case is no longer available");
    for token in [&n1.token, &app.admin_token] {
        assert_eq!(app.get("/api/v1/my-cases", token).await.status(), StatusCode::FORBIDDEN);
    }

    let page: CasePage =
        body(app.get(&format!("/api/v1/cases?assigned_to={}", mine.user.id), &n1.token).await).await;
    assert_eq!(ids(&page.items), [taken.id, temprana.id], "the list stays newest first");
    let page: CasePage =
        body(app.get(&format!("/api/v1/cases?assigned_to={}", other.user.id), &n1.token).await).await;
    assert!(page.items.is_empty());
    // A resolved case leaves my list.
    let resolved = app.case(&mine.token, taken.id).await;
    app.transition_ok(&mine.token, &resolved, "RESUELTO", with(details_for(CaseStatus::Resuelto), json!({})))
        .await;
    let my: Vec<CaseDto> = body(app.get("/api/v1/my-cases", &mine.token).await).await;
    assert_eq!(ids(&my), [temprana.id]);
}
