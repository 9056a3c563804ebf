//! The business rules that are tables rather than values: eligibility per collection type, the
//! amount-disclosure script, who may move a case to which status, assign it, validate it in the
//! back office, and what each of those needs.

use thiserror::Error;

use crate::enums::{
    BusinessLine, CaseStatus, CollectionType, MobilePlan, Outcome, Role, ServiceStatus, ValidationResult,
};
use crate::error::{FieldErrors, add_field_error};
use crate::text::{
    COMMENT_MAX_CHARS, CREDIT_TITLE_MAX_CHARS, MEASURES_MAX_CHARS, NOTE_MAX_CHARS, TextError, bounded_text,
    collapse_whitespace, required_text,
};

/// What the reference field means for a collection type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// The service number (TEMPRANA, DIFERIDO_ANTICIPADO).
    ServiceNumber,
    /// The DUMMY account in FOES the debt belongs to (EXTRAJUDICIAL, COACTIVA).
    Dummy,
}

impl ReferenceKind {
    pub fn label(self) -> &'static str {
        match self {
            ReferenceKind::ServiceNumber => "Nº de servicio",
            ReferenceKind::Dummy => "DUMMY",
        }
    }
}

impl CollectionType {
    pub fn reference_kind(self) -> ReferenceKind {
        match self {
            CollectionType::Temprana | CollectionType::DiferidoAnticipado => ReferenceKind::ServiceNumber,
            CollectionType::Extrajudicial | CollectionType::Coactiva => ReferenceKind::Dummy,
        }
    }

    /// EXTRAJUDICIAL and COACTIVA must be checked by a supervisor in the back office (ATFPJC).
    pub fn requires_validation(self) -> bool {
        self.reference_kind() == ReferenceKind::Dummy
    }

    pub fn disclosure(self) -> AmountDisclosure {
        match self.reference_kind() {
            ReferenceKind::ServiceNumber => AmountDisclosure {
                may_disclose_amount: true,
                script: "Le puedo indicar el valor exacto que adeuda su servicio.",
            },
            ReferenceKind::Dummy => AmountDisclosure {
                may_disclose_amount: false,
                script: "El agente de cobranzas le indicará el valor exacto a pagar.",
            },
        }
    }
}

/// Whether the agent may tell the customer the amount owed, and the sentence to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountDisclosure {
    pub may_disclose_amount: bool,
    pub script: &'static str,
}

/// A rule of the collection type that the chosen line, plan or service state breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityViolation {
    /// The form field the agent must change.
    pub field: &'static str,
    pub message: &'static str,
}

/// Checks the service against what the collection type requires (DOMAIN.md, "Consequences").
/// The line may still be unknown while the agent fills the form; what can be checked is.
pub fn check_eligibility(
    collection_type: CollectionType,
    business_line: Option<BusinessLine>,
    mobile_plan: Option<MobilePlan>,
    service_status: ServiceStatus,
) -> Vec<EligibilityViolation> {
    let mut violations = Vec::new();
    let mut violation = |field, message| violations.push(EligibilityViolation { field, message });
    match collection_type {
        CollectionType::Temprana => {
            if !service_status.is_active() {
                violation(
                    "service_status",
                    "Cartera temprana requiere un servicio activo (conectado o suspendido). \
                     Si el servicio está retirado, el caso es extrajudicial o coactiva.",
                );
            }
        }
        CollectionType::Extrajudicial | CollectionType::Coactiva => {
            if service_status.is_active() {
                violation(
                    "service_status",
                    "Extrajudicial y coactiva requieren un servicio retirado (con cuenta DUMMY). \
                     Si el servicio está activo, el caso es de cartera temprana.",
                );
            }
        }
        CollectionType::DiferidoAnticipado => {
            if business_line.is_some_and(|line| line != BusinessLine::Movil) {
                violation("business_line", "Diferido anticipado solo aplica a líneas móviles pospago.");
            } else if mobile_plan == Some(MobilePlan::Prepago) {
                violation("mobile_plan", "Diferido anticipado solo aplica a planes pospago, no a prepago.");
            }
            if !service_status.is_active() {
                violation(
                    "service_status",
                    "Diferido anticipado requiere un servicio activo (conectado o suspendido).",
                );
            }
        }
    }
    violations
}

