//! The fields of the case form, shared by "Nuevo caso" and corrections. The form adapts to the
//! choices: the reference is labelled by collection type, the plan appears only for mobile lines,
//! and the amount-disclosure script for the type is shown as the sentence to read.

use std::collections::BTreeSet;

use shared::api::{CaseDto, NewCase};
use shared::document::{DocumentType, IdentityDocument};
use shared::form::validate_case;
use shared::text::{OBSERVATION_MAX_CHARS, normalize_reference};
use shared::{BusinessLine, CollectionType, FieldErrors, MobilePlan, PaymentIntent, Province, ServiceStatus};
use yew::prelude::*;

use crate::components::field::{Field, InputOptions, checkbox, choices, select, text_area, text_input};

fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| v.trim().is_empty())
}

/// The errors to show now: those of the fields the agent has left, or all of them after
/// "Guardar"; and the server's (422) for fields not edited since.
pub fn visible_errors(
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
    // "At least one phone" is only wrong once the agent has also passed the mobile, the second
    // of the two: leaving the landline empty is how one registers a mobile only.
    if !submitted && !touched.contains("mobile") && blank(&form.landline) && blank(&form.mobile) {
        errors.remove("landline");
    }
    for (field, messages) in server {
        errors.entry(field.clone()).or_insert_with(|| messages.clone());
    }
    errors
}

/// Whether `case` is the open case that a save of `form` would collide with: the same collection
/// type and the same reference once normalised, as the server compares them.
pub fn collides(case: &CaseDto, form: &NewCase) -> bool {
    CollectionType::parse_code(&form.collection_type) == Some(case.collection_type)
        && normalize_reference(&form.reference) == case.reference
}

/// The open case a save would collide with: its number, customer, status and a link to it.
pub fn blocking_case(case: &CaseDto) -> Html {
    html! {
        <div class="alert error" role="alert">
            <p><strong>{ "Ya existe un caso abierto con esta referencia y tipo de cobranza: no se puede registrar otro." }</strong></p>
            <p>
                <a href={crate::route::case_path(case.id)}>{ format!("Caso Nº {}", case.id) }</a>
                { format!(" — {} · {} · {}", case.customer_name, case.status.label(), crate::format::date_time(&case.created_at)) }
            </p>
            <p class="hint">{ "Cambie la referencia o el tipo de cobranza si se trata de otra deuda." }</p>
        </div>
    }
}

/// The non-blocking notes on the document as typed (a company RUC whose published checksum
/// fails), from the same parser the server runs.
pub fn document_warnings(form: &NewCase) -> Vec<String> {
    DocumentType::parse_code(&form.document_type)
        .and_then(|doc_type| IdentityDocument::parse(doc_type, &form.document_number).ok())
        .map(|document| document.warnings())
        .unwrap_or_default()
}

/// The bookkeeping of a case form besides its values: which fields the user has left, and the
/// server's last field errors (422).
pub type Touched = UseStateHandle<BTreeSet<&'static str>>;

/// Records a change of `field`: a choice counts as left as soon as it is made (a text field when
/// the user moves on, see [`touch`]), and the server's error for the field no longer applies.
pub fn note_change(touched: &Touched, server_errors: &UseStateHandle<FieldErrors>, field: &'static str) {
    let typed = matches!(
        field,
        "customer_name" | "document_number" | "reference" | "landline" | "mobile" | "email" | "observation"
    );
    if !typed {
        touch(touched, field);
    }
    if server_errors.contains_key(field) {
        let mut s = (**server_errors).clone();
        s.remove(field);
        server_errors.set(s);
    }
}

/// Marks `field` as left, so that its errors show.
pub fn touch(touched: &Touched, field: &'static str) {
    if !touched.contains(field) {
        let mut t = (**touched).clone();
        t.insert(field);
        touched.set(t);
    }
}

/// Sets one field of the form by its API name, keeping the form consistent.
pub fn set_field(form: &mut NewCase, field: &str, value: String) {
    match field {
        "customer_name" => form.customer_name = value,
        "document_type" => form.document_type = value,
        "document_number" => form.document_number = value,
        "business_line" => {
            if BusinessLine::parse_code(&value) != Some(BusinessLine::Movil) {
                form.mobile_plan = None;
            }
            form.business_line = value;
        }
        "mobile_plan" => form.mobile_plan = Some(value).filter(|v| !v.is_empty()),
        "service_status" => form.service_status = value,
        "collection_type" => form.collection_type = value,
        "reference" => form.reference = value,
        "province" => form.province = value,
        "landline" => form.landline = Some(value),
        "mobile" => {
            // A changed number must be confirmed again with the customer.
            if form.mobile.as_deref() != Some(value.as_str()) {
                form.mobile_confirmed = false;
            }
            form.mobile = Some(value);
        }
        "email" => form.email = Some(value),
        "payment_intent" => form.payment_intent = value,
        "observation" => form.observation = Some(value),
        _ => {}
    }
}

