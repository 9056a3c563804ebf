//! "Nuevo caso": the form an agent fills while the customer is on the line. Errors come from the
//! shared validator as each field is left and on save; matching cases appear while the reference
//! and document are typed; what is typed is the agent's draft (`crate::drafts`), so it survives a
//! reload, a lost connection or an expired session, and is deleted on logout.

use std::collections::BTreeSet;

use gloo_timers::callback::Timeout;
use shared::api::{CaseDto, DuplicateCheck, NewCase};
use shared::document::{DOCUMENT_NUMBER_MIN_CHARS, normalize_document_number};
use shared::form::validate_case;
use shared::text::{REFERENCE_MIN_CHARS, normalize_reference};
use shared::{ErrorKind, FieldErrors};
use yew::prelude::*;

use crate::components::case_fields::{
    CaseFieldsProps, blocking_case, case_fields, collides, note_change, set_field, touch, visible_errors,
};
use crate::components::field::{focus_after_render, focus_first_error};
use crate::drafts::use_draft;
use crate::services::{Api, ApiFailure};
use crate::session::use_session;

/// The draft's name in storage (`crate::drafts`).
const DRAFT: &str = "nuevo-caso";
/// Wait this long after the last keystroke before asking for matching cases.
const DUPLICATE_DEBOUNCE_MS: u32 = 350;

fn is_blank(form: &NewCase) -> bool {
    *form == NewCase::default()
}

/// What to ask `GET /cases/duplicates` for the form as typed: the reference and type once the
/// reference can be a valid one, the document once it can be any document's number.
fn duplicate_query(form: &NewCase) -> Vec<(&'static str, String)> {
    let mut query = Vec::new();
    if normalize_reference(&form.reference).chars().count() >= REFERENCE_MIN_CHARS
        && let Some(ct) = shared::CollectionType::parse_code(&form.collection_type)
    {
        query.push(("reference", form.reference.clone()));
        query.push(("collection_type", ct.as_str().to_owned()));
    }
    if normalize_document_number(&form.document_number).chars().count() >= DOCUMENT_NUMBER_MIN_CHARS {
        query.push(("document_number", form.document_number.clone()));
    }
    query
}