/// One step of the workflow and the roles that may take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub roles: &'static [Role],
}

/// The workflow: `PENDIENTE → EN_GESTION → RESUELTO`, and `PENDIENTE | EN_GESTION → ANULADO`.
/// Collections agents take and resolve; supervisors may do that too, and alone may annul.
/// N1 agents make no transition.
pub const TRANSITIONS: &[Transition] = &[
    Transition {
        from: CaseStatus::Pendiente,
        to: CaseStatus::EnGestion,
        roles: &[Role::Cobranzas, Role::Supervisor],
    },
    Transition {
        from: CaseStatus::EnGestion,
        to: CaseStatus::Resuelto,
        roles: &[Role::Cobranzas, Role::Supervisor],
    },
    Transition { from: CaseStatus::Pendiente, to: CaseStatus::Anulado, roles: &[Role::Supervisor] },
    Transition { from: CaseStatus::EnGestion, to: CaseStatus::Anulado, roles: &[Role::Supervisor] },
];

/// The step from `from` to `to`, if the workflow has one.
pub fn transition(from: CaseStatus, to: CaseStatus) -> Option<&'static Transition> {
    TRANSITIONS.iter().find(|t| t.from == from && t.to == to)
}

/// Whether `role` may ever set a case to `to` (whatever the current status).
pub fn role_may_set_status(role: Role, to: CaseStatus) -> bool {
    TRANSITIONS.iter().any(|t| t.to == to && t.roles.contains(&role))
}

/// The status every new case starts in; N1 agents may not choose another.
pub const INITIAL_STATUS: CaseStatus = CaseStatus::Pendiente;

/// Who may use each part of the product. The server checks these on every request; the web app
/// uses the same lists to show each role only what it may use.
pub mod access {
    use crate::enums::Role;

    /// Everyone signed in reads the case log (agents search before they register).
    pub const READERS: &[Role] = &[Role::AgenteN1, Role::Supervisor, Role::Cobranzas, Role::Admin];
    /// The supervisor's queue, the dashboard, the CSV export and the list of assignees.
    pub const SUPERVISION: &[Role] = &[Role::Supervisor, Role::Admin];
    /// Who works cases: "Mis casos" and the cases available to take.
    pub const CASE_WORK: &[Role] = &[Role::Cobranzas, Role::Supervisor];
    /// Accounts, roles and the official bank accounts.
    pub const ADMINISTRATION: &[Role] = &[Role::Admin];
}

/// Who may register cases.
pub fn may_create_cases(role: Role) -> bool {
    matches!(role, Role::AgenteN1 | Role::Supervisor)
}

/// Whether `role` may correct a case in `status`; `own` says whether the caller registered it.
/// N1 agents correct their own PENDIENTE cases; supervisors any open case; nobody a closed one.
pub fn may_correct(role: Role, own: bool, status: CaseStatus) -> Result<(), &'static str> {
    match role {
        Role::AgenteN1 if !own => Err("Solo puede corregir los casos que usted registró."),
        Role::AgenteN1 if status != CaseStatus::Pendiente => {
            Err("El caso ya está en gestión o cerrado: pida la corrección a un supervisor.")
        }
        Role::AgenteN1 => Ok(()),
        Role::Supervisor if !status.is_open() => Err("Un caso cerrado no se puede corregir."),
        Role::Supervisor => Ok(()),
        Role::Cobranzas | Role::Admin => Err("Su rol no permite corregir casos."),
    }
}

/// Who may browse, add and change the official bank accounts (N1 may only confirm a number).
pub fn may_list_bank_accounts(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Cobranzas | Role::Admin)
}

