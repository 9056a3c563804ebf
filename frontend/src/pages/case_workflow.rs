//! The workflow of one case: who has it, the back-office validation, the outcome, and the actions
//! the signed-in role may take now (take, assign, resolve, annul, validate, comment). What is
//! offered follows the shared rules the server enforces; the server still checks everything.

use shared::api::{
    AssignmentRequest, CaseDto, CommentRequest, TransitionRequest, UserRef, ValidationRequest,
};
use shared::rules::{WorkflowError, WorkflowState, check_assignment, check_transition, check_validation};
use shared::{CaseStatus, CollectionType, ErrorKind, FieldErrors, Outcome, Role, ValidationResult};
use yew::prelude::*;

use crate::components::field::{Field, InputOptions, choices, select, setter, text_area, text_input};
use crate::format;
use crate::services::{Api, ApiFailure};

const NOTE_MAX: usize = 1000;

/// The case's workflow facts, as definition-list rows.
pub fn workflow_facts(case: &CaseDto) -> Html {
    let row = |label: &str, value: String| html! { <><dt>{ label.to_owned() }</dt><dd>{ value }</dd></> };
    html! {
        <>
            { row("Asignado a", case.assigned_to.as_ref().map_or("Sin asignar".to_owned(), |u| u.full_name.clone())) }
            if let Some(v) = &case.validation {
                { row("Validación back-office", format!("{} · {} · {}", v.result.label(), v.validated_by.full_name, format::date_time(&v.validated_at))) }
                if let Some(title) = &v.credit_title { { row("Título de crédito", title.clone()) } }
                if let Some(measures) = &v.measures { { row("Medidas cautelares", measures.clone()) } }
                if let Some(note) = &v.note { { row("Nota de validación", note.clone()) } }
            }
            if let Some(outcome) = case.outcome { { row("Resultado", outcome.label().to_owned()) } }
            if let Some(note) = &case.resolution_note { { row("Gestión / motivo", note.clone()) } }
            if let Some(closed) = &case.closed_at { { row("Cerrado", format::date_time(closed)) } }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct WorkflowPanelProps {
    pub case: CaseDto,
    pub role: Role,
    pub user_id: i64,
    pub api: Api,
    /// Something changed: reload the case and its history.
    pub on_change: Callback<()>,
}

/// Which action a form belongs to, so each shows its own errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Take,
    Assign,
    Resolve,
    Annul,
    Validate,
    Comment,
}

fn allowed<T>(result: Result<T, WorkflowError>) -> bool {
    match result {
        Ok(_) => true,
        // Missing details are for the form to ask; the action itself is possible.
        Err(WorkflowError::Details(_)) => true,
        Err(_) => false,
    }
}

#[function_component]
pub fn WorkflowPanel(props: &WorkflowPanelProps) -> Html {
    let case = &props.case;
    let outcome = use_state(String::new);
    let resolve_note = use_state(String::new);
    let annul_note = use_state(String::new);
    let assignee = use_state(String::new);
    let assignees = use_state(Vec::<UserRef>::new);
    let validation_result = use_state(|| ValidationResult::Confirmado.as_str().to_owned());
    let credit_title = use_state(String::new);
    let measures = use_state(String::new);
    let validation_note = use_state(String::new);
    let comment = use_state(String::new);
    let errors = use_state(|| None::<(Action, FieldErrors)>);
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);

    let state = WorkflowState {
        status: case.status,
        awaiting_validation: case.awaiting_validation,
        assigned_to_caller: case.assigned_to.as_ref().is_some_and(|u| u.id == props.user_id),
    };
    let role = props.role;
    let may_take = allowed(check_transition(role, state, CaseStatus::EnGestion, None, None))
        && case.status != CaseStatus::EnGestion;
    let may_resolve = allowed(check_transition(role, state, CaseStatus::Resuelto, None, None));
    let may_annul = allowed(check_transition(role, state, CaseStatus::Anulado, None, None));
    let may_assign = allowed(check_assignment(role, state));
    let may_validate = allowed(check_validation(
        role,
        case.status,
        case.collection_type,
        ValidationResult::NoEncontrado,
        None,
        None,
        None,
    ));

    {
        let (api, assignees) = (props.api.clone(), assignees.clone());
        use_effect_with(may_assign, move |may_assign| {
            if *may_assign {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(list) = api.get::<Vec<UserRef>>("/api/v1/assignees", &[]).await {
                        assignees.set(list);
                    }
                });
            }
        });
    }

    // Sends one action; on success the page reloads the case, on refusal the form shows why.
    let run = {
        let (api, on_change, errors, message, busy) =
            (props.api.clone(), props.on_change.clone(), errors.clone(), message.clone(), busy.clone());
        let id = case.id;
        move |action: Action, path: &'static str, body: String| {
            let (api, on_change, errors, message, busy) =
                (api.clone(), on_change.clone(), errors.clone(), message.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api.post_encoded(&format!("/api/v1/cases/{id}/{path}"), body).await {
                    Ok(()) => {
                        errors.set(None);
                        message.set(None);
                        on_change.emit(());
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::Validation => {
                        message.set(Some(body.message.clone()));
                        errors.set(Some((action, body.fields.unwrap_or_default())));
                    }
                    Err(failure @ ApiFailure::Refused(_)) if failure.is_stale() => {
                        message.set(Some(format!("{} Se recargaron los datos actuales.", failure.message())));
                        on_change.emit(());
                    }
                    Err(failure) => message.set(Some(failure.message())),
                }
                busy.set(false);
            });
        }
    };
    let refuse_locally = {
        let (errors, message) = (errors.clone(), message.clone());
        move |action: Action, error: WorkflowError| match error {
            WorkflowError::Details(fields) => errors.set(Some((action, fields))),
            other => message.set(Some(other.to_string())),
        }
    };
    let version = case.version;

    let take = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| {
            let body = TransitionRequest { to: CaseStatus::EnGestion, outcome: None, note: None, version };
            run(Action::Take, "transitions", encode(&body));
        })
    };
    let resolve = {
        let (run, refuse, outcome, note) =
            (run.clone(), refuse_locally.clone(), outcome.clone(), resolve_note.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = Outcome::parse_code(&outcome);
            match check_transition(role, state, CaseStatus::Resuelto, chosen, Some(note.as_str())) {
                Ok(note) => {
                    let body = TransitionRequest { to: CaseStatus::Resuelto, outcome: chosen, note, version };
                    run(Action::Resolve, "transitions", encode(&body));
                }
                Err(error) => refuse(Action::Resolve, error),
            }
        })
    };
    let annul = {
        let (run, refuse, note) = (run.clone(), refuse_locally.clone(), annul_note.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match check_transition(role, state, CaseStatus::Anulado, None, Some(note.as_str())) {
                Ok(note) => {
                    let body = TransitionRequest { to: CaseStatus::Anulado, outcome: None, note, version };
                    run(Action::Annul, "transitions", encode(&body));
                }
                Err(error) => refuse(Action::Annul, error),
            }
        })
    };
    let assign = {
        let (run, errors, assignee) = (run.clone(), errors.clone(), assignee.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match assignee.parse::<i64>() {
                Ok(user_id) => {
                    run(Action::Assign, "assignment", encode(&AssignmentRequest { user_id, version }))
                }
                Err(_) => errors.set(Some((
                    Action::Assign,
                    FieldErrors::from([(
                        "user_id".to_owned(),
                        vec!["Elija el agente de cobranzas.".to_owned()],
                    )]),
                ))),
            }
        })
    };
    let validate = {
        let (run, refuse) = (run.clone(), refuse_locally.clone());
        let (result, title, measures, note) =
            (validation_result.clone(), credit_title.clone(), measures.clone(), validation_note.clone());
        let (status, collection_type) = (case.status, case.collection_type);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let result = ValidationResult::parse_code(&result).unwrap_or(ValidationResult::Confirmado);
            match check_validation(
                role,
                status,
                collection_type,
                result,
                filled(&title),
                filled(&measures),
                filled(&note),
            ) {
                Ok(checked) => {
                    let body = ValidationRequest {
                        result,
                        credit_title: checked.credit_title,
                        measures: checked.measures,
                        note: checked.note,
                        version,
                    };
                    run(Action::Validate, "validation", encode(&body));
                }
                Err(error) => refuse(Action::Validate, error),
            }
        })
    };
    let add_comment = {
        let (run, errors, text) = (run.clone(), errors.clone(), comment.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match shared::rules::check_comment(&text) {
                Ok(text) => run(Action::Comment, "comments", encode(&CommentRequest { text })),
                Err(e) => errors.set(Some((
                    Action::Comment,
                    FieldErrors::from([("text".to_owned(), vec![e.to_string()])]),
                ))),
            }
        })
    };

    let field_errors = |action: Action, field: &str| -> Vec<String> {
        errors
            .as_ref()
            .filter(|(a, _)| *a == action)
            .and_then(|(_, f)| f.get(field).cloned())
            .unwrap_or_default()
    };
    let note_field = |id: &'static str, label: &'static str, action: Action| {
        Field::new(id, label).required().errors(field_errors(action, "note"))
    };
    let no_blur = Callback::from(|_: ()| ());
    let busy_now = *busy;
    html! {
        <section class="workflow" aria-labelledby="workflow-title">
            <h2 id="workflow-title">{ "Gestión del caso" }</h2>
            if case.awaiting_validation {
                <p class="alert warning" role="status">{ match &case.validation {
                    Some(v) if v.result == ValidationResult::NoEncontrado =>
                        "El back-office no encontró el título de crédito: corrija el tipo de cobranza o anule el caso.",
                    _ => "Este caso espera la validación del supervisor en el back-office (ATFPJC) antes de gestionarse.",
                } }</p>
            }
            <div aria-live="polite">if let Some(text) = &*message { <p class="alert error" role="alert">{ text }</p> }</div>
            if may_take {
                <div class="action">
                    <button type="button" class="primary" onclick={take} disabled={busy_now}>
                        { if role == Role::Cobranzas { "Tomar el caso" } else { "Tomar el caso (queda a mi nombre)" } }
                    </button>
                </div>
            }
            if may_assign {
                <form class="action inline-form" onsubmit={assign} novalidate=true aria-label="Asignar a cobranzas">
                    { select(Field::new("assignee", if case.assigned_to.is_some() { "Reasignar a" } else { "Asignar a" })
                            .errors(field_errors(Action::Assign, "user_id")),
                        &assignee, &assignees.iter().map(|u| (AttrValue::from(u.id.to_string()), AttrValue::from(u.full_name.clone()))).collect::<Vec<_>>(),
                        Some("Elija un agente de cobranzas…"), setter(&assignee)) }
                    <button type="submit" class="secondary" disabled={busy_now}>{ "Asignar" }</button>
                </form>
            }
            if may_validate {
                <form class="action" onsubmit={validate} novalidate=true aria-label="Validación en back-office">
                    <h3>{ "Validación en back-office (ATFPJC)" }</h3>
                    <div class="grid">
                        { select(Field::new("validation_result", "Resultado").required(), &validation_result,
                            &choices(ValidationResult::ALL, ValidationResult::as_str, ValidationResult::label), None, setter(&validation_result)) }
                        { text_input(Field::new("credit_title", "Nº de título de crédito").errors(field_errors(Action::Validate, "credit_title")),
                            (*credit_title).clone().into(), setter(&credit_title), InputOptions::default()) }
                        if case.collection_type == CollectionType::Coactiva {
                            { text_input(Field::new("measures", "Medidas cautelares observadas").hint("Ej.: cuentas bancarias congeladas")
                                    .errors(field_errors(Action::Validate, "measures")),
                                (*measures).clone().into(), setter(&measures), InputOptions::default()) }
                        }
                    </div>
                    { text_area(Field::new("validation_note", "Nota").errors(field_errors(Action::Validate, "note")),
                        (*validation_note).clone().into(), NOTE_MAX, setter(&validation_note), no_blur.clone()) }
                    <button type="submit" class="secondary" disabled={busy_now}>{ "Registrar validación" }</button>
                </form>
            }
            if may_resolve {
                <form class="action" onsubmit={resolve} novalidate=true aria-label="Resolver el caso">
                    <h3>{ "Resolver" }</h3>
                    { select(Field::new("outcome", "Resultado de la gestión").required().errors(field_errors(Action::Resolve, "outcome")),
                        &outcome, &choices(Outcome::ALL, Outcome::as_str, Outcome::label), Some("Seleccione…"), setter(&outcome)) }
                    { text_area(note_field("resolve_note", "Gestión realizada", Action::Resolve),
                        (*resolve_note).clone().into(), NOTE_MAX, setter(&resolve_note), no_blur.clone()) }
                    <button type="submit" class="primary" disabled={busy_now}>{ "Resolver caso" }</button>
                </form>
            }
            if may_annul {
                <form class="action" onsubmit={annul} novalidate=true aria-label="Anular el caso">
                    <h3>{ "Anular" }</h3>
                    { text_area(note_field("annul_note", "Motivo (error, duplicado…)", Action::Annul),
                        (*annul_note).clone().into(), NOTE_MAX, setter(&annul_note), no_blur.clone()) }
                    <button type="submit" class="danger" disabled={busy_now}>{ "Anular caso" }</button>
                </form>
            }
            <form class="action" onsubmit={add_comment} novalidate=true aria-label="Comentar">
                { text_area(Field::new("comment", "Comentario").errors(field_errors(Action::Comment, "text")),
                    (*comment).clone().into(), NOTE_MAX, setter(&comment), no_blur) }
                <button type="submit" class="secondary" disabled={busy_now}>{ "Agregar comentario" }</button>
            </form>
        </section>
    }
}

/// A text field's value, if anything was typed.
fn filled(value: &str) -> Option<&str> {
    Some(value).filter(|v| !v.trim().is_empty())
}

/// The request body as JSON (the types are ours: encoding cannot fail).
fn encode<T: serde::Serialize>(body: &T) -> String {
    serde_json::to_string(body).unwrap_or_default()
}
