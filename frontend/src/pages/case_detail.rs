//! "Caso": all data, warnings and the history timeline; corrections by those allowed. A correction
//! in progress is the user's draft (`crate::drafts`); when someone else changed the case meanwhile
//! (409), the user's corrections are replayed onto the case as it is now and the conflict is
//! explained.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use shared::api::{CaseDto, CaseEvent, CasePatch, NewCase};
use shared::form::validate_case;
use shared::{ErrorKind, FieldErrors};
use yew::prelude::*;

use crate::components::case_fields::{
    CaseFieldsProps, blocking_case, case_fields, collides, disclosure, note_change, set_field, touch,
    visible_errors,
};
use crate::components::field::{focus_after_render, focus_first_error};
use crate::components::history::{field_label, timeline, value_label};
use crate::components::remote::use_generation;
use crate::components::status::status_badge;
use crate::drafts::{self, use_draft};
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

/// A form value compared as the server stores it (an emptied optional is no value), and shown.
trait FormValue: Clone {
    fn same(&self, other: &Self) -> bool;
    fn shown(&self) -> Option<String>;
}

impl FormValue for String {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn shown(&self) -> Option<String> {
        Some(self.clone()).filter(|v| !v.is_empty())
    }
}

impl FormValue for Option<String> {
    fn same(&self, other: &Self) -> bool {
        self.shown() == other.shown()
    }
    fn shown(&self) -> Option<String> {
        self.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
    }
}

impl FormValue for bool {
    fn same(&self, other: &Self) -> bool {
        self == other
    }
    fn shown(&self) -> Option<String> {
        Some(self.to_string())
    }
}

/// A field both the user and someone else changed: its API name and the other person's value.
type BothChanged = (&'static str, Option<String>);

/// Replays the user's corrections (`mine`, typed over `base`) onto the case as it is now
/// (`theirs`): what the user changed stays as they typed it, everything else is taken from
/// `theirs`. Also returns the fields the other person changed too, to a different value.
fn rebase(base: &NewCase, mine: &NewCase, theirs: &NewCase) -> (NewCase, Vec<BothChanged>) {
    let mut merged = theirs.clone();
    let mut both = Vec::new();
    macro_rules! keep_mine {
        ($($field:ident),+) => {$(
            if !mine.$field.same(&base.$field) {
                if !theirs.$field.same(&base.$field) && !theirs.$field.same(&mine.$field) {
                    both.push((stringify!($field), theirs.$field.shown()));
                }
                merged.$field = mine.$field.clone();
            }
        )+};
    }
    keep_mine!(
        customer_name,
        document_type,
        document_number,
        business_line,
        mobile_plan,
        service_status,
        collection_type,
        reference,
        province,
        landline,
        mobile,
        mobile_confirmed,
        email,
        payment_intent,
        observation
    );
    // A confirmation is of one number: it does not carry over to a number someone else typed.
    if !merged.mobile.same(&mine.mobile) {
        merged.mobile_confirmed = theirs.mobile_confirmed;
    }
    (merged, both)
}

/// A correction in progress: the case as it was when the user began (`base`, at `version`) and the
/// form as typed. Kept as the user's draft of the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Correction {
    version: i64,
    base: NewCase,
    form: NewCase,
}

impl Correction {
    fn of(case: &CaseDto) -> Correction {
        let form = form_of(case);
        Correction { version: case.version, base: form.clone(), form }
    }

    /// Nothing corrected yet: nothing worth keeping.
    fn unchanged(&self) -> bool {
        rebase(&self.base, &self.form, &self.base).0 == self.base
    }

    /// The same corrections over `current`, the case as it is now.
    fn rebased_onto(&self, current: &CaseDto) -> (Correction, Vec<BothChanged>) {
        let theirs = form_of(current);
        let (form, both) = rebase(&self.base, &self.form, &theirs);
        (Correction { version: current.version, base: theirs, form }, both)
    }
}

/// The name of a case's correction draft in storage.
fn correction_draft(case_id: i64) -> AttrValue {
    format!("caso.{case_id}.correccion").into()
}