/// Whether a case still waits for the supervisor's back-office check (ATFPJC): it is open, its
/// type requires the check and no `CONFIRMADO` has been recorded. A `NO_ENCONTRADO` keeps it
/// waiting: the supervisor corrects its type or annuls it.
pub fn awaiting_validation(
    status: CaseStatus,
    collection_type: CollectionType,
    result: Option<ValidationResult>,
) -> bool {
    status.is_open() && collection_type.requires_validation() && result != Some(ValidationResult::Confirmado)
}

/// Whether a case must go back to the supervisor's queue: it is being worked on (`EN_GESTION`),
/// yet now waits for the back-office check, because a correction changed its type or reference or
/// the check found nothing. Nobody may work such a case (DOMAIN.md), so it returns to `PENDIENTE`,
/// unassigned, until the supervisor confirms it or annuls it.
pub fn returns_to_queue(status: CaseStatus, awaiting_validation: bool) -> bool {
    status == CaseStatus::EnGestion && awaiting_validation
}

/// The note the history keeps when a case returns to the queue.
pub const RETURNED_TO_QUEUE_NOTE: &str = "Vuelve a pendiente y sin asignar: requiere la validación del \
     supervisor en el back-office (ATFPJC) antes de gestionarse.";

/// Where a case stands, as far as the workflow rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkflowState {
    pub status: CaseStatus,
    pub awaiting_validation: bool,
    /// The caller is the collections agent the case is assigned to.
    pub assigned_to_caller: bool,
}

/// Why a workflow action (transition, assignment, validation) is refused. The caller's role or
/// ownership is [`WorkflowError::is_forbidden`] (403); the case's state and missing details are
/// not (422).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkflowError {
    #[error("Su rol ({}) no permite pasar casos a {}.", .role.label(), .to.label())]
    RoleMayNotSet { role: Role, to: CaseStatus },
    #[error("Solo un supervisor asigna casos a los agentes de cobranzas.")]
    RoleMayNotAssign,
    #[error("Solo un supervisor valida casos en el back-office (ATFPJC).")]
    RoleMayNotValidate,
    #[error("Solo puede resolver los casos que tiene asignados.")]
    NotAssignee,
    #[error("El caso está {}: un caso cerrado solo admite comentarios.", .0.label().to_lowercase())]
    Closed(CaseStatus),
    #[error("Un caso {} no puede pasar a {}.", .from.label().to_lowercase(), .to.label().to_lowercase())]
    NotFromStatus { from: CaseStatus, to: CaseStatus },
    #[error(
        "El caso espera la validación del supervisor en el back-office (ATFPJC): no se puede tomar, \
         asignar ni resolver hasta que el título de crédito esté confirmado."
    )]
    AwaitingValidation,
    #[error("Solo los casos extrajudiciales y coactivos se validan en el back-office; este es {}.", .0.label().to_lowercase())]
    ValidationNotRequired(CollectionType),
    #[error("Hay datos que completar.")]
    Details(FieldErrors),
}

impl WorkflowError {
    /// The caller may never do this (403), as opposed to not now or not like this (422).
    pub fn is_forbidden(&self) -> bool {
        matches!(
            self,
            WorkflowError::RoleMayNotSet { .. }
                | WorkflowError::RoleMayNotAssign
                | WorkflowError::RoleMayNotValidate
                | WorkflowError::NotAssignee
        )
    }
}

fn details(errors: FieldErrors) -> Result<(), WorkflowError> {
    if errors.is_empty() { Ok(()) } else { Err(WorkflowError::Details(errors)) }
}

/// A bounded optional text, its error recorded against `field`.
fn optional_text(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&str>,
    max_chars: usize,
) -> Option<String> {
    bounded_text(raw.unwrap_or_default(), max_chars)
        .map_err(|e| add_field_error(errors, field, e.to_string()))
        .ok()
        .flatten()
}