/// What the case form shows and where its changes go.
pub struct CaseFieldsProps<'a> {
    pub form: &'a NewCase,
    /// The errors to show now (the screen decides which fields were touched).
    pub errors: &'a FieldErrors,
    pub onchange: &'a Callback<(&'static str, String)>,
    pub onblur: &'a Callback<&'static str>,
    pub onconfirm: Callback<bool>,
}

/// The fields of the case form (a function, not a component: it holds no state).
pub fn case_fields(props: CaseFieldsProps<'_>) -> Html {
    let form = props.form;
    let field = |id: &'static str, label: &'static str| {
        Field::new(id, label)
            .errors(props.errors.get(id).cloned().unwrap_or_default())
            .onblur(props.onblur.reform(move |_: ()| id))
    };
    let input = |id: &'static str| props.onchange.reform(move |v: String| (id, v));
    let off = || InputOptions { autocomplete: Some("off"), ..InputOptions::default() };
    let phone = || InputOptions { input_type: Some("tel"), inputmode: Some("tel"), ..off() };
    let collection_type = CollectionType::parse_code(&form.collection_type);
    let is_mobile = BusinessLine::parse_code(&form.business_line) == Some(BusinessLine::Movil);
    let reference_label = collection_type.map_or("Nº de servicio o DUMMY", |ct| ct.reference_kind().label());
    let reference_hint = match collection_type.map(CollectionType::reference_kind) {
        Some(shared::rules::ReferenceKind::Dummy) => "La cuenta DUMMY de FOES a la que pertenece la deuda.",
        Some(shared::rules::ReferenceKind::ServiceNumber) => "El número del servicio con la deuda.",
        None => "Elija primero el tipo de cobranza.",
    };
    let document =
        field("document_number", "Número de documento").required().warnings(document_warnings(form));
    let document = match DocumentType::parse_code(&form.document_type) {
        Some(DocumentType::Cedula) => document.hint("10 dígitos."),
        Some(DocumentType::Ruc) => document.hint("13 dígitos."),
        Some(DocumentType::Pasaporte) => document.hint("Letras y dígitos."),
        None => document,
    };
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());
    let pick = Some("Seleccione…");

    html! {
        <>
            <fieldset>
                <legend>{ "Deuda" }</legend>
                <div class="grid">
                    { select(field("collection_type", "Tipo de cobranza").required(), &form.collection_type,
                        &choices(CollectionType::ALL, CollectionType::as_str, CollectionType::label), pick, input("collection_type")) }
                    { select(field("business_line", "Línea de negocio").required(), &form.business_line,
                        &choices(BusinessLine::ALL, BusinessLine::as_str, BusinessLine::label), pick, input("business_line")) }
                    if is_mobile {
                        { select(field("mobile_plan", "Plan").required(), form.mobile_plan.as_deref().unwrap_or_default(),
                            &choices(MobilePlan::ALL, MobilePlan::as_str, MobilePlan::label), pick, input("mobile_plan")) }
                    }
                    { select(field("service_status", "Estado del servicio").required(), &form.service_status,
                        &choices(ServiceStatus::ALL, ServiceStatus::as_str, ServiceStatus::label), pick, input("service_status")) }
                    { text_input(field("reference", reference_label).required().hint(reference_hint),
                        form.reference.clone().into(), input("reference"),
                        off()) }
                    { select(field("payment_intent", "Intención de pago").required(), &form.payment_intent,
                        &choices(PaymentIntent::ALL, PaymentIntent::as_str, PaymentIntent::label), pick, input("payment_intent")) }
                </div>
                if let Some(ct) = collection_type { { disclosure(ct) } }
            </fieldset>
            <fieldset>
                <legend>{ "Cliente" }</legend>
                <div class="grid">
                    { text_input(field("customer_name", "Nombre del cliente").required(),
                        form.customer_name.clone().into(), input("customer_name"), off()) }
                    { select(field("document_type", "Tipo de documento").required(), &form.document_type,
                        &choices(&DocumentType::ALL, DocumentType::as_str, DocumentType::label), pick, input("document_type")) }
                    { text_input(document, form.document_number.clone().into(), input("document_number"), off()) }
                    { select(field("province", "Provincia").required(), &form.province,
                        &choices(Province::ALL, Province::as_str, Province::label), pick, input("province")) }
                </div>
            </fieldset>
            <fieldset>
                <legend>{ "Contacto" }</legend>
                <p class="hint">{ "Registre al menos un teléfono: fijo o celular." }</p>
                <div class="grid">
                    { text_input(field("landline", "Teléfono fijo (con código de provincia)").hint("Ej.: 02 212 3456"),
                        text(&form.landline), input("landline"), phone()) }
                    { text_input(field("mobile", "Celular").hint("Ej.: 099 123 4567"),
                        text(&form.mobile), input("mobile"), phone()) }
                    { checkbox(field("mobile_confirmed", "Leí el celular al cliente y lo confirmó"),
                        form.mobile_confirmed, props.onconfirm.clone()) }
                    { text_input(field("email", "Correo personal del cliente"), text(&form.email), input("email"),
                        InputOptions { input_type: Some("email"), ..off() }) }
                </div>
            </fieldset>
            { text_area(field("observation", "Observación"), text(&form.observation), OBSERVATION_MAX_CHARS,
                input("observation")) }
        </>
    }
}

