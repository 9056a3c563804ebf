//! The business rules that are tables rather than values: eligibility per collection type, the
//! amount-disclosure script, and who may move a case to which status.

use crate::enums::{BusinessLine, CaseStatus, CollectionType, MobilePlan, Role, ServiceStatus};

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

#[cfg(test)]
mod tests {
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
}