/// Checks a move of a case to `to` by `role` and returns the cleaned note. Resolving needs an
/// outcome and a note on the work done; annulling needs a reason; collections agents resolve only
/// the cases assigned to them; a case awaiting validation may only be annulled.
pub fn check_transition(
    role: Role,
    state: WorkflowState,
    to: CaseStatus,
    outcome: Option<Outcome>,
    note: Option<&str>,
) -> Result<Option<String>, WorkflowError> {
    let from = state.status;
    // Nobody sends a case back to PENDIENTE: that is the case's state, not the caller's role.
    if !TRANSITIONS.iter().any(|t| t.to == to) {
        return Err(WorkflowError::NotFromStatus { from, to });
    }
    if !role_may_set_status(role, to) {
        return Err(WorkflowError::RoleMayNotSet { role, to });
    }
    if !from.is_open() {
        return Err(WorkflowError::Closed(from));
    }
    let step = transition(from, to).ok_or(WorkflowError::NotFromStatus { from, to })?;
    if !step.roles.contains(&role) {
        return Err(WorkflowError::RoleMayNotSet { role, to });
    }
    if to == CaseStatus::Resuelto && role == Role::Cobranzas && !state.assigned_to_caller {
        return Err(WorkflowError::NotAssignee);
    }
    if state.awaiting_validation && to != CaseStatus::Anulado {
        return Err(WorkflowError::AwaitingValidation);
    }
    let mut errors = FieldErrors::new();
    let note = optional_text(&mut errors, "note", note, NOTE_MAX_CHARS);
    match to {
        CaseStatus::Resuelto => {
            if outcome.is_none() {
                add_field_error(&mut errors, "outcome", "Indique el resultado de la gestión.");
            }
            if note.is_none() && !errors.contains_key("note") {
                add_field_error(&mut errors, "note", "Describa la gestión realizada con el cliente.");
            }
        }
        CaseStatus::Anulado if note.is_none() && !errors.contains_key("note") => {
            add_field_error(&mut errors, "note", "Indique el motivo de la anulación (error, duplicado…).");
        }
        _ => {}
    }
    if outcome.is_some() && to != CaseStatus::Resuelto {
        add_field_error(&mut errors, "outcome", "El resultado solo se indica al resolver el caso.");
    }
    details(errors)?;
    Ok(note)
}

/// Checks that `role` may assign (or reassign) a case in `state`. Assigning a PENDIENTE case
/// also moves it to EN_GESTION; whom it is assigned to is the server's check (an active
/// collections agent).
pub fn check_assignment(role: Role, state: WorkflowState) -> Result<(), WorkflowError> {
    if role != Role::Supervisor {
        return Err(WorkflowError::RoleMayNotAssign);
    }
    if !state.status.is_open() {
        return Err(WorkflowError::Closed(state.status));
    }
    if state.awaiting_validation {
        return Err(WorkflowError::AwaitingValidation);
    }
    Ok(())
}

/// The status a case has once assigned: a PENDIENTE case is now being worked on.
pub const ASSIGNED_STATUS: CaseStatus = CaseStatus::EnGestion;

/// Who may receive a case by assignment.
pub fn may_be_assigned(role: Role, active: bool) -> bool {
    role == Role::Cobranzas && active
}

/// A back-office check as recorded on the case, its texts cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedValidation {
    pub result: ValidationResult,
    pub credit_title: Option<String>,
    pub measures: Option<String>,
    pub note: Option<String>,
}

