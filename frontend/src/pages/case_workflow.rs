//! The workflow of one case: who has it, the back-office validation, the outcome, and the actions
//! the signed-in role may take now (take, assign, resolve, annul, validate, comment). What is
//! offered follows the shared rules the server enforces; the server still checks everything.
//! What the user types in the actions' fields is their draft (`crate::drafts`) until the action
//! succeeds.

use serde::{Deserialize, Serialize};
use shared::api::{
    AssignmentRequest, CaseDto, CommentRequest, TransitionRequest, UserRef, ValidationRequest,
};
use shared::rules::{WorkflowError, WorkflowState, check_assignment, check_transition, check_validation};
use shared::text::{COMMENT_MAX_CHARS, CREDIT_TITLE_MAX_CHARS, MEASURES_MAX_CHARS, NOTE_MAX_CHARS};
use shared::{CaseStatus, CollectionType, ErrorKind, FieldErrors, Outcome, Role, ValidationResult};
use yew::prelude::*;

use crate::components::field::{Field, InputOptions, choices, field_setter, select, text_area, text_input};
use crate::drafts::use_draft;
use crate::format;
use crate::services::{Api, ApiFailure};

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

impl Action {
    /// What the panel says once the server accepted the action.
    fn done(self) -> &'static str {
        match self {
            Action::Take => "Caso tomado: queda a su nombre.",
            Action::Assign => "Caso asignado.",
            Action::Resolve => "Caso resuelto.",
            Action::Annul => "Caso anulado.",
            Action::Validate => "Validación registrada.",
            Action::Comment => "Comentario agregado al historial.",
        }
    }
}

/// What is typed in the actions' fields, kept as the user's draft of this case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkflowDraft {
    pub assignee: String,
    pub outcome: String,
    pub resolve_note: String,
    pub annul_note: String,
    /// Empty means the form's first choice, `CONFIRMADO`.
    pub validation_result: String,
    pub credit_title: String,
    pub measures: String,
    pub validation_note: String,
    pub comment: String,
}

impl WorkflowDraft {
    fn is_blank(&self) -> bool {
        *self == WorkflowDraft::default()
    }

    /// The draft once `action` succeeded: its fields are empty again, the others as they were.
    fn cleared(&self, action: Action) -> WorkflowDraft {
        let mut next = self.clone();
        match action {
            Action::Take => {}
            Action::Assign => next.assignee.clear(),
            Action::Resolve => {
                next.outcome.clear();
                next.resolve_note.clear();
            }
            Action::Annul => next.annul_note.clear(),
            Action::Validate => {
                next.validation_result.clear();
                next.credit_title.clear();
                next.measures.clear();
                next.validation_note.clear();
            }
            Action::Comment => next.comment.clear(),
        }
        next
    }
}

/// The name of a case's workflow draft in storage.
fn draft_name(case_id: i64) -> AttrValue {
    format!("caso.{case_id}.gestion").into()
}

fn allowed<T>(result: Result<T, WorkflowError>) -> bool {
    match result {
        Ok(_) => true,
        // Missing details are for the form to ask; the action itself is possible.
        Err(WorkflowError::Details(_)) => true,
        Err(_) => false,
    }
}

/// What the panel says after an action: done, or why not.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    Done(&'static str),
    Refused(String),
}

