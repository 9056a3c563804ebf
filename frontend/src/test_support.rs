//! Values for the unit tests of the screens' logic.

use shared::api::CaseDto;
use shared::document::DocumentType;
use shared::{BusinessLine, CollectionType, PaymentIntent, Province, ServiceStatus};

/// A case as the API returns it, to change field by field in a test.
pub fn sample_case() -> CaseDto {
    use shared::api::{Disclosure, UserRef};
    let user = UserRef { id: 1, username: "ana".into(), full_name: "Ana".into() };
    CaseDto {
        id: 1,
        customer_name: "ANA".into(),
        document_type: DocumentType::Cedula,
        document_number: "1710034065".into(),
        business_line: BusinessLine::TvSatelital,
        mobile_plan: None,
        service_status: ServiceStatus::Retirado,
        collection_type: CollectionType::Coactiva,
        reference: "DMY1".into(),
        reference_label: "DUMMY".into(),
        province: Province::Azuay,
        landline: None,
        mobile: None,
        mobile_confirmed: false,
        email: None,
        payment_intent: PaymentIntent::Total,
        observation: None,
        status: shared::CaseStatus::Pendiente,
        created_by: user,
        created_at: chrono::DateTime::default(),
        updated_at: chrono::DateTime::default(),
        version: 1,
        warnings: Vec::new(),
        disclosure: Disclosure { may_disclose_amount: false, script: String::new() },
        assigned_to: None,
        validation: None,
        awaiting_validation: false,
        outcome: None,
        resolution_note: None,
        closed_at: None,
    }
}