/// Checks a supervisor's back-office validation of a case: only for EXTRAJUDICIAL and COACTIVA,
/// only while open. `CONFIRMADO` needs the título de crédito, and for COACTIVA the precautionary
/// measures seen; EXTRAJUDICIAL has none (measures mean the case is COACTIVA).
pub fn check_validation(
    role: Role,
    status: CaseStatus,
    collection_type: CollectionType,
    result: ValidationResult,
    credit_title: Option<&str>,
    measures: Option<&str>,
    note: Option<&str>,
) -> Result<CheckedValidation, WorkflowError> {
    if role != Role::Supervisor {
        return Err(WorkflowError::RoleMayNotValidate);
    }
    if !status.is_open() {
        return Err(WorkflowError::Closed(status));
    }
    if !collection_type.requires_validation() {
        return Err(WorkflowError::ValidationNotRequired(collection_type));
    }
    let mut errors = FieldErrors::new();
    let credit_title = optional_text(&mut errors, "credit_title", credit_title, CREDIT_TITLE_MAX_CHARS)
        .map(|t| collapse_whitespace(&t).to_uppercase());
    let measures = optional_text(&mut errors, "measures", measures, MEASURES_MAX_CHARS);
    let note = optional_text(&mut errors, "note", note, NOTE_MAX_CHARS);
    let confirmed = result == ValidationResult::Confirmado;
    if confirmed && credit_title.is_none() && !errors.contains_key("credit_title") {
        add_field_error(&mut errors, "credit_title", "Indique el número del título de crédito.");
    }
    match collection_type {
        CollectionType::Coactiva if confirmed && measures.is_none() && !errors.contains_key("measures") => {
            add_field_error(
                &mut errors,
                "measures",
                "Indique las medidas cautelares observadas (p. ej. cuentas bancarias congeladas).",
            );
        }
        CollectionType::Extrajudicial if measures.is_some() => {
            add_field_error(
                &mut errors,
                "measures",
                "Un caso extrajudicial no tiene medidas cautelares; si el back-office las muestra, \
                 corrija el tipo de cobranza a COACTIVA.",
            );
        }
        _ => {}
    }
    details(errors)?;
    Ok(CheckedValidation { result, credit_title, measures, note })
}

