//! A case's history as people read it: Spanish names of the fields, the labels of the codes the
//! server stores (`EN_GESTION` → "En gestión"), users by name, phones grouped.

use shared::api::{CaseEvent, FieldChange, UserRef};
use shared::document::DocumentType;
use shared::{
    BusinessLine, CaseStatus, CollectionType, MobilePlan, Outcome, PaymentIntent, Province, ServiceStatus,
    ValidationResult,
};
use yew::prelude::*;

use crate::format;

/// The Spanish name of a field as the API names it (the case form's, the workflow's); `None` for
/// a field this version of the app does not know.
pub fn field_label(field: &str) -> Option<&'static str> {
    Some(match field {
        "customer_name" => "Nombre del cliente",
        "document_type" => "Tipo de documento",
        "document_number" => "Número de documento",
        "business_line" => "Línea de negocio",
        "mobile_plan" => "Plan",
        "service_status" => "Estado del servicio",
        "collection_type" => "Tipo de cobranza",
        "reference" => "Referencia (Nº de servicio o DUMMY)",
        "province" => "Provincia",
        "landline" => "Teléfono fijo",
        "mobile" => "Celular",
        "mobile_confirmed" => "Celular confirmado con el cliente",
        "email" => "Correo",
        "payment_intent" => "Intención de pago",
        "observation" => "Observación",
        "status" => "Estado",
        "assigned_to" => "Asignado a",
        "outcome" => "Resultado de la gestión",
        "resolution_note" => "Gestión / motivo",
        "validation_result" => "Validación en back-office",
        "validated_by" => "Validado por",
        "credit_title" => "Título de crédito",
        "measures" => "Medidas cautelares",
        _ => return None,
    })
}

/// A stored value as users say it: the label of a code, a user's name, a grouped phone number.
pub fn value_label(field: &str, value: &str, users: &[UserRef]) -> String {
    fn label<T>(parsed: Option<T>, label: fn(T) -> &'static str) -> Option<String> {
        parsed.map(|v| label(v).to_owned())
    }
    let known = match field {
        "document_type" => label(DocumentType::parse_code(value), DocumentType::label),
        "business_line" => label(BusinessLine::parse_code(value), BusinessLine::label),
        "mobile_plan" => label(MobilePlan::parse_code(value), MobilePlan::label),
        "service_status" => label(ServiceStatus::parse_code(value), ServiceStatus::label),
        "collection_type" => label(CollectionType::parse_code(value), CollectionType::label),
        "province" => label(Province::parse_code(value), Province::label),
        "payment_intent" => label(PaymentIntent::parse_code(value), PaymentIntent::label),
        "status" => label(CaseStatus::parse_code(value), CaseStatus::label),
        "outcome" => label(Outcome::parse_code(value), Outcome::label),
        "validation_result" => label(ValidationResult::parse_code(value), ValidationResult::label),
        "landline" | "mobile" => Some(format::phone(value)),
        "mobile_confirmed" => match value {
            "true" => Some("Sí".to_owned()),
            "false" => Some("No".to_owned()),
            _ => None,
        },
        _ if shared::api::USER_ID_FIELDS.contains(&field) => value.parse::<i64>().ok().map(|id| {
            users
                .iter()
                .find(|u| u.id == id)
                .map_or_else(|| format!("usuario Nº {id}"), |u| u.full_name.clone())
        }),
        _ => None,
    };
    known.unwrap_or_else(|| value.to_owned())
}

fn change(c: &FieldChange, users: &[UserRef]) -> Html {
    let value = |v: &str| value_label(&c.field, v, users);
    html! {
        <li>
            <span class="field-name">{ field_label(&c.field).map_or_else(|| c.field.clone(), str::to_owned) }</span>{ ": " }
            if let Some(old) = &c.old { <del>{ value(old) }</del>{ " → " } }
            <ins>{ c.new.as_deref().map_or_else(|| "(vacío)".to_owned(), value) }</ins>
        </li>
    }
}

/// The timeline: who, when, what changed (old → new), the note or comment.
pub fn timeline(events: &[CaseEvent]) -> Html {
    html! {
        <ol class="timeline">
            { for events.iter().map(|e| html! {
                <li key={e.id}>
                    <p class="when">
                        <strong>{ e.kind.label() }</strong>
                        { format!(" · {} · {}", e.actor.full_name, format::date_time(&e.at)) }
                    </p>
                    if let Some(note) = &e.note { <p class="note">{ note }</p> }
                    if !e.changes.is_empty() {
                        <ul class="changes">{ for e.changes.iter().map(|c| change(c, &e.users)) }</ul>
                    }
                </li>
            }) }
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_codes_are_shown_in_spanish() {
        assert_eq!(field_label("assigned_to"), Some("Asignado a"));
        assert_eq!(field_label("collection_type"), Some("Tipo de cobranza"));
        assert_eq!(field_label("something_new"), None);
        assert_eq!(value_label("status", "EN_GESTION", &[]), "En gestión");
        assert_eq!(value_label("collection_type", "TEMPRANA", &[]), "Cartera temprana");
        assert_eq!(value_label("province", "SANTO_DOMINGO", &[]), "Santo Domingo de los Tsáchilas");
        assert_eq!(value_label("outcome", "NO_CONTACTADO", &[]), "Cliente no contactado");
        assert_eq!(value_label("mobile_confirmed", "true", &[]), "Sí");
        assert_eq!(value_label("landline", "022123456", &[]), "02 212 3456");
        assert_eq!(value_label("customer_name", "ANA LOOR", &[]), "ANA LOOR", "free text as stored");
        assert_eq!(value_label("status", "CERRADO", &[]), "CERRADO", "an unknown code as stored");
    }

    #[test]
    fn users_are_named() {
        let users = [UserRef { id: 12, username: "carmen".into(), full_name: "Carmen Yánez".into() }];
        assert_eq!(value_label("assigned_to", "12", &users), "Carmen Yánez");
        assert_eq!(value_label("validated_by", "12", &users), "Carmen Yánez");
        assert_eq!(value_label("assigned_to", "13", &users), "usuario Nº 13", "not named by the server");
        assert_eq!(value_label("reference", "12", &users), "12", "not a user field");
    }
}
