//! The case form: what the agent types, and the one function that turns it into a valid case or
//! tells, field by field and in Spanish, everything that is wrong with it.

use serde::{Deserialize, Serialize};

use crate::contact::{Landline, MobileNumber, PersonalEmail};
use crate::document::{DocumentType, IdentityDocument};
use crate::enums::{
    BusinessLine, CaseStatus, CollectionType, MobilePlan, PaymentIntent, Province, ServiceStatus,
};
use crate::error::{FieldErrors, add_field_error};
use crate::rules::{INITIAL_STATUS, check_eligibility};
use crate::text::{CustomerName, OBSERVATION_MAX_CHARS, Reference, TextError, bounded_text};

/// A new case as typed. Every field is read as text so that one request reports every invalid
/// field at once, wrong enumeration codes included; missing fields count as empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct NewCase {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub customer_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = DocumentType, required = true))]
    pub document_type: String,
    /// Cédula (10 digits), RUC (13 digits) or passport.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub document_number: String,
    #[cfg_attr(feature = "openapi", schema(value_type = BusinessLine, required = true))]
    pub business_line: String,
    /// Only for `MOVIL`, and required there.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MobilePlan>))]
    pub mobile_plan: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = ServiceStatus, required = true))]
    pub service_status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = CollectionType, required = true))]
    pub collection_type: String,
    /// Service number (TEMPRANA, DIFERIDO_ANTICIPADO) or DUMMY (EXTRAJUDICIAL, COACTIVA).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub reference: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Province, required = true))]
    pub province: String,
    /// Landline with area code, as typed (`02 212 3456`, `(02) 2123456`, `+593 2 212 3456`).
    pub landline: Option<String>,
    /// Mobile, as typed (`099 123 4567`, `+593 99 123 4567`).
    pub mobile: Option<String>,
    /// The agent read the mobile back to the customer and they confirmed it.
    pub mobile_confirmed: bool,
    /// The customer's personal e-mail (not CNT's).
    pub email: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = PaymentIntent, required = true))]
    pub payment_intent: String,
    pub observation: Option<String>,
    /// Optional; a new case is always `PENDIENTE`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CaseStatus>))]
    pub status: Option<String>,
}

/// Corrections to a case: absent fields stay as they are; an empty string clears an optional
/// field (landline, mobile, email, mobile plan, observation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CasePatch {
    /// The `version` of the case being corrected; a stale one is refused with 409.
    pub version: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DocumentType>))]
    pub document_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<BusinessLine>))]
    pub business_line: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MobilePlan>))]
    pub mobile_plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ServiceStatus>))]
    pub service_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CollectionType>))]
    pub collection_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Province>))]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_confirmed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PaymentIntent>))]
    pub payment_intent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observation: Option<String>,
}

impl CasePatch {
    /// The form as it would be after the corrections.
    pub fn apply_to(&self, form: &NewCase) -> NewCase {
        fn set(target: &mut String, value: &Option<String>) {
            if let Some(v) = value {
                v.clone_into(target);
            }
        }
        fn set_optional(target: &mut Option<String>, value: &Option<String>) {
            if let Some(v) = value {
                *target = Some(v.clone());
            }
        }
        let mut next = form.clone();
        set(&mut next.customer_name, &self.customer_name);
        set(&mut next.document_type, &self.document_type);
        set(&mut next.document_number, &self.document_number);
        set(&mut next.business_line, &self.business_line);
        set_optional(&mut next.mobile_plan, &self.mobile_plan);
        set(&mut next.service_status, &self.service_status);
        set(&mut next.collection_type, &self.collection_type);
        set(&mut next.reference, &self.reference);
        set(&mut next.province, &self.province);
        set_optional(&mut next.landline, &self.landline);
        set_optional(&mut next.mobile, &self.mobile);
        match self.mobile_confirmed {
            Some(confirmed) => next.mobile_confirmed = confirmed,
            // A new number has not been read back to the customer: the old tick does not cover it.
            None if !same_mobile(form.mobile.as_deref(), next.mobile.as_deref()) => {
                next.mobile_confirmed = false;
            }
            None => {}
        }
        set_optional(&mut next.email, &self.email);
        set(&mut next.payment_intent, &self.payment_intent);
        set_optional(&mut next.observation, &self.observation);
        next
    }
}

