//! The case log as a spreadsheet: CSV for Excel, in Spanish, safe to open.

use shared::api::{CaseDto, UserRef, ecuador_local};

use crate::error::ApiError;

/// A UTF-8 byte-order mark: without it Excel reads the file as ANSI and mangles the accents.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

pub const HEADERS: [&str; 28] = [
    "Nº caso",
    "Registrado (hora de Ecuador)",
    "Registrado por",
    "Cliente",
    "Tipo de documento",
    "Nº de documento",
    "Línea de negocio",
    "Plan",
    "Estado del servicio",
    "Tipo de cobranza",
    "Referencia",
    "Provincia",
    "Teléfono fijo",
    "Celular",
    "Celular confirmado",
    "Correo",
    "Intención de pago",
    "Observación",
    "Estado",
    "Asignado a",
    "Validación",
    "Título de crédito",
    "Medidas cautelares",
    "Validado por",
    "Validado (hora de Ecuador)",
    "Resultado",
    "Nota de cierre",
    "Cerrado (hora de Ecuador)",
];

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a leading tab or carriage
/// return) gets a leading `'`, so that typed text stays text (CSV injection).
pub fn neutralise(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell }
}

fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    ecuador_local(at).format("%Y-%m-%d %H:%M").to_string()
}

fn person(user: &UserRef) -> String {
    format!("{} ({})", user.full_name, user.username)
}

/// One case as a row under [`HEADERS`]; enumerations by their Spanish labels.
pub fn row(case: &CaseDto) -> [String; 28] {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let validation = case.validation.as_ref();
    [
        case.id.to_string(),
        local_time(case.created_at),
        person(&case.created_by),
        case.customer_name.clone(),
        case.document_type.label().to_owned(),
        case.document_number.clone(),
        case.business_line.label().to_owned(),
        case.mobile_plan.map(|p| p.label().to_owned()).unwrap_or_default(),
        case.service_status.label().to_owned(),
        case.collection_type.label().to_owned(),
        case.reference.clone(),
        case.province.label().to_owned(),
        text(&case.landline),
        text(&case.mobile),
        if case.mobile_confirmed { "Sí" } else { "No" }.to_owned(),
        text(&case.email),
        case.payment_intent.label().to_owned(),
        text(&case.observation),
        case.status.label().to_owned(),
        case.assigned_to.as_ref().map(person).unwrap_or_default(),
        match (validation, case.awaiting_validation) {
            (Some(v), _) => v.result.label().to_owned(),
            (None, true) => "Pendiente".to_owned(),
            (None, false) => String::new(),
        },
        validation.and_then(|v| v.credit_title.clone()).unwrap_or_default(),
        validation.and_then(|v| v.measures.clone()).unwrap_or_default(),
        validation.map(|v| person(&v.validated_by)).unwrap_or_default(),
        validation.map(|v| local_time(v.validated_at)).unwrap_or_default(),
        case.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
        text(&case.resolution_note),
        case.closed_at.map(local_time).unwrap_or_default(),
    ]
    .map(neutralise)
}

/// CSV bytes of some cases, after the BOM and header when `first`.
pub fn chunk(cases: &[CaseDto], first: bool) -> Result<Vec<u8>, ApiError> {
    let fail = |e: csv::Error| ApiError::internal(format!("csv: {e}"));
    let mut out = Vec::new();
    if first {
        out.extend_from_slice(BOM);
    }
    let mut writer = csv::Writer::from_writer(out);
    if first {
        writer.write_record(HEADERS).map_err(fail)?;
    }
    for case in cases {
        writer.write_record(row(case)).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| ApiError::internal(format!("csv: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_text_is_kept() {
        for risky in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(risky.to_owned()), format!("'{risky}"));
        }
        for safe in ["022123456", "Cliente llama", "", "a=b"] {
            assert_eq!(neutralise(safe.to_owned()), safe);
        }
    }

    #[test]
    fn the_first_chunk_starts_with_the_bom_and_the_headers() {
        let bytes = chunk(&[], true).unwrap_or_default();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap_or_default();
        assert!(text.starts_with("Nº caso,Registrado (hora de Ecuador),"));
        assert_eq!(chunk(&[], false).unwrap_or_default(), Vec::<u8>::new());
    }
}
