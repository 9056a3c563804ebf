//! "Nuevo caso": the form an agent fills while the customer is on the line. Errors come from the
//! shared validator as each field is left and on save; matching cases appear while the reference
//! and document are typed; what is typed survives a lost connection or an expired session.

use std::collections::BTreeSet;

use gloo_storage::{LocalStorage, Storage};
use gloo_timers::callback::Timeout;
use shared::api::{CaseDto, DuplicateCheck, NewCase};
use shared::form::validate_case;
use shared::{ErrorKind, FieldErrors};
use yew::prelude::*;

use crate::components::case_fields::{CaseFieldsProps, case_fields, set_field};
use crate::components::field::focus_first_error;
use crate::services::{Api, ApiFailure};
use crate::session::use_session;

const DRAFT_KEY: &str = "bitacora.draft";
/// Wait this long after the last keystroke before asking for matching cases.
const DUPLICATE_DEBOUNCE_MS: u32 = 350;

fn load_draft() -> Option<NewCase> {
    LocalStorage::get(DRAFT_KEY).ok()
}

/// Only what can be shown now: errors of fields the agent has left, or all of them after "Guardar".
fn visible_errors(
    form: &NewCase,
    touched: &BTreeSet<&'static str>,
    submitted: bool,
    server: &FieldErrors,
) -> FieldErrors {
    let mut errors = match validate_case(form) {
        Ok(_) => FieldErrors::new(),
        Err(errors) => {
            errors.into_iter().filter(|(field, _)| submitted || touched.contains(field.as_str())).collect()
        }
    };
    for (field, messages) in server {
        errors.entry(field.clone()).or_insert_with(|| messages.clone());
    }
    errors
}