#[function_component]
pub fn WorkflowPanel(props: &WorkflowPanelProps) -> Html {
    let case = &props.case;
    let (draft, restored) =
        use_draft(props.user_id, draft_name(case.id), WorkflowDraft::default, WorkflowDraft::is_blank);
    let assignees = use_state(Vec::<UserRef>::new);
    let errors = use_state(|| None::<(Action, FieldErrors)>);
    let said = use_state(|| {
        restored.then_some(Said::Done("Se recuperó lo que estaba escribiendo en la gestión del caso."))
    });
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

    // Sends one action; on success its fields are emptied and the page reloads the case, on
    // refusal the form shows why. The fields cannot change while it is sent, so the draft as it
    // was when sent is the draft as it is when the answer comes.
    let run = {
        let (api, on_change, errors, said, busy, draft) = (
            props.api.clone(),
            props.on_change.clone(),
            errors.clone(),
            said.clone(),
            busy.clone(),
            draft.clone(),
        );
        let id = case.id;
        move |action: Action, path: &'static str, body: String| {
            let (api, on_change, errors, said, busy, draft) =
                (api.clone(), on_change.clone(), errors.clone(), said.clone(), busy.clone(), draft.clone());
            busy.set(true);
            said.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match api.post_encoded(&format!("/api/v1/cases/{id}/{path}"), body).await {
                    Ok(()) => {
                        errors.set(None);
                        draft.set(draft.cleared(action));
                        said.set(Some(Said::Done(action.done())));
                        on_change.emit(());
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::Validation => {
                        said.set(Some(Said::Refused(body.message.clone())));
                        errors.set(Some((action, body.fields.unwrap_or_default())));
                    }
                    Err(failure @ ApiFailure::Refused(_)) if failure.is_stale() => {
                        said.set(Some(Said::Refused(format!(
                            "{} Se recargaron los datos actuales; lo que escribió sigue aquí.",
                            failure.message()
                        ))));
                        on_change.emit(());
                    }
                    Err(failure) => said.set(Some(Said::Refused(failure.message()))),
                }
                busy.set(false);
            });
        }
    };
    let refuse_locally = {
        let (errors, said) = (errors.clone(), said.clone());
        move |action: Action, error: WorkflowError| match error {
            WorkflowError::Details(fields) => {
                said.set(None);
                errors.set(Some((action, fields)));
            }
            other => said.set(Some(Said::Refused(other.to_string()))),
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
        let (run, refuse, draft) = (run.clone(), refuse_locally.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = Outcome::parse_code(&draft.outcome);
            match check_transition(
                role,
                state,
                CaseStatus::Resuelto,
                chosen,
                Some(draft.resolve_note.as_str()),
            ) {
                Ok(note) => {
                    let body = TransitionRequest { to: CaseStatus::Resuelto, outcome: chosen, note, version };
                    run(Action::Resolve, "transitions", encode(&body));
                }
                Err(error) => refuse(Action::Resolve, error),
            }
        })
    };
    let annul = {
        let (run, refuse, draft) = (run.clone(), refuse_locally.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match check_transition(role, state, CaseStatus::Anulado, None, Some(draft.annul_note.as_str())) {
                Ok(note) => {
                    let body = TransitionRequest { to: CaseStatus::Anulado, outcome: None, note, version };
                    run(Action::Annul, "transitions", encode(&body));
                }
                Err(error) => refuse(Action::Annul, error),
            }
        })
    };
    let assign = {
        let (run, errors, draft) = (run.clone(), errors.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match draft.assignee.parse::<i64>() {
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
        let (run, refuse, draft) = (run.clone(), refuse_locally.clone(), draft.clone());
        let (status, collection_type) = (case.status, case.collection_type);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let result = ValidationResult::parse_code(&draft.validation_result)
                .unwrap_or(ValidationResult::Confirmado);
            match check_validation(
                role,
                status,
                collection_type,
                result,
                filled(&draft.credit_title),
                filled(&draft.measures),
                filled(&draft.validation_note),
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
        let (run, errors, draft) = (run.clone(), errors.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match shared::rules::check_comment(&draft.comment) {
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
    let set = |apply: fn(&mut WorkflowDraft, String)| field_setter(&draft, apply);
    let text = |value: &str| AttrValue::from(value.to_owned());
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
            <div aria-live="polite" class="workflow-said">{ match &*said {
                Some(Said::Done(text)) => html! { <p class="notice" role="status">{ *text }</p> },
                Some(Said::Refused(text)) => html! { <p class="alert error" role="alert">{ text }</p> },
                None => html! {},
            } }</div>
            if may_take {
                <div class="action">
                    <button type="button" class="primary" onclick={take} disabled={busy_now}>
                        { if role == Role::Cobranzas { "Tomar el caso" } else { "Tomar el caso (queda a mi nombre)" } }
                    </button>
                </div>
            }
            if may_assign {
                <form class="action inline-form" onsubmit={assign} novalidate=true aria-label="Asignar a cobranzas">
                    <fieldset class="plain inline-form" disabled={busy_now}>
                        { select(Field::new("assignee", if case.assigned_to.is_some() { "Reasignar a" } else { "Asignar a" })
                                .errors(field_errors(Action::Assign, "user_id")),
                            &draft.assignee, &assignees.iter().map(|u| (AttrValue::from(u.id.to_string()), AttrValue::from(u.full_name.clone()))).collect::<Vec<_>>(),
                            Some("Elija un agente de cobranzas…"), set(|d, v| d.assignee = v)) }
                        <button type="submit" class="secondary">{ "Asignar" }</button>
                    </fieldset>
                </form>
            }
            if may_validate {
                <form class="action" onsubmit={validate} novalidate=true aria-label="Validación en back-office">
                    <h3>{ "Validación en back-office (ATFPJC)" }</h3>
                    <fieldset class="plain" disabled={busy_now}>
                        <div class="grid">
                            { select(Field::new("validation_result", "Resultado").required(), &draft.validation_result,
                                &choices(ValidationResult::ALL, ValidationResult::as_str, ValidationResult::label), None,
                                set(|d, v| d.validation_result = v)) }
                            { text_input(Field::new("credit_title", "Nº de título de crédito").errors(field_errors(Action::Validate, "credit_title")),
                                text(&draft.credit_title), set(|d, v| d.credit_title = v),
                                InputOptions { maxlength: Some(CREDIT_TITLE_MAX_CHARS), ..InputOptions::default() }) }
                            if case.collection_type == CollectionType::Coactiva {
                                { text_input(Field::new("measures", "Medidas cautelares observadas").hint("Ej.: cuentas bancarias congeladas")
                                        .errors(field_errors(Action::Validate, "measures")),
                                    text(&draft.measures), set(|d, v| d.measures = v),
                                    InputOptions { maxlength: Some(MEASURES_MAX_CHARS), ..InputOptions::default() }) }
                            }
                        </div>
                        { text_area(Field::new("validation_note", "Nota").errors(field_errors(Action::Validate, "note")),
                            text(&draft.validation_note), NOTE_MAX_CHARS, set(|d, v| d.validation_note = v)) }
                        <button type="submit" class="secondary">{ "Registrar validación" }</button>
                    </fieldset>
                </form>
            }
            if may_resolve {
                <form class="action" onsubmit={resolve} novalidate=true aria-label="Resolver el caso">
                    <h3>{ "Resolver" }</h3>
                    <fieldset class="plain" disabled={busy_now}>
                        { select(Field::new("outcome", "Resultado de la gestión").required().errors(field_errors(Action::Resolve, "outcome")),
                            &draft.outcome, &choices(Outcome::ALL, Outcome::as_str, Outcome::label), Some("Seleccione…"),
                            set(|d, v| d.outcome = v)) }
                        { text_area(note_field("resolve_note", "Gestión realizada", Action::Resolve),
                            text(&draft.resolve_note), NOTE_MAX_CHARS, set(|d, v| d.resolve_note = v)) }
                        <button type="submit" class="primary">{ "Resolver caso" }</button>
                    </fieldset>
                </form>
            }
            if may_annul {
                <form class="action" onsubmit={annul} novalidate=true aria-label="Anular el caso">
                    <h3>{ "Anular" }</h3>
                    <fieldset class="plain" disabled={busy_now}>
                        { text_area(note_field("annul_note", "Motivo (error, duplicado…)", Action::Annul),
                            text(&draft.annul_note), NOTE_MAX_CHARS, set(|d, v| d.annul_note = v)) }
                        <button type="submit" class="danger">{ "Anular caso" }</button>
                    </fieldset>
                </form>
            }
            <form class="action" onsubmit={add_comment} novalidate=true aria-label="Comentar">
                <fieldset class="plain" disabled={busy_now}>
                    { text_area(Field::new("comment", "Comentario").errors(field_errors(Action::Comment, "text")),
                        text(&draft.comment), COMMENT_MAX_CHARS, set(|d, v| d.comment = v)) }
                    <button type="submit" class="secondary">{ "Agregar comentario" }</button>
                </fieldset>
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

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> WorkflowDraft {
        WorkflowDraft {
            assignee: "7".into(),
            outcome: "PAGO_TOTAL".into(),
            resolve_note: "Pagó".into(),
            annul_note: "Duplicado".into(),
            validation_result: "NO_ENCONTRADO".into(),
            credit_title: "TC-1".into(),
            measures: "Cuentas congeladas".into(),
            validation_note: "Revisado".into(),
            comment: "Llamar el lunes".into(),
        }
    }

    #[test]
    fn a_successful_action_empties_its_own_fields_only() {
        let after = typed().cleared(Action::Comment);
        assert_eq!(after.comment, "");
        assert_eq!(WorkflowDraft { comment: "Llamar el lunes".into(), ..after.clone() }, typed());
        let after = typed().cleared(Action::Resolve);
        assert_eq!((after.outcome.as_str(), after.resolve_note.as_str()), ("", ""));
        assert_eq!(after.comment, "Llamar el lunes", "a comment being typed is kept");
        let after = typed().cleared(Action::Validate);
        assert!(
            after.credit_title.is_empty() && after.measures.is_empty() && after.validation_note.is_empty()
        );
        assert_eq!(after.annul_note, "Duplicado");
        assert_eq!(typed().cleared(Action::Take), typed());
        assert!(
            typed()
                .cleared(Action::Assign)
                .cleared(Action::Resolve)
                .cleared(Action::Annul)
                .cleared(Action::Validate)
                .cleared(Action::Comment)
                .is_blank(),
            "every field belongs to an action"
        );
    }
}