/// A comment on a case's history: any reader may add one, on open and closed cases alike.
pub fn check_comment(text: &str) -> Result<String, TextError> {
    required_text(text, COMMENT_MAX_CHARS)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn temprana_needs_an_active_service() {
        for status in ServiceStatus::ALL {
            let v =
                check_eligibility(CollectionType::Temprana, Some(BusinessLine::TelefoniaFija), None, *status);
            assert_eq!(v.is_empty(), status.is_active(), "{status:?}");
        }
    }

    #[test]
    fn extrajudicial_and_coactiva_need_a_retired_service() {
        for ct in [CollectionType::Extrajudicial, CollectionType::Coactiva] {
            for status in ServiceStatus::ALL {
                let v = check_eligibility(ct, None, None, *status);
                assert_eq!(v.is_empty(), *status == ServiceStatus::Retirado, "{ct:?} {status:?}");
                if let Some(first) = v.first() {
                    assert_eq!(first.field, "service_status");
                }
            }
        }
    }

    #[test]
    fn diferido_anticipado_needs_active_postpaid_mobile() {
        let ok = check_eligibility(
            CollectionType::DiferidoAnticipado,
            Some(BusinessLine::Movil),
            Some(MobilePlan::Pospago),
            ServiceStatus::Suspendido,
        );
        assert!(ok.is_empty());
        let prepaid = check_eligibility(
            CollectionType::DiferidoAnticipado,
            Some(BusinessLine::Movil),
            Some(MobilePlan::Prepago),
            ServiceStatus::Conectado,
        );
        assert_eq!(prepaid.iter().map(|v| v.field).collect::<Vec<_>>(), ["mobile_plan"]);
        let fixed_retired = check_eligibility(
            CollectionType::DiferidoAnticipado,
            Some(BusinessLine::TvSatelital),
            None,
            ServiceStatus::Retirado,
        );
        assert_eq!(
            fixed_retired.iter().map(|v| v.field).collect::<Vec<_>>(),
            ["business_line", "service_status"]
        );
    }

    #[test]
    fn the_reference_means_a_dummy_only_for_retired_debts() {
        assert_eq!(CollectionType::Temprana.reference_kind().label(), "Nº de servicio");
        assert_eq!(CollectionType::DiferidoAnticipado.reference_kind().label(), "Nº de servicio");
        assert_eq!(CollectionType::Coactiva.reference_kind().label(), "DUMMY");
        assert_eq!(CollectionType::Extrajudicial.reference_kind().label(), "DUMMY");
    }

    #[test]
    fn amount_may_be_told_only_when_the_service_number_identifies_the_debt() {
        assert!(CollectionType::Temprana.disclosure().may_disclose_amount);
        assert!(CollectionType::DiferidoAnticipado.disclosure().may_disclose_amount);
        for ct in [CollectionType::Extrajudicial, CollectionType::Coactiva] {
            let d = ct.disclosure();
            assert!(!d.may_disclose_amount);
            assert!(d.script.contains("agente de cobranzas le indicará el valor exacto"));
            assert!(ct.requires_validation());
        }
    }

    #[test]
    fn corrections_belong_to_the_author_while_pending_and_to_supervisors_while_open() {
        assert!(may_correct(Role::AgenteN1, true, CaseStatus::Pendiente).is_ok());
        assert!(may_correct(Role::AgenteN1, false, CaseStatus::Pendiente).is_err());
        assert!(may_correct(Role::AgenteN1, true, CaseStatus::EnGestion).is_err());
        assert!(may_correct(Role::Supervisor, false, CaseStatus::EnGestion).is_ok());
        assert!(may_correct(Role::Supervisor, false, CaseStatus::Resuelto).is_err());
        assert!(may_correct(Role::Cobranzas, true, CaseStatus::Pendiente).is_err());
        assert!(may_correct(Role::Admin, false, CaseStatus::Pendiente).is_err());
    }

    #[test]
    fn n1_makes_no_transition_and_only_supervisors_annul() {
        for to in CaseStatus::ALL {
            assert!(!role_may_set_status(Role::AgenteN1, *to));
            assert!(!role_may_set_status(Role::Admin, *to));
        }
        assert!(role_may_set_status(Role::Supervisor, CaseStatus::Anulado));
        assert!(!role_may_set_status(Role::Cobranzas, CaseStatus::Anulado));
        assert!(role_may_set_status(Role::Cobranzas, CaseStatus::Resuelto));
        assert!(transition(CaseStatus::Pendiente, CaseStatus::Resuelto).is_none());
        assert!(transition(CaseStatus::Resuelto, CaseStatus::Pendiente).is_none());
        assert!(transition(CaseStatus::Anulado, CaseStatus::EnGestion).is_none());
    }

    fn state(status: CaseStatus) -> WorkflowState {
        WorkflowState { status, awaiting_validation: false, assigned_to_caller: true }
    }

    fn fields(e: WorkflowError) -> Vec<String> {
        match e {
            WorkflowError::Details(f) => f.into_keys().collect(),
            other => panic!("expected field details, got {other:?}"),
        }
    }

    #[test]
    fn every_step_of_the_table_is_allowed_to_its_roles_and_only_to_them() {
        use CaseStatus::*;
        for role in Role::ALL {
            for from in CaseStatus::ALL {
                for to in CaseStatus::ALL {
                    let (outcome, note) = if *to == Resuelto {
                        (Some(Outcome::PagoTotal), Some("Pagó"))
                    } else {
                        (None, Some("Motivo"))
                    };
                    let verdict = check_transition(*role, state(*from), *to, outcome, note);
                    let allowed = transition(*from, *to).is_some_and(|t| t.roles.contains(role));
                    assert_eq!(verdict.is_ok(), allowed, "{role:?} {from:?} → {to:?}: {verdict:?}");
                    if let Err(e) = verdict {
                        // 403 exactly when the role may never set that status.
                        let never = !role_may_set_status(*role, *to) && *to != Pendiente;
                        assert_eq!(e.is_forbidden(), never, "{role:?} {from:?} → {to:?}: {e:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn closed_cases_and_skipped_steps_are_refused_with_the_reason() {
        let closed = check_transition(
            Role::Supervisor,
            state(CaseStatus::Resuelto),
            CaseStatus::Anulado,
            None,
            Some("x"),
        );
        assert_eq!(closed, Err(WorkflowError::Closed(CaseStatus::Resuelto)));
        assert!(closed.unwrap_err().to_string().contains("solo admite comentarios"));
        let skipped = check_transition(
            Role::Cobranzas,
            state(CaseStatus::Pendiente),
            CaseStatus::Resuelto,
            Some(Outcome::PagoTotal),
            Some("x"),
        );
        assert_eq!(
            skipped,
            Err(WorkflowError::NotFromStatus { from: CaseStatus::Pendiente, to: CaseStatus::Resuelto })
        );
    }

    #[test]
    fn resolving_needs_an_outcome_and_a_note_and_annulling_a_reason() {
        let resolve = |outcome, note| {
            check_transition(
                Role::Cobranzas,
                state(CaseStatus::EnGestion),
                CaseStatus::Resuelto,
                outcome,
                note,
            )
        };
        assert_eq!(fields(resolve(None, None).unwrap_err()), ["note", "outcome"]);
        assert_eq!(fields(resolve(Some(Outcome::NoContactado), Some("   ")).unwrap_err()), ["note"]);
        assert_eq!(fields(resolve(None, Some("Llamé tres veces")).unwrap_err()), ["outcome"]);
        assert_eq!(
            resolve(Some(Outcome::AcuerdoDePago), Some("  Acuerdo a 3 meses ")),
            Ok(Some("Acuerdo a 3 meses".to_owned()))
        );
        let long = "x".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(fields(resolve(Some(Outcome::PagoTotal), Some(&long)).unwrap_err()), ["note"]);

        let annul = |note| {
            check_transition(Role::Supervisor, state(CaseStatus::Pendiente), CaseStatus::Anulado, None, note)
        };
        assert_eq!(fields(annul(None).unwrap_err()), ["note"]);
        assert!(annul(Some("Duplicado del caso 12")).is_ok());
        let take_with_outcome = check_transition(
            Role::Cobranzas,
            state(CaseStatus::Pendiente),
            CaseStatus::EnGestion,
            Some(Outcome::PagoTotal),
            None,
        );
        assert_eq!(fields(take_with_outcome.unwrap_err()), ["outcome"]);
    }

    #[test]
    fn collections_agents_resolve_only_their_cases_and_supervisors_any() {
        let not_mine = WorkflowState {
            status: CaseStatus::EnGestion,
            awaiting_validation: false,
            assigned_to_caller: false,
        };
        let by = |role| {
            check_transition(role, not_mine, CaseStatus::Resuelto, Some(Outcome::PagoParcial), Some("abono"))
        };
        assert_eq!(by(Role::Cobranzas), Err(WorkflowError::NotAssignee));
        assert!(WorkflowError::NotAssignee.is_forbidden());
        assert!(by(Role::Supervisor).is_ok());
    }

    #[test]
    fn a_case_awaiting_validation_may_only_be_annulled() {
        let waiting = |status| WorkflowState { status, awaiting_validation: true, assigned_to_caller: true };
        let take = check_transition(
            Role::Cobranzas,
            waiting(CaseStatus::Pendiente),
            CaseStatus::EnGestion,
            None,
            None,
        );
        assert_eq!(take, Err(WorkflowError::AwaitingValidation));
        let resolve = check_transition(
            Role::Supervisor,
            waiting(CaseStatus::EnGestion),
            CaseStatus::Resuelto,
            Some(Outcome::PagoTotal),
            Some("x"),
        );
        assert_eq!(resolve, Err(WorkflowError::AwaitingValidation));
        assert_eq!(
            check_assignment(Role::Supervisor, waiting(CaseStatus::Pendiente)),
            Err(WorkflowError::AwaitingValidation)
        );
        assert!(
            check_transition(
                Role::Supervisor,
                waiting(CaseStatus::Pendiente),
                CaseStatus::Anulado,
                None,
                Some("No existe")
            )
            .is_ok()
        );
    }

    #[test]
    fn awaiting_validation_follows_type_result_and_status() {
        use CollectionType::*;
        let open = CaseStatus::Pendiente;
        assert!(awaiting_validation(open, Coactiva, None));
        assert!(awaiting_validation(open, Extrajudicial, Some(ValidationResult::NoEncontrado)));
        assert!(!awaiting_validation(open, Extrajudicial, Some(ValidationResult::Confirmado)));
        assert!(!awaiting_validation(open, Temprana, None));
        assert!(!awaiting_validation(open, DiferidoAnticipado, None));
        assert!(!awaiting_validation(CaseStatus::Anulado, Coactiva, None));
    }

    #[test]
    fn only_supervisors_assign_and_only_to_active_collections_agents() {
        for role in Role::ALL {
            let verdict = check_assignment(*role, state(CaseStatus::Pendiente));
            assert_eq!(verdict.is_ok(), *role == Role::Supervisor, "{role:?}");
        }
        assert_eq!(
            check_assignment(Role::Supervisor, state(CaseStatus::Anulado)),
            Err(WorkflowError::Closed(CaseStatus::Anulado))
        );
        assert!(may_be_assigned(Role::Cobranzas, true));
        assert!(!may_be_assigned(Role::Cobranzas, false));
        assert!(!may_be_assigned(Role::Supervisor, true));
    }

    #[test]
    fn back_office_validation_rules() {
        use CollectionType::*;
        use ValidationResult::*;
        let open = CaseStatus::Pendiente;
        let v = |role, status, ct, result, title, measures| {
            check_validation(role, status, ct, result, title, measures, None)
        };
        assert_eq!(
            v(Role::AgenteN1, open, Coactiva, Confirmado, Some("T-1"), Some("m")),
            Err(WorkflowError::RoleMayNotValidate)
        );
        assert_eq!(
            v(Role::Supervisor, open, Temprana, Confirmado, Some("T-1"), None),
            Err(WorkflowError::ValidationNotRequired(Temprana))
        );
        assert_eq!(
            v(Role::Supervisor, CaseStatus::Resuelto, Coactiva, Confirmado, Some("T"), Some("m")),
            Err(WorkflowError::Closed(CaseStatus::Resuelto))
        );
        assert_eq!(
            fields(v(Role::Supervisor, open, Extrajudicial, Confirmado, None, None).unwrap_err()),
            ["credit_title"]
        );
        assert_eq!(
            fields(v(Role::Supervisor, open, Coactiva, Confirmado, Some("TC-1"), Some(" ")).unwrap_err()),
            ["measures"]
        );
        assert_eq!(
            fields(
                v(
                    Role::Supervisor,
                    open,
                    Extrajudicial,
                    Confirmado,
                    Some("TC-1"),
                    Some("Cuentas congeladas")
                )
                .unwrap_err()
            ),
            ["measures"]
        );
        let ok = v(
            Role::Supervisor,
            open,
            Coactiva,
            Confirmado,
            Some(" tc  2026-001 "),
            Some("Cuentas bancarias congeladas"),
        )
        .unwrap();
        assert_eq!(ok.credit_title.as_deref(), Some("TC 2026-001"));
        assert!(v(Role::Supervisor, open, Coactiva, NoEncontrado, None, None).is_ok());
    }

    #[test]
    fn comments_are_required_and_bounded() {
        assert_eq!(
            check_comment("  Cliente pide llamar mañana  "),
            Ok("Cliente pide llamar mañana".to_owned())
        );
        assert_eq!(check_comment("   "), Err(TextError::Required));
        assert_eq!(
            check_comment(&"x".repeat(COMMENT_MAX_CHARS + 1)),
            Err(TextError::TooLong(COMMENT_MAX_CHARS))
        );
    }
}