#[function_component]
pub fn NewCasePage() -> Html {
    let session = use_session();
    let api = Api::new(session.clone());
    let restored = use_state(|| load_draft().is_some_and(|d| d != NewCase::default()));
    let form = use_state(|| load_draft().unwrap_or_default());
    let touched = use_state(BTreeSet::<&'static str>::new);
    let submitted = use_state(|| false);
    let server_errors = use_state(FieldErrors::new);
    let duplicates = use_state(|| None::<DuplicateCheck>);
    let saving = use_state(|| false);
    let saved = use_state(|| None::<CaseDto>);
    let failure = use_state(|| None::<String>);
    let conflict = use_state(|| None::<CaseDto>);

    // Every keystroke is kept: a reload, a lost connection or a new sign-in gives it back.
    use_effect_with((*form).clone(), |form| {
        let _ = LocalStorage::set(DRAFT_KEY, form);
    });

    {
        let api = api.clone();
        let duplicates = duplicates.clone();
        let key = (form.reference.clone(), form.collection_type.clone(), form.document_number.clone());
        use_effect_with(key, move |(reference, collection_type, document)| {
            let mut query: Vec<(&str, String)> = Vec::new();
            if shared::text::normalize_reference(reference).len() >= 3
                && let Some(ct) = shared::CollectionType::parse_code(collection_type)
            {
                query.push(("reference", reference.clone()));
                query.push(("collection_type", ct.as_str().to_owned()));
            }
            if shared::document::normalize_document_number(document).len() >= 5 {
                query.push(("document_number", document.clone()));
            }
            let timer = if query.is_empty() {
                duplicates.set(None);
                None
            } else {
                Some(Timeout::new(DUPLICATE_DEBOUNCE_MS, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(found) = api.get::<DuplicateCheck>("/api/v1/cases/duplicates", &query).await
                        {
                            duplicates.set(Some(found));
                        }
                    });
                }))
            };
            move || drop(timer)
        });
    }

    let onchange = {
        let (form, touched, server_errors) = (form.clone(), touched.clone(), server_errors.clone());
        Callback::from(move |(field, value): (&'static str, String)| {
            let mut next = (*form).clone();
            set_field(&mut next, field, value);
            form.set(next);
            // Choices are "left" as soon as they are made; text fields when the agent moves on.
            if !matches!(
                field,
                "customer_name"
                    | "document_number"
                    | "reference"
                    | "landline"
                    | "mobile"
                    | "email"
                    | "observation"
            ) {
                let mut t = (*touched).clone();
                t.insert(field);
                touched.set(t);
            }
            if server_errors.contains_key(field) {
                let mut s = (*server_errors).clone();
                s.remove(field);
                server_errors.set(s);
            }
        })
    };
    let onblur = {
        let touched = touched.clone();
        Callback::from(move |field: &'static str| {
            if !touched.contains(field) {
                let mut t = (*touched).clone();
                t.insert(field);
                touched.set(t);
            }
        })
    };
    let onconfirm = {
        let (form, touched) = (form.clone(), touched.clone());
        Callback::from(move |checked: bool| {
            let mut next = (*form).clone();
            next.mobile_confirmed = checked;
            form.set(next);
            let mut t = (*touched).clone();
            t.insert("mobile_confirmed");
            touched.set(t);
        })
    };

    let blocking = duplicates.as_ref().and_then(|d| d.blocking.clone());
    let onsubmit = {
        let (form, submitted, server_errors, saving, saved, failure, conflict, touched, duplicates, restored) = (
            form.clone(),
            submitted.clone(),
            server_errors.clone(),
            saving.clone(),
            saved.clone(),
            failure.clone(),
            conflict.clone(),
            touched.clone(),
            duplicates.clone(),
            restored.clone(),
        );
        let blocked = blocking.is_some();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *saving {
                return;
            }
            submitted.set(true);
            failure.set(None);
            if validate_case(&form).is_err() || blocked {
                // Let the errors render, then take the agent to the first one.
                Timeout::new(0, focus_first_error).forget();
                return;
            }
            saving.set(true);
            let api = api.clone();
            let body = (*form).clone();
            let (
                form,
                submitted,
                server_errors,
                saving,
                saved,
                failure,
                conflict,
                touched,
                duplicates,
                restored,
            ) = (
                form.clone(),
                submitted.clone(),
                server_errors.clone(),
                saving.clone(),
                saved.clone(),
                failure.clone(),
                conflict.clone(),
                touched.clone(),
                duplicates.clone(),
                restored.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api.post::<_, CaseDto>("/api/v1/cases", &body).await {
                    Ok(case) => {
                        saved.set(Some(case));
                        conflict.set(None);
                        server_errors.set(FieldErrors::new());
                        form.set(NewCase::default());
                        touched.set(BTreeSet::new());
                        submitted.set(false);
                        duplicates.set(None);
                        restored.set(false);
                        LocalStorage::delete(DRAFT_KEY);
                        Timeout::new(0, || {
                            if let Some(el) = web_sys::window()
                                .and_then(|w| w.document())
                                .and_then(|d| d.get_element_by_id("saved-case"))
                            {
                                use wasm_bindgen::JsCast;
                                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                    let _ = el.focus();
                                }
                            }
                        })
                        .forget();
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::Validation => {
                        server_errors.set(body.fields.unwrap_or_default());
                        Timeout::new(0, focus_first_error).forget();
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::DuplicateCase => {
                        failure.set(Some(body.message.clone()));
                        conflict.set(body.existing.map(|c| *c));
                    }
                    Err(other) => failure.set(Some(other.message())),
                }
                saving.set(false);
            });
        })
    };

    let errors = visible_errors(&form, &touched, *submitted, &server_errors);
    let error_count = errors.len();
    html! {
        <section class="page new-case" aria-labelledby="new-case-title">
            <h1 id="new-case-title">{ "Nuevo caso" }</h1>
            if let Some(case) = &*saved {
                <div class="saved" role="status" aria-live="assertive">
                    <p>{ "Caso registrado. Lea el número al cliente:" }</p>
                    <p id="saved-case" class="case-number" tabindex="-1">{ format!("Nº {}", case.id) }</p>
                    { for case.warnings.iter().map(|w| html! { <p class="warning">{ w }</p> }) }
                    <p><a href={crate::route::case_path(case.id)}>{ "Ver el caso" }</a>
                    { " · El formulario está listo para la siguiente llamada." }</p>
                </div>
            }
            if *restored {
                <p class="notice" role="status">{ "Se recuperó lo que estaba escribiendo antes." }</p>
            }
            <form onsubmit={onsubmit} novalidate=true>
                <p class="status-line">{ "Estado: " }<strong>{ "PENDIENTE" }</strong>
                    <span class="hint">{ " (todo caso nuevo empieza pendiente)" }</span></p>
                { case_fields(CaseFieldsProps { form: &form, errors: &errors, onchange: &onchange, onblur: &onblur, onconfirm }) }
                { duplicate_panel(duplicates.as_ref()) }
                if let Some(message) = &*failure {
                    <div class="alert error" role="alert">
                        <p>{ message }</p>
                        if let Some(existing) = &*conflict {
                            <p><a href={crate::route::case_path(existing.id)}>{ format!("Abrir el caso Nº {}", existing.id) }</a></p>
                        }
                    </div>
                }
                if *submitted && error_count > 0 {
                    <p class="alert error" role="alert">{ format!("Revise {} campo(s) marcados.", error_count) }</p>
                }
                <div class="actions">
                    <button type="submit" class="primary" disabled={*saving || blocking.is_some()}>
                        { if *saving { "Guardando…" } else { "Guardar caso" } }
                    </button>
                </div>
            </form>
        </section>
    }
}