#[function_component]
pub fn NewCasePage() -> Html {
    let session = use_session();
    let api = Api::new(session.clone());
    let user_id = session.user().map_or(0, |u| u.id);
    let (form, restored) = use_draft(user_id, DRAFT.into(), NewCase::default, is_blank);
    let show_restored = use_state(|| restored);
    let touched = use_state(BTreeSet::<&'static str>::new);
    let submitted = use_state(|| false);
    let server_errors = use_state(FieldErrors::new);
    let duplicates = use_state(|| None::<DuplicateCheck>);
    // Answers to an older lookup than the last one asked are ignored: they may arrive later.
    let lookup = use_mut_ref(|| 0u32);
    let saving = use_state(|| false);
    let saved = use_state(|| None::<CaseDto>);
    let failure = use_state(|| None::<String>);
    // The open case the server named when it refused the save (409).
    let conflict = use_state(|| None::<CaseDto>);

    {
        let (api, duplicates, lookup) = (api.clone(), duplicates.clone(), lookup.clone());
        use_effect_with(duplicate_query(&form), move |query| {
            *lookup.borrow_mut() += 1;
            let asked = *lookup.borrow();
            let timer = if query.is_empty() {
                duplicates.set(None);
                None
            } else {
                let query = query.clone();
                Some(Timeout::new(DUPLICATE_DEBOUNCE_MS, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        let found = api.get::<DuplicateCheck>("/api/v1/cases/duplicates", &query).await;
                        if let Ok(found) = found
                            && *lookup.borrow() == asked
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
            note_change(&touched, &server_errors, field);
        })
    };
    let onblur = {
        let touched = touched.clone();
        Callback::from(move |field: &'static str| touch(&touched, field))
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

    // Only a case with the reference and type as typed now blocks: an answer about what was
    // typed before does not, and neither does the server's 409 once the agent changed them.
    let blocking = conflict
        .as_ref()
        .filter(|c| collides(c, &form))
        .or_else(|| duplicates.as_ref().and_then(|d| d.blocking.as_ref()).filter(|c| collides(c, &form)))
        .cloned();
    let onsubmit = {
        let (form, submitted, server_errors, saving, saved, failure, conflict, touched, show_restored) = (
            form.clone(),
            submitted.clone(),
            server_errors.clone(),
            saving.clone(),
            saved.clone(),
            failure.clone(),
            conflict.clone(),
            touched.clone(),
            show_restored.clone(),
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
            let (form, submitted, server_errors, saving, saved, failure, conflict, touched, show_restored) = (
                form.clone(),
                submitted.clone(),
                server_errors.clone(),
                saving.clone(),
                saved.clone(),
                failure.clone(),
                conflict.clone(),
                touched.clone(),
                show_restored.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api.post::<_, CaseDto>("/api/v1/cases", &body).await {
                    Ok(case) => {
                        saved.set(Some(case));
                        conflict.set(None);
                        server_errors.set(FieldErrors::new());
                        // A blank form deletes the draft.
                        form.set(NewCase::default());
                        touched.set(BTreeSet::new());
                        submitted.set(false);
                        show_restored.set(false);
                        focus_after_render("#saved-case");
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::Validation => {
                        server_errors.set(body.fields.unwrap_or_default());
                        Timeout::new(0, focus_first_error).forget();
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::DuplicateCase => {
                        match body.existing {
                            Some(existing) => conflict.set(Some(*existing)),
                            None => failure.set(Some(body.message.clone())),
                        }
                        focus_after_render(".duplicates a");
                    }
                    Err(other) => {
                        failure.set(Some(other.message()));
                        focus_after_render("#save-case");
                    }
                }
                saving.set(false);
            });
        })
    };

    let errors = visible_errors(&form, &touched, *submitted, &server_errors);
    let error_count = errors.len();
    let same_customer = duplicates.as_ref().map(|d| d.same_customer.as_slice()).unwrap_or_default();
    html! {
        <section class="page new-case" aria-labelledby="new-case-title">
            <h1 id="new-case-title">{ "Nuevo caso" }</h1>
            if let Some(case) = &*saved {
                // Keyed by the case: each save gets a panel of its own, so that no element of the
                // previous one is reused for the next (and a screen reader announces it anew).
                <div class="saved" role="status" aria-live="assertive" key={case.id}>
                    <p>{ "Caso registrado. Lea el número al cliente:" }</p>
                    <p id="saved-case" class="case-number" tabindex="-1">{ format!("Nº {}", case.id) }</p>
                    <div class="saved-warnings">{ for case.warnings.iter().map(|w| html! { <p class="warning">{ w }</p> }) }</div>
                    <p><a href={crate::route::case_path(case.id)}>{ "Ver el caso" }</a>
                    { " · El formulario está listo para la siguiente llamada." }</p>
                </div>
            }
            if *show_restored {
                <p class="notice" role="status">{ "Se recuperó lo que estaba escribiendo antes." }</p>
            }
            <form onsubmit={onsubmit} novalidate=true aria-busy={saving.to_string()}>
                <p class="status-line">{ "Estado: " }<strong>{ "PENDIENTE" }</strong>
                    <span class="hint">{ " (todo caso nuevo empieza pendiente)" }</span></p>
                // Nothing can change while the server is saving what it was sent.
                <fieldset class="plain" disabled={*saving}>
                    { case_fields(CaseFieldsProps { form: &form, errors: &errors, onchange: &onchange, onblur: &onblur, onconfirm }) }
                </fieldset>
                <div class="duplicates" aria-live="polite">
                    if let Some(case) = &blocking { { blocking_case(case) } }
                    { same_customer_panel(same_customer) }
                </div>
                if let Some(message) = &*failure {
                    <div class="alert error" role="alert"><p>{ message }</p></div>
                }
                if *submitted && error_count > 0 {
                    <p class="alert error" role="alert">{ format!("Revise {} campo(s) marcados.", error_count) }</p>
                }
                <div class="actions">
                    <button id="save-case" type="submit" class="primary" disabled={*saving || blocking.is_some()}>
                        { if *saving { "Guardando…" } else { "Guardar caso" } }
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The customer's other open cases, found while the agent typed the document: a warning only.
fn same_customer_panel(cases: &[CaseDto]) -> Html {
    if cases.is_empty() {
        return html! {};
    }
    html! {
        <div class="alert warning">
            <p>{ "El cliente tiene otros casos abiertos (no impide guardar):" }</p>
            <ul>
                { for cases.iter().map(|c| html! {
                    <li>
                        <a href={crate::route::case_path(c.id)}>{ format!("Nº {}", c.id) }</a>
                        { format!(" — {} · {} {}", c.collection_type.label(), c.reference_label, c.reference) }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_cases_are_asked_for_once_a_value_could_match() {
        let form = |reference: &str, ct: &str, document: &str| NewCase {
            reference: reference.into(),
            collection_type: ct.into(),
            document_number: document.into(),
            ..NewCase::default()
        };
        assert!(duplicate_query(&form("DM-1", "COACTIVA", "")).is_empty(), "3 characters once normalised");
        let query = duplicate_query(&form("dmy-1", "coactiva", ""));
        assert_eq!(query, [("reference", "dmy-1".to_owned()), ("collection_type", "COACTIVA".to_owned())]);
        assert!(duplicate_query(&form("DMY12", "", "")).is_empty(), "no type yet");
        assert!(duplicate_query(&form("", "", "17-10")).is_empty());
        assert_eq!(duplicate_query(&form("", "", "17100")), [("document_number", "17100".to_owned())]);
    }
}