/// Whether two typed mobiles are the same number (`099 123 4567` and `+593991234567` are).
fn same_mobile(old: Option<&str>, new: Option<&str>) -> bool {
    let canonical = |raw: Option<&str>| {
        let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
        Some(MobileNumber::parse(raw).map_or_else(|_| raw.to_owned(), |m| m.as_str().to_owned()))
    };
    canonical(old) == canonical(new)
}

/// A case form that satisfies every rule of the domain.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCase {
    pub customer_name: CustomerName,
    pub document: IdentityDocument,
    pub business_line: BusinessLine,
    pub mobile_plan: Option<MobilePlan>,
    pub service_status: ServiceStatus,
    pub collection_type: CollectionType,
    pub reference: Reference,
    pub province: Province,
    pub landline: Option<Landline>,
    pub mobile: Option<MobileNumber>,
    pub mobile_confirmed: bool,
    pub email: Option<PersonalEmail>,
    pub payment_intent: PaymentIntent,
    pub observation: Option<String>,
    pub status: CaseStatus,
    /// Non-blocking notices (e.g. a company RUC whose published checksum fails).
    pub warnings: Vec<String>,
}

fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Collects the errors of one form, field by field.
struct Checker {
    errors: FieldErrors,
}

impl Checker {
    fn error(&mut self, field: &str, message: impl Into<String>) {
        add_field_error(&mut self.errors, field, message);
    }

    fn check<T, E: std::fmt::Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        result.map_err(|e| self.error(field, e.to_string())).ok()
    }

    /// A required enumeration typed as its code.
    fn code<T>(&mut self, field: &str, raw: &str, parse: fn(&str) -> Option<T>, all: &[&str]) -> Option<T> {
        if raw.trim().is_empty() {
            self.error(field, "Seleccione una opción.");
            return None;
        }
        let parsed = parse(raw);
        if parsed.is_none() {
            self.error(
                field,
                format!("«{}» no es una opción válida. Use una de: {}.", raw.trim(), all.join(", ")),
            );
        }
        parsed
    }
}

fn codes<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().copied().map(as_str).collect()
}