/// What the search found while the agent typed: a blocking case, or the customer's other cases.
fn duplicate_panel(check: Option<&DuplicateCheck>) -> Html {
    let Some(check) = check else { return html! {} };
    html! {
        <div class="duplicates" aria-live="polite">
            if let Some(blocking) = &check.blocking {
                <div class="alert error" role="alert">
                    <p><strong>{ "Ya existe un caso abierto con esta referencia y tipo de cobranza: no se puede registrar otro." }</strong></p>
                    <p>
                        <a href={crate::route::case_path(blocking.id)}>{ format!("Caso Nº {}", blocking.id) }</a>
                        { format!(" — {} · {} · {}", blocking.customer_name, blocking.status.label(), crate::format::date_time(&blocking.created_at)) }
                    </p>
                </div>
            }
            if !check.same_customer.is_empty() {
                <div class="alert warning">
                    <p>{ "El cliente tiene otros casos abiertos (no impide guardar):" }</p>
                    <ul>
                        { for check.same_customer.iter().map(|c| html! {
                            <li>
                                <a href={crate::route::case_path(c.id)}>{ format!("Nº {}", c.id) }</a>
                                { format!(" — {} · {} {}", c.collection_type.label(), c.reference_label, c.reference) }
                            </li>
                        }) }
                    </ul>
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_left_fields_show_their_errors_until_the_agent_saves() {
        let form = NewCase { landline: Some("2123456".into()), ..NewCase::default() };
        let none = visible_errors(&form, &BTreeSet::new(), false, &FieldErrors::new());
        assert!(none.is_empty());
        let touched = BTreeSet::from(["landline"]);
        let some = visible_errors(&form, &touched, false, &FieldErrors::new());
        assert_eq!(some.keys().collect::<Vec<_>>(), ["landline"]);
        let all = visible_errors(&form, &touched, true, &FieldErrors::new());
        assert!(all.len() > 5 && all.contains_key("customer_name"));
    }

    #[test]
    fn the_servers_field_errors_are_shown_too() {
        let server = FieldErrors::from([("reference".to_owned(), vec!["Ya existe.".to_owned()])]);
        let shown = visible_errors(&NewCase::default(), &BTreeSet::new(), false, &server);
        assert_eq!(shown["reference"], ["Ya existe."]);
    }
}
