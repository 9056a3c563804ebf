//! "Caso": all data, warnings and the history timeline; corrections by those allowed, with the
//! stale-version conflict explained.

use std::collections::BTreeSet;

use shared::api::{CaseDto, CaseEvent, CasePatch, NewCase};
use shared::form::validate_case;
use shared::{ErrorKind, FieldErrors};
use yew::prelude::*;

use crate::components::case_fields::{CaseFieldsProps, case_fields, disclosure, set_field};
use crate::components::field::focus_first_error;
use crate::components::status::status_badge;
use crate::format;
use crate::pages::case_workflow::{WorkflowPanel, workflow_facts};
use crate::services::{Api, ApiFailure};
use crate::session::use_session;

/// The case as its form, for corrections.
fn form_of(case: &CaseDto) -> NewCase {
    NewCase {
        customer_name: case.customer_name.clone(),
        document_type: case.document_type.as_str().to_owned(),
        document_number: case.document_number.clone(),
        business_line: case.business_line.as_str().to_owned(),
        mobile_plan: case.mobile_plan.map(|p| p.as_str().to_owned()),
        service_status: case.service_status.as_str().to_owned(),
        collection_type: case.collection_type.as_str().to_owned(),
        reference: case.reference.clone(),
        province: case.province.as_str().to_owned(),
        landline: case.landline.clone(),
        mobile: case.mobile.clone(),
        mobile_confirmed: case.mobile_confirmed,
        email: case.email.clone(),
        payment_intent: case.payment_intent.as_str().to_owned(),
        observation: case.observation.clone(),
        status: None,
    }
}

/// Every field of the form, sent with the version it corrects; the server records what changed.
fn patch_of(form: &NewCase, version: i64) -> CasePatch {
    let text = |v: &Option<String>| Some(v.clone().unwrap_or_default());
    CasePatch {
        version,
        customer_name: Some(form.customer_name.clone()),
        document_type: Some(form.document_type.clone()),
        document_number: Some(form.document_number.clone()),
        business_line: Some(form.business_line.clone()),
        mobile_plan: text(&form.mobile_plan),
        service_status: Some(form.service_status.clone()),
        collection_type: Some(form.collection_type.clone()),
        reference: Some(form.reference.clone()),
        province: Some(form.province.clone()),
        landline: text(&form.landline),
        mobile: text(&form.mobile),
        mobile_confirmed: Some(form.mobile_confirmed),
        email: text(&form.email),
        payment_intent: Some(form.payment_intent.clone()),
        observation: text(&form.observation),
    }
}

#[derive(Properties, PartialEq)]
pub struct CaseDetailProps {
    pub id: i64,
}