/// The sentence to read to the customer about the amount owed.
pub fn disclosure(collection_type: CollectionType) -> Html {
    let rule = collection_type.disclosure();
    let class = if rule.may_disclose_amount { "script may-tell" } else { "script do-not-tell" };
    html! {
        <div class={class} role="note" aria-label="Guion para el cliente">
            <strong>{ if rule.may_disclose_amount { "Puede informar el valor." } else { "No informe el valor." } }</strong>
            { " Lea al cliente: " }<q>{ rule.script }</q>
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

    #[test]
    fn no_phone_is_an_error_only_once_the_mobile_was_passed_too() {
        let form = NewCase::default();
        let landline_left = BTreeSet::from(["landline"]);
        assert!(!visible_errors(&form, &landline_left, false, &FieldErrors::new()).contains_key("landline"));
        let both_left = BTreeSet::from(["landline", "mobile"]);
        let errors = visible_errors(&form, &both_left, false, &FieldErrors::new());
        assert!(errors.contains_key("landline") && errors.contains_key("mobile"), "{errors:?}");
        assert!(visible_errors(&form, &BTreeSet::new(), true, &FieldErrors::new()).contains_key("landline"));
        // A wrong landline is wrong at once.
        let typed = NewCase { landline: Some("2123456".into()), ..NewCase::default() };
        assert!(visible_errors(&typed, &landline_left, false, &FieldErrors::new()).contains_key("landline"));
    }

    #[test]
    fn a_case_collides_on_the_normalised_reference_and_the_type() {
        let open = CaseDto {
            reference: "DMY555".into(),
            collection_type: CollectionType::Coactiva,
            ..crate::test_support::sample_case()
        };
        let form = |ct: &str, reference: &str| NewCase {
            collection_type: ct.into(),
            reference: reference.into(),
            ..NewCase::default()
        };
        assert!(collides(&open, &form("COACTIVA", "dmy-555")));
        assert!(collides(&open, &form("coactiva", " DMY 555 ")));
        assert!(!collides(&open, &form("EXTRAJUDICIAL", "DMY555")), "another type");
        assert!(!collides(&open, &form("COACTIVA", "DMY5556")), "another reference");
        assert!(!collides(&open, &form("", "DMY555")), "no type yet");
    }

    #[test]
    fn a_company_ruc_with_a_failed_checksum_is_a_warning_while_typing() {
        let ruc = |number: &str| NewCase {
            document_type: "RUC".into(),
            document_number: number.into(),
            ..NewCase::default()
        };
        assert!(document_warnings(&ruc("1790011674001")).is_empty(), "checksum passes");
        let warned = document_warnings(&ruc("1790011675001"));
        assert_eq!(warned.len(), 1);
        assert!(warned[0].contains("confirme el número con el cliente"), "{warned:?}");
        assert!(document_warnings(&ruc("17900116")).is_empty(), "not a RUC yet: the error says so");
    }

    #[test]
    fn leaving_the_mobile_line_drops_the_plan() {
        let mut form = NewCase::default();
        set_field(&mut form, "business_line", "MOVIL".into());
        set_field(&mut form, "mobile_plan", "POSPAGO".into());
        assert_eq!(form.mobile_plan.as_deref(), Some("POSPAGO"));
        set_field(&mut form, "business_line", "INTERNET_FIJO".into());
        assert_eq!(form.mobile_plan, None);
    }

    #[test]
    fn a_changed_mobile_must_be_confirmed_again() {
        let mut form =
            NewCase { mobile: Some("0991234567".into()), mobile_confirmed: true, ..NewCase::default() };
        set_field(&mut form, "mobile", "0991234567".into());
        assert!(form.mobile_confirmed, "the same number stays confirmed");
        set_field(&mut form, "mobile", "0987654321".into());
        assert!(!form.mobile_confirmed);
    }
}