/// Says that the case changed under the user and what happened to their corrections.
fn rebase_notice(version: i64, both: &[BothChanged]) -> String {
    let mut text = format!(
        "Otra persona modificó este caso mientras usted lo corregía (ahora va en la versión {version}). \
         Sus correcciones se conservaron y se aplicaron sobre los datos actuales: revíselas y guarde de nuevo."
    );
    if !both.is_empty() {
        let fields: Vec<String> = both
            .iter()
            .map(|(field, theirs)| {
                let name = field_label(field).unwrap_or(field);
                let value =
                    theirs.as_deref().map_or_else(|| "vacío".to_owned(), |v| value_label(field, v, &[]));
                format!("{name} (la otra persona dejó «{value}»)")
            })
            .collect();
        text.push_str(&format!(
            " Ambos cambiaron: {}. Se mantiene lo que usted escribió.",
            fields.join("; ")
        ));
    }
    text
}

#[derive(Properties, PartialEq)]
pub struct CaseDetailProps {
    pub id: i64,
}

#[function_component]
pub fn CaseDetailPage(props: &CaseDetailProps) -> Html {
    let session = use_session();
    let api = Api::new(session.clone());
    let user = session.user().cloned();
    let user_id = user.as_ref().map_or(0, |u| u.id);
    let case = use_state(|| None::<CaseDto>);
    let events = use_state(Vec::<CaseEvent>::new);
    let error = use_state(|| None::<String>);
    // A correction left unsaved (reload, ended session) opens again.
    let editing = {
        let name = correction_draft(props.id);
        use_state(move || drafts::load::<Correction>(user_id, &name).is_some())
    };
    let (generation, reload) = use_generation();

    {
        let (api, case, events, error) = (api.clone(), case.clone(), events.clone(), error.clone());
        use_effect_with((props.id, generation), move |(id, _)| {
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
    let may_correct = user.as_ref().is_some_and(|u| {
        shared::rules::may_correct(u.role, u.id == current.created_by.id, current.status).is_ok()
    });
    let start_edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| {
            editing.set(true);
            focus_after_render("#edit-title");
        })
    };
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |()| reload.emit(()))
    };
    let field = |label: &str, value: Html| html! { <><dt>{ label.to_owned() }</dt><dd>{ value }</dd></> };
    let optional = |v: &Option<String>| html! { v.clone().unwrap_or_else(|| "—".to_owned()) };
    let phone = |number: &Option<String>, note: &'static str| match number {
        Some(n) => html! { <><a href={format!("tel:{n}")}>{ format::phone(n) }</a>{ note }</> },
        None => html! { "—" },
    };

    html! {
        <section class="page case-detail" aria-labelledby="case-title">
            <div class="page-head">
                <h1 id="case-title">{ format!("Caso Nº {}", current.id) }</h1>
                { status_badge(current.status) }
            </div>
            if let Some(message) = &*error { <p class="alert error" role="alert">{ message }</p> }
            { for current.warnings.iter().map(|w| html! { <p class="alert warning">{ w }</p> }) }
            if *editing && may_correct {
                <EditCase case={current.clone()} {user_id} api={api.clone()}
                    on_done={Callback::from({
                        let (editing, reload) = (editing.clone(), reload.clone());
                        move |_| { editing.set(false); reload.emit(()); }
                    })}
                    on_stale={refresh.clone()}
                    on_refused={Callback::from({
                        let (editing, error, reload) = (editing.clone(), error.clone(), reload.clone());
                        move |why: String| {
                            error.set(Some(format!("{why} Su corrección no se guardó.")));
                            editing.set(false);
                            reload.emit(());
                        }
                    })}
                    on_cancel={Callback::from({ let editing = editing.clone(); move |_| editing.set(false) })} />
            } else {
                { disclosure(current.collection_type) }
                <dl class="facts">
                    { field("Cliente", html! { current.customer_name.clone() }) }
                    { field("Documento", html! { format!("{} {}", current.document_type.label(), current.document_number) }) }
                    { field("Tipo de cobranza", html! { current.collection_type.label() }) }
                    { field(&current.reference_label, html! { current.reference.clone() }) }
                    { field("Línea de negocio", html! { match current.mobile_plan {
                        Some(plan) => format!("{} ({})", current.business_line.label(), plan.label()),
                        None => current.business_line.label().to_owned(),
                    } }) }
                    { field("Estado del servicio", html! { current.service_status.label() }) }
                    { field("Provincia", html! { current.province.label() }) }
                    { field("Teléfono fijo", phone(&current.landline, "")) }
                    { field("Celular", phone(&current.mobile, if current.mobile_confirmed { " (confirmado)" } else { "" })) }
                    { field("Correo", optional(&current.email)) }
                    { field("Intención de pago", html! { current.payment_intent.label() }) }
                    { field("Observación", optional(&current.observation)) }
                    { field("Registró", html! { format!("{} · {}", current.created_by.full_name, format::date_time(&current.created_at)) }) }
                    { workflow_facts(&current) }
                </dl>
                if may_correct {
                    <button type="button" class="secondary" onclick={start_edit}>{ "Corregir datos" }</button>
                }
            }
            // Always mounted, also while correcting: a comment being typed stays where it is.
            if let Some(user) = &user {
                <WorkflowPanel case={current.clone()} role={user.role} user_id={user.id} api={api.clone()}
                    on_change={refresh} />
            }
            <h2>{ "Historial" }</h2>
            { timeline(&events) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct EditCaseProps {
    /// The case as last read.
    case: CaseDto,
    user_id: i64,
    api: Api,
    on_done: Callback<()>,
    /// The case changed under the correction: read it and its history again.
    on_stale: Callback<()>,
    /// The correction may no longer be made (the case was taken or closed meanwhile): why.
    on_refused: Callback<String>,
    on_cancel: Callback<()>,
}

#[function_component]
fn EditCase(props: &EditCaseProps) -> Html {
    let name = correction_draft(props.case.id);
    let (draft, restored) =
        use_draft(props.user_id, name.clone(), || Correction::of(&props.case), Correction::unchanged);
    let touched = use_state(BTreeSet::<&'static str>::new);
    let submitted = use_state(|| false);
    let server_errors = use_state(FieldErrors::new);
    let failure = use_state(|| None::<String>);
    let notice =
        use_state(|| restored.then(|| "Se recuperó la corrección que estaba escribiendo.".to_owned()));
    let duplicate = use_state(|| None::<CaseDto>);
    let saving = use_state(|| false);

    // A correction kept from before may be older than the case: replay it onto the case as it is.
    {
        let (draft, notice, case) = (draft.clone(), notice.clone(), props.case.clone());
        use_effect_with((), move |()| {
            if draft.version != case.version {
                let (rebased, both) = draft.rebased_onto(&case);
                notice.set(Some(rebase_notice(rebased.version, &both)));
                draft.set(rebased);
            }
        });
    }

    let onchange = {
        let (draft, touched, server_errors) = (draft.clone(), touched.clone(), server_errors.clone());
        Callback::from(move |(field, value): (&'static str, String)| {
            let mut next = (*draft).clone();
            set_field(&mut next.form, field, value);
            draft.set(next);
            note_change(&touched, &server_errors, field);
        })
    };
    let onblur = {
        let touched = touched.clone();
        Callback::from(move |field: &'static str| touch(&touched, field))
    };
    let onconfirm = {
        let (draft, touched) = (draft.clone(), touched.clone());
        Callback::from(move |checked: bool| {
            let mut next = (*draft).clone();
            next.form.mobile_confirmed = checked;
            draft.set(next);
            let mut t = (*touched).clone();
            t.insert("mobile_confirmed");
            touched.set(t);
        })
    };
    let onsubmit = {
        let (draft, submitted, server_errors, failure, notice, duplicate, saving) = (
            draft.clone(),
            submitted.clone(),
            server_errors.clone(),
            failure.clone(),
            notice.clone(),
            duplicate.clone(),
            saving.clone(),
        );
        let (api, id, user_id, name, on_done, on_stale, on_refused) = (
            props.api.clone(),
            props.case.id,
            props.user_id,
            name.clone(),
            props.on_done.clone(),
            props.on_stale.clone(),
            props.on_refused.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *saving {
                return;
            }
            submitted.set(true);
            failure.set(None);
            if validate_case(&draft.form).is_err() {
                gloo_timers::callback::Timeout::new(0, focus_first_error).forget();
                return;
            }
            saving.set(true);
            let sent = (*draft).clone();
            let patch = patch_of(&sent.form, sent.version);
            let (
                api,
                draft,
                server_errors,
                failure,
                notice,
                duplicate,
                saving,
                on_done,
                on_stale,
                on_refused,
                name,
            ) = (
                api.clone(),
                draft.clone(),
                server_errors.clone(),
                failure.clone(),
                notice.clone(),
                duplicate.clone(),
                saving.clone(),
                on_done.clone(),
                on_stale.clone(),
                on_refused.clone(),
                name.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api.patch::<_, CaseDto>(&format!("/api/v1/cases/{id}"), &patch).await {
                    Ok(_) => {
                        drafts::delete(user_id, &name);
                        on_done.emit(());
                        return;
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::Validation => {
                        server_errors.set(body.fields.unwrap_or_default());
                        failure.set(Some(body.message));
                        gloo_timers::callback::Timeout::new(0, focus_first_error).forget();
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::StaleVersion => {
                        match body.current {
                            Some(current) => {
                                let (rebased, both) = sent.rebased_onto(&current);
                                notice.set(Some(rebase_notice(rebased.version, &both)));
                                draft.set(rebased);
                            }
                            None => failure.set(Some(body.message)),
                        }
                        on_stale.emit(());
                        focus_after_render("#edit-notice");
                    }
                    // Taken or closed meanwhile: nobody will save this correction, so it is not
                    // kept as a draft either (it holds the customer's data).
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::Forbidden => {
                        drafts::delete(user_id, &name);
                        on_refused.emit(body.message);
                        return;
                    }
                    Err(ApiFailure::Refused(body)) if body.error == ErrorKind::DuplicateCase => {
                        duplicate.set(body.existing.map(|c| *c));
                        failure.set(Some(body.message));
                        focus_after_render(".edit-case .duplicates a");
                    }
                    Err(other) => failure.set(Some(other.message())),
                }
                saving.set(false);
            });
        })
    };
    let errors = visible_errors(&draft.form, &touched, *submitted, &server_errors);
    let blocking = duplicate.as_ref().filter(|c| collides(c, &draft.form));
    let cancel = {
        let (on_cancel, user_id, name) = (props.on_cancel.clone(), props.user_id, name.clone());
        Callback::from(move |_: MouseEvent| {
            drafts::delete(user_id, &name);
            on_cancel.emit(());
        })
    };
    html! {
        <form class="edit-case" onsubmit={onsubmit} novalidate=true aria-labelledby="edit-title" aria-busy={saving.to_string()}>
            <h2 id="edit-title" tabindex="-1">{ "Corregir datos" }</h2>
            <div aria-live="polite">
                if let Some(text) = &*notice { <p id="edit-notice" class="notice" role="status" tabindex="-1">{ text }</p> }
            </div>
            <fieldset class="plain" disabled={*saving}>
                { case_fields(CaseFieldsProps { form: &draft.form, errors: &errors, onchange: &onchange, onblur: &onblur, onconfirm }) }
            </fieldset>
            <div class="duplicates" aria-live="polite">
                if let Some(case) = blocking { { blocking_case(case) } }
            </div>
            if let Some(text) = &*failure { <p class="alert error" role="alert">{ text }</p> }
            if *submitted && !errors.is_empty() {
                <p class="alert error" role="alert">{ format!("Revise {} campo(s) marcados.", errors.len()) }</p>
            }
            <div class="actions">
                <button type="submit" class="primary" disabled={*saving || blocking.is_some()}>
                    { if *saving { "Guardando…" } else { "Guardar corrección" } }
                </button>
                <button type="button" class="secondary" onclick={cancel} disabled={*saving}>{ "Cancelar" }</button>
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

    fn stored() -> NewCase {
        form_of(&crate::test_support::sample_case())
    }

    #[test]
    fn my_corrections_are_replayed_onto_what_someone_else_saved() {
        let base = stored();
        let mine = NewCase { customer_name: "ANA MARÍA LOOR".into(), ..base.clone() };
        let theirs =
            NewCase {
                observation: Some("Llamó otra vez".into()), province: "GUAYAS".into(), ..base.clone()
            };
        let (merged, both) = rebase(&base, &mine, &theirs);
        assert_eq!(merged.customer_name, "ANA MARÍA LOOR", "mine");
        assert_eq!(merged.observation.as_deref(), Some("Llamó otra vez"), "theirs");
        assert_eq!(merged.province, "GUAYAS", "theirs");
        assert!(both.is_empty());
    }

    #[test]
    fn a_field_both_changed_keeps_mine_and_is_reported() {
        let base = stored();
        let mine = NewCase { landline: Some("02 212 3456".into()), ..base.clone() };
        let theirs = NewCase { landline: Some("072831234".into()), ..base.clone() };
        let (merged, both) = rebase(&base, &mine, &theirs);
        assert_eq!(merged.landline.as_deref(), Some("02 212 3456"));
        assert_eq!(both, [("landline", Some("072831234".to_owned()))]);
        // The same change on both sides is no conflict.
        let (_, both) = rebase(&base, &theirs, &theirs);
        assert!(both.is_empty());
    }

    #[test]
    fn an_emptied_optional_is_a_correction_and_untouched_blank_is_not() {
        let base = NewCase { email: None, ..stored() };
        let typed_and_erased = NewCase { email: Some(String::new()), ..base.clone() };
        let theirs = NewCase { email: Some("ana@gmail.com".into()), ..base.clone() };
        let (merged, both) = rebase(&base, &typed_and_erased, &theirs);
        assert_eq!(merged.email.as_deref(), Some("ana@gmail.com"), "nothing of mine to keep");
        assert!(both.is_empty());
        let correction = Correction { version: 1, base: base.clone(), form: typed_and_erased };
        assert!(correction.unchanged(), "nothing worth a draft");
        let with_email = NewCase { email: Some("ana@gmail.com".into()), ..base.clone() };
        let (merged, _) =
            rebase(&with_email, &NewCase { email: Some(String::new()), ..with_email.clone() }, &with_email);
        assert_eq!(merged.email.as_deref(), Some(""), "emptying a stored email is kept");
    }

    #[test]
    fn a_confirmation_does_not_carry_over_to_someone_elses_number() {
        let base = NewCase { mobile: Some("0991234567".into()), mobile_confirmed: false, ..stored() };
        let mine = NewCase { mobile_confirmed: true, ..base.clone() };
        let theirs = NewCase { mobile: Some("0987654321".into()), ..base.clone() };
        let (merged, _) = rebase(&base, &mine, &theirs);
        assert_eq!(merged.mobile.as_deref(), Some("0987654321"));
        assert!(!merged.mobile_confirmed);
    }

    #[test]
    fn a_rebased_correction_corrects_the_current_version() {
        let case = crate::test_support::sample_case();
        let mut correction = Correction::of(&case);
        assert!(correction.unchanged());
        correction.form.customer_name = "OTRO NOMBRE".into();
        assert!(!correction.unchanged());
        let now = CaseDto { version: case.version + 1, customer_name: "ANA PAOLA".into(), ..case.clone() };
        let (rebased, both) = correction.rebased_onto(&now);
        assert_eq!(rebased.version, now.version);
        assert_eq!(rebased.base.customer_name, "ANA PAOLA");
        assert_eq!(rebased.form.customer_name, "OTRO NOMBRE");
        assert_eq!(both, [("customer_name", Some("ANA PAOLA".to_owned()))]);
        let notice = rebase_notice(rebased.version, &both);
        assert!(notice.contains("versión 2") && notice.contains("Nombre del cliente"), "{notice}");
        assert!(notice.contains("«ANA PAOLA»"), "{notice}");
    }
}