/// Validates a whole case form, reporting every invalid field at once.
pub fn validate_case(form: &NewCase) -> Result<ValidCase, FieldErrors> {
    let mut c = Checker { errors: FieldErrors::new() };

    let customer_name = c.check("customer_name", CustomerName::parse(&form.customer_name));
    let document_type = c.code(
        "document_type",
        &form.document_type,
        DocumentType::parse_code,
        &codes(&DocumentType::ALL, DocumentType::as_str),
    );
    let document = match document_type {
        Some(doc_type) => {
            c.check("document_number", IdentityDocument::parse(doc_type, &form.document_number))
        }
        None => None,
    };
    let business_line = c.code(
        "business_line",
        &form.business_line,
        BusinessLine::parse_code,
        &codes(BusinessLine::ALL, BusinessLine::as_str),
    );
    let mobile_plan = match (business_line, blank(&form.mobile_plan)) {
        (Some(BusinessLine::Movil), None) => {
            c.error("mobile_plan", "Indique si la línea móvil es prepago o pospago.");
            None
        }
        (Some(BusinessLine::Movil), Some(raw)) => {
            c.code("mobile_plan", raw, MobilePlan::parse_code, &codes(MobilePlan::ALL, MobilePlan::as_str))
        }
        (Some(_), Some(_)) => {
            c.error("mobile_plan", "El plan solo aplica a servicios móviles; déjelo vacío.");
            None
        }
        (_, _) => None,
    };
    let service_status = c.code(
        "service_status",
        &form.service_status,
        ServiceStatus::parse_code,
        &codes(ServiceStatus::ALL, ServiceStatus::as_str),
    );
    let collection_type = c.code(
        "collection_type",
        &form.collection_type,
        CollectionType::parse_code,
        &codes(CollectionType::ALL, CollectionType::as_str),
    );
    let reference = match Reference::parse(&form.reference) {
        Ok(reference) => Some(reference),
        Err(e) => {
            let label = collection_type.map_or("La referencia", |ct| match ct.reference_kind() {
                crate::rules::ReferenceKind::ServiceNumber => "El número de servicio",
                crate::rules::ReferenceKind::Dummy => "El DUMMY",
            });
            let message = match e {
                TextError::Required => format!("{label} es obligatorio."),
                other => format!("{label}: {other}"),
            };
            c.error("reference", message);
            None
        }
    };
    let province =
        c.code("province", &form.province, Province::parse_code, &codes(Province::ALL, Province::as_str));
    let landline = blank(&form.landline).and_then(|raw| c.check("landline", Landline::parse(raw)));
    let mobile = blank(&form.mobile).and_then(|raw| c.check("mobile", MobileNumber::parse(raw)));
    if blank(&form.landline).is_none() && blank(&form.mobile).is_none() {
        let message = "Registre al menos un teléfono de contacto: fijo o celular.";
        c.error("landline", message);
        c.error("mobile", message);
    }
    if mobile.is_some() && !form.mobile_confirmed {
        c.error("mobile_confirmed", "Confirme el número celular con el cliente y marque la casilla.");
    }
    let email = blank(&form.email).and_then(|raw| c.check("email", PersonalEmail::parse(raw)));
    let payment_intent = c.code(
        "payment_intent",
        &form.payment_intent,
        PaymentIntent::parse_code,
        &codes(PaymentIntent::ALL, PaymentIntent::as_str),
    );
    let observation = c.check(
        "observation",
        bounded_text(form.observation.as_deref().unwrap_or_default(), OBSERVATION_MAX_CHARS),
    );
    let status = match blank(&form.status) {
        None => Some(INITIAL_STATUS),
        Some(raw) => match CaseStatus::parse_code(raw) {
            Some(INITIAL_STATUS) => Some(INITIAL_STATUS),
            _ => {
                c.error("status", "Todo caso nuevo se registra en estado PENDIENTE.");
                None
            }
        },
    };

    if let (Some(ct), Some(state)) = (collection_type, service_status) {
        for v in check_eligibility(ct, business_line, mobile_plan, state) {
            c.error(v.field, v.message);
        }
    }

    match (
        customer_name,
        document,
        business_line,
        service_status,
        collection_type,
        reference,
        province,
        payment_intent,
        observation,
        status,
    ) {
        (
            Some(customer_name),
            Some(document),
            Some(business_line),
            Some(service_status),
            Some(collection_type),
            Some(reference),
            Some(province),
            Some(payment_intent),
            Some(observation),
            Some(status),
        ) if c.errors.is_empty() => {
            let warnings = document.warnings();
            Ok(ValidCase {
                customer_name,
                document,
                business_line,
                mobile_plan,
                service_status,
                collection_type,
                reference,
                province,
                landline,
                // The tick confirms a number: without one there is nothing confirmed.
                mobile_confirmed: form.mobile_confirmed && mobile.is_some(),
                mobile,
                email,
                payment_intent,
                observation,
                status,
                warnings,
            })
        }
        _ => Err(c.errors),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    pub(crate) fn temprana() -> NewCase {
        NewCase {
            customer_name: "María Fernanda Pérez".into(),
            document_type: "CEDULA".into(),
            document_number: "1710034065".into(),
            business_line: "TELEFONIA_FIJA".into(),
            mobile_plan: None,
            service_status: "CONECTADO".into(),
            collection_type: "TEMPRANA".into(),
            reference: "02 212-3456".into(),
            province: "PICHINCHA".into(),
            landline: Some("(02) 212-3456".into()),
            mobile: Some("099 123 4567".into()),
            mobile_confirmed: true,
            email: Some("maria.perez@gmail.com".into()),
            payment_intent: "TOTAL".into(),
            observation: Some("  Llama desde el trabajo ".into()),
            status: None,
        }
    }

    fn fields(form: &NewCase) -> Vec<String> {
        validate_case(form).unwrap_err().into_keys().collect()
    }

    #[test]
    fn a_good_form_is_normalised() {
        let case = validate_case(&temprana()).unwrap();
        assert_eq!(case.customer_name.as_str(), "MARÍA FERNANDA PÉREZ");
        assert_eq!(case.reference.as_str(), "022123456");
        assert_eq!(case.landline.unwrap().as_str(), "022123456");
        assert_eq!(case.mobile.unwrap().as_str(), "0991234567");
        assert_eq!(case.observation.as_deref(), Some("Llama desde el trabajo"));
        assert_eq!(case.status, CaseStatus::Pendiente);
        assert!(case.warnings.is_empty());
    }

    #[test]
    fn an_empty_form_reports_every_required_field() {
        let errors = validate_case(&NewCase::default()).unwrap_err();
        for field in [
            "customer_name",
            "document_type",
            "business_line",
            "service_status",
            "collection_type",
            "reference",
            "province",
            "landline",
            "mobile",
            "payment_intent",
        ] {
            assert!(errors.contains_key(field), "{field} missing in {errors:?}");
        }
    }

    #[test]
    fn wrong_codes_name_the_valid_options() {
        let mut form = temprana();
        form.collection_type = "JUDICIAL".into();
        let errors = validate_case(&form).unwrap_err();
        assert!(errors["collection_type"][0].contains("TEMPRANA, EXTRAJUDICIAL, COACTIVA"));
    }

    #[test]
    fn an_unconfirmed_mobile_is_refused() {
        let mut form = temprana();
        form.mobile_confirmed = false;
        assert_eq!(fields(&form), ["mobile_confirmed"]);
    }

    #[test]
    fn one_contact_is_enough_and_none_is_refused() {
        let mut form = temprana();
        form.mobile = None;
        form.mobile_confirmed = false;
        assert!(validate_case(&form).is_ok());
        form.landline = Some("  ".into());
        assert_eq!(fields(&form), ["landline", "mobile"]);
    }

    #[test]
    fn the_plan_goes_with_mobile_lines_only() {
        let mut form = temprana();
        form.mobile_plan = Some("POSPAGO".into());
        assert_eq!(fields(&form), ["mobile_plan"]);
        form.business_line = "MOVIL".into();
        assert!(validate_case(&form).is_ok());
        form.mobile_plan = None;
        assert_eq!(fields(&form), ["mobile_plan"]);
    }

    #[test]
    fn eligibility_rules_are_field_errors() {
        let mut form = temprana();
        form.collection_type = "COACTIVA".into();
        assert_eq!(fields(&form), ["service_status"]);
        form.collection_type = "DIFERIDO_ANTICIPADO".into();
        form.business_line = "MOVIL".into();
        form.mobile_plan = Some("PREPAGO".into());
        assert_eq!(fields(&form), ["mobile_plan"]);
    }

    #[test]
    fn a_new_case_starts_pendiente() {
        let mut form = temprana();
        form.status = Some("PENDIENTE".into());
        assert!(validate_case(&form).is_ok());
        form.status = Some("RESUELTO".into());
        assert_eq!(fields(&form), ["status"]);
    }

    #[test]
    fn the_reference_error_names_what_the_reference_is() {
        let mut form = temprana();
        form.reference = String::new();
        assert_eq!(validate_case(&form).unwrap_err()["reference"], ["El número de servicio es obligatorio."]);
        form.collection_type = "EXTRAJUDICIAL".into();
        form.service_status = "RETIRADO".into();
        assert_eq!(validate_case(&form).unwrap_err()["reference"], ["El DUMMY es obligatorio."]);
    }

    #[test]
    fn a_patch_overrides_only_what_it_carries_and_empty_clears() {
        let base = temprana();
        let patch = CasePatch {
            version: 1,
            customer_name: Some("Otro Nombre".into()),
            email: Some(String::new()),
            ..CasePatch::default()
        };
        let next = patch.apply_to(&base);
        assert_eq!(next.customer_name, "Otro Nombre");
        assert_eq!(next.document_number, base.document_number);
        let valid = validate_case(&next).unwrap();
        assert!(valid.email.is_none());
    }

    #[test]
    fn a_new_mobile_needs_a_new_confirmation() {
        let base = temprana();
        let new_number =
            CasePatch { version: 1, mobile: Some("098 765 4321".into()), ..CasePatch::default() };
        assert_eq!(fields(&new_number.apply_to(&base)), ["mobile_confirmed"]);
        let confirmed = CasePatch { mobile_confirmed: Some(true), ..new_number };
        assert!(validate_case(&confirmed.apply_to(&base)).is_ok());
        // The same number written another way is not a new number.
        let same = CasePatch { version: 1, mobile: Some("+593 99 123 4567".into()), ..CasePatch::default() };
        assert!(same.apply_to(&base).mobile_confirmed);
    }

    #[test]
    fn without_a_mobile_nothing_is_stored_as_confirmed() {
        let mut form = temprana();
        form.mobile = None;
        assert!(!validate_case(&form).unwrap().mobile_confirmed);
    }

    #[test]
    fn codes_ignore_case_and_surrounding_spaces() {
        let mut form = temprana();
        form.document_type = " cedula ".into();
        form.collection_type = "temprana ".into();
        assert!(validate_case(&form).is_ok());
    }
}