#[function_component]
pub fn CaseDetailPage(props: &CaseDetailProps) -> Html {
    let session = use_session();
    let api = Api::new(session.clone());
    let case = use_state(|| None::<CaseDto>);
    let events = use_state(Vec::<CaseEvent>::new);
    let error = use_state(|| None::<String>);
    let editing = use_state(|| None::<NewCase>);
    let reload = use_state(|| 0u32);

    {
        let (api, case, events, error) = (api.clone(), case.clone(), events.clone(), error.clone());
        use_effect_with((props.id, *reload), move |(id, _)| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                match api.get::<CaseDto>(&format!("/api/v1/cases/{id}"), &[]).await {
                    Ok(found) => case.set(Some(found)),
                    Err(e) => error.set(Some(e.message())),
                }
                if let Ok(history) =
                    api.get::<Vec<CaseEvent>>(&format!("/api/v1/cases/{id}/events"), &[]).await
                {
                    events.set(history);
                }
            });
        });
    }

    let Some(current) = (*case).clone() else {
        return html! {
            <section class="page">
                if let Some(message) = &*error { <p class="alert error" role="alert">{ message }</p> }
                else { <p class="muted">{ "Cargando…" }</p> }
            </section>
        };
    };
    let user = session.session.as_ref().map(|s| s.user.clone());
    let may_correct = user.as_ref().is_some_and(|u| {
        shared::rules::may_correct(u.role, u.id == current.created_by.id, current.status).is_ok()
    });
    let start_edit = {
        let (editing, current) = (editing.clone(), current.clone());
        Callback::from(move |_: MouseEvent| editing.set(Some(form_of(&current))))
    };
    let field = |label: &str, value: String| html! { <><dt>{ label.to_owned() }</dt><dd>{ value }</dd></> };
    let optional = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());

    html! {
        <section class="page case-detail" aria-labelledby="case-title">
            <div class="page-head">
                <h1 id="case-title">{ format!("Caso Nº {}", current.id) }</h1>
                { status_badge(current.status) }
            </div>
            if let Some(message) = &*error { <p class="alert error" role="alert">{ message }</p> }
            { for current.warnings.iter().map(|w| html! { <p class="alert warning">{ w }</p> }) }
            if let Some(form) = &*editing {
                <EditCase case={current.clone()} form={form.clone()} api={api.clone()}
                    on_done={Callback::from({
                        let (editing, reload) = (editing.clone(), reload.clone());
                        move |_| { editing.set(None); reload.set(*reload + 1); }
                    })}
                    on_cancel={Callback::from({ let editing = editing.clone(); move |_| editing.set(None) })} />
            } else {
                { disclosure(current.collection_type) }
                <dl class="facts">
                    { field("Cliente", current.customer_name.clone()) }
                    { field("Documento", format!("{} {}", current.document_type.label(), current.document_number)) }
                    { field("Tipo de cobranza", current.collection_type.label().to_owned()) }
                    { field(&current.reference_label, current.reference.clone()) }
                    { field("Línea de negocio", match current.mobile_plan {
                        Some(plan) => format!("{} ({})", current.business_line.label(), plan.label()),
                        None => current.business_line.label().to_owned(),
                    }) }
                    { field("Estado del servicio", current.service_status.label().to_owned()) }
                    { field("Provincia", current.province.label().to_owned()) }
                    { field("Teléfono fijo", current.landline.as_deref().map_or("—".to_owned(), format::phone)) }
                    { field("Celular", match &current.mobile {
                        Some(m) => format!("{}{}", format::phone(m), if current.mobile_confirmed { " (confirmado)" } else { "" }),
                        None => "—".to_owned(),
                    }) }
                    { field("Correo", optional(&current.email)) }
                    { field("Intención de pago", current.payment_intent.label().to_owned()) }
                    { field("Observación", optional(&current.observation)) }
                    { field("Registró", format!("{} · {}", current.created_by.full_name, format::date_time(&current.created_at))) }
                    { workflow_facts(&current) }
                </dl>
                if may_correct {
                    <button type="button" class="secondary" onclick={start_edit}>{ "Corregir datos" }</button>
                }
                if let Some(user) = &user {
                    <WorkflowPanel case={current.clone()} role={user.role} user_id={user.id} api={api.clone()}
                        on_change={Callback::from({ let reload = reload.clone(); move |_| reload.set(*reload + 1) })} />
                }
            }
            <h2>{ "Historial" }</h2>
            <ol class="timeline">
                { for events.iter().map(|e| html! {
                    <li key={e.id}>
                        <p class="when">
                            <strong>{ e.kind.label() }</strong>
                            { format!(" · {} · {}", e.actor.full_name, format::date_time(&e.at)) }
                        </p>
                        if let Some(note) = &e.note { <p class="note">{ note }</p> }
                        if !e.changes.is_empty() {
                            <ul class="changes">
                                { for e.changes.iter().map(|c| html! {
                                    <li>
                                        <span class="field-name">{ &c.field }</span>{ ": " }
                                        if c.old.is_some() { <del>{ c.old.clone().unwrap_or_default() }</del>{ " → " } }
                                        <ins>{ c.new.clone().unwrap_or_else(|| "(vacío)".to_owned()) }</ins>
                                    </li>
                                }) }
                            </ul>
                        }
                    </li>
                }) }
            </ol>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EditCaseProps {
    case: CaseDto,
    form: NewCase,
    api: Api,
    on_done: Callback<()>,
    on_cancel: Callback<()>,
}

#[function_component]
fn EditCase(props: &EditCaseProps) -> Html {
    let form = use_state(|| props.form.clone());
    let touched = use_state(BTreeSet::<&'static str>::new);
    let server_errors = use_state(FieldErrors::new);
    let message = use_state(|| None::<String>);
    let stale = use_state(|| false);
    let saving = use_state(|| false);

    let onchange = {
        let (form, touched) = (form.clone(), touched.clone());
        Callback::from(move |(field, value): (&'static str, String)| {
            let mut next = (*form).clone();
            set_field(&mut next, field, value);
            form.set(next);
            let mut t = (*touched).clone();
            t.insert(field);
            touched.set(t);
        })
    };
    let onblur = Callback::from(|_: &'static str| ());
    let onconfirm = {
        let form = form.clone();
        Callback::from(move |checked: bool| {
            let mut next = (*form).clone();
            next.mobile_confirmed = checked;
            form.set(next);
        })
    };
    let onsubmit = {
        let (form, server_errors, message, stale, saving) =
            (form.clone(), server_errors.clone(), message.clone(), stale.clone(), saving.clone());
        let (api, id, version, on_done) =
            (props.api.clone(), props.case.id, props.case.version, props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if validate_case(&form).is_err() {
                gloo_timers::callback::Timeout::new(0, focus_first_error).forget();
                return;
            }
            saving.set(true);
            let patch = patch_of(&form, version);
            let (api, server_errors, message, stale, saving, on_done) = (
                api.clone(),
                server_errors.clone(),
                message.clone(),
                stale.clone(),
                saving.clone(),
                on_done.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api.patch::<_, CaseDto>(&format!("/api/v1/cases/{id}"), &patch).await {
                    Ok(_) => on_done.emit(()),
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::Validation => {
                        server_errors.set(body.fields.unwrap_or_default());
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::StaleVersion => {
                        stale.set(true);
                        message.set(Some(format!(
                            "{} Sus cambios no se guardaron. Use «Ver datos actuales» y corrija de nuevo.",
                            body.message
                        )));
                    }
                    Err(other) => message.set(Some(other.message())),
                }
                saving.set(false);
            });
        })
    };
    let errors = {
        let mut errors: FieldErrors = match validate_case(&form) {
            Ok(_) => FieldErrors::new(),
            Err(all) => all.into_iter().filter(|(f, _)| touched.contains(f.as_str())).collect(),
        };
        errors.extend((*server_errors).clone());
        errors
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let refresh = props.on_done.reform(|_: MouseEvent| ());
    html! {
        <form class="edit-case" onsubmit={onsubmit} novalidate=true>
            <h2>{ "Corregir datos" }</h2>
            { case_fields(CaseFieldsProps { form: &form, errors: &errors, onchange: &onchange, onblur: &onblur, onconfirm }) }
            if let Some(text) = &*message { <p class="alert error" role="alert">{ text }</p> }
            <div class="actions">
                if *stale {
                    <button type="button" class="primary" onclick={refresh}>{ "Ver datos actuales" }</button>
                } else {
                    <button type="submit" class="primary" disabled={*saving}>{ "Guardar corrección" }</button>
                }
                <button type="button" class="secondary" onclick={cancel}>{ "Cancelar" }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_correction_sends_every_field_and_clears_emptied_optionals() {
        let form = NewCase {
            customer_name: "Ana Loor".into(),
            mobile: Some("0991234567".into()),
            email: None,
            ..NewCase::default()
        };
        let patch = patch_of(&form, 7);
        assert_eq!(patch.version, 7);
        assert_eq!(patch.email.as_deref(), Some(""), "an empty optional is cleared on the server");
        assert_eq!(patch.apply_to(&NewCase::default()).customer_name, "Ana Loor");
        assert_eq!(patch.apply_to(&NewCase::default()).mobile.as_deref(), Some("0991234567"));
    }
}
