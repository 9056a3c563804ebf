//! The request and response bodies of the REST API (`/api/v1`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::document::DocumentType;
use crate::enums::{
    AccountType, BusinessLine, CaseStatus, CollectionType, EventKind, MobilePlan, Outcome, PaymentIntent,
    Province, Role, ServiceStatus, ValidationResult,
};
use crate::rules::AmountDisclosure;

pub use crate::form::{CasePatch, NewCase};

/// Largest page a list endpoint returns.
pub const MAX_PAGE_SIZE: u32 = 200;
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Ecuador (mainland) is UTC−5 all year; dates typed by users are days in this zone.
pub const ECUADOR_UTC_OFFSET_SECONDS: i32 = -5 * 3600;

/// The wall-clock time in Ecuador at an instant.
pub fn ecuador_local(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.naive_utc() + chrono::Duration::seconds(i64::from(ECUADOR_UTC_OFFSET_SECONDS))
}

/// The day in Ecuador at an instant.
pub fn ecuador_date(at: DateTime<Utc>) -> NaiveDate {
    ecuador_local(at).date()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single use: `POST /auth/refresh` returns a new one and this one stops working.
    pub refresh_token: String,
    pub user: UserDto,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// Who did something, as shown in lists and histories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    pub id: i64,
    pub username: String,
    pub full_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub password: String,
}

/// Changes to an account; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `false` disables the account and ends its sessions at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

/// The amount-disclosure rule of a case's collection type: the sentence the agent reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disclosure {
    pub may_disclose_amount: bool,
    pub script: String,
}

impl From<AmountDisclosure> for Disclosure {
    fn from(d: AmountDisclosure) -> Disclosure {
        Disclosure { may_disclose_amount: d.may_disclose_amount, script: d.script.to_owned() }
    }
}

/// A case as stored, with values normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDto {
    /// The case number, short enough to read over the phone.
    pub id: i64,
    pub customer_name: String,
    pub document_type: DocumentType,
    pub document_number: String,
    pub business_line: BusinessLine,
    pub mobile_plan: Option<MobilePlan>,
    pub service_status: ServiceStatus,
    pub collection_type: CollectionType,
    /// Service number (TEMPRANA, DIFERIDO_ANTICIPADO) or DUMMY (EXTRAJUDICIAL, COACTIVA), normalised.
    pub reference: String,
    /// What the reference is: "Nº de servicio" or "DUMMY".
    pub reference_label: String,
    pub province: Province,
    /// Canonical landline: 0 + area digit + 7 digits.
    pub landline: Option<String>,
    /// Canonical mobile: 09 + 8 digits.
    pub mobile: Option<String>,
    pub mobile_confirmed: bool,
    pub email: Option<String>,
    pub payment_intent: PaymentIntent,
    pub observation: Option<String>,
    pub status: CaseStatus,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back when editing.
    pub version: i64,
    /// Things the agent should know but that do not block the save.
    pub warnings: Vec<String>,
    pub disclosure: Disclosure,
    /// The collections agent working the case (or the supervisor who took it).
    pub assigned_to: Option<UserRef>,
    /// The supervisor's back-office check (ATFPJC), for EXTRAJUDICIAL and COACTIVA; absent until
    /// done, and again after a correction of the type or reference.
    pub validation: Option<ValidationDto>,
    /// Open, of a type that needs the back-office check, and not `CONFIRMADO` yet: it cannot be
    /// taken, assigned or resolved.
    pub awaiting_validation: bool,
    /// How a `RESUELTO` case ended.
    pub outcome: Option<Outcome>,
    /// The note on the work done (`RESUELTO`) or the reason (`ANULADO`).
    pub resolution_note: Option<String>,
    /// When the case was resolved or annulled.
    pub closed_at: Option<DateTime<Utc>>,
}

/// A supervisor's back-office check of a case (ATFPJC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationDto {
    pub result: ValidationResult,
    /// Número de título de crédito (required with `CONFIRMADO`).
    pub credit_title: Option<String>,
    /// Precautionary measures seen (COACTIVA), e.g. "Cuentas bancarias congeladas".
    pub measures: Option<String>,
    pub note: Option<String>,
    pub validated_by: UserRef,
    pub validated_at: DateTime<Utc>,
}

/// A move of a case through the workflow (`PENDIENTE → EN_GESTION → RESUELTO`, or `ANULADO`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    pub to: CaseStatus,
    /// Required to resolve; refused otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The work done (required to resolve) or the reason (required to annul).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The `version` of the case as read; a stale one is refused with 409.
    pub version: i64,
}

/// Assigns a case to a collections agent (a PENDIENTE case moves to EN_GESTION).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentRequest {
    /// An active COBRANZAS user.
    pub user_id: i64,
    pub version: i64,
}

/// A comment on a case's history; allowed on closed cases too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    pub text: String,
}

/// The supervisor's back-office check (ATFPJC) of an EXTRAJUDICIAL or COACTIVA case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ValidationRequest {
    pub result: ValidationResult,
    /// Número de título de crédito; required with `CONFIRMADO`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_title: Option<String>,
    /// Precautionary measures seen; required for COACTIVA with `CONFIRMADO`, refused for EXTRAJUDICIAL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub version: i64,
}

/// What the supervisor has to act on, oldest first, at most 100 cases per list ([`QUEUE_LIMIT`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupervisorQueue {
    /// Open EXTRAJUDICIAL and COACTIVA cases without a `CONFIRMADO` back-office check
    /// (`NO_ENCONTRADO` ones wait for a type correction or an annulment).
    pub awaiting_validation: Vec<CaseDto>,
    /// PENDIENTE cases ready to be assigned (validated, or of a type that needs no validation).
    pub unassigned: Vec<CaseDto>,
    /// Every open case, oldest first.
    pub open_by_age: Vec<CaseDto>,
}

/// Most cases in each list of the supervisor's queue.
pub const QUEUE_LIMIT: i64 = 100;
/// Most cases `GET /my-cases` returns.
pub const MY_CASES_LIMIT: i64 = 200;

/// The period of the dashboard: days in Ecuador, both included (default: the last 30 days).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DashboardQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// Longest period the dashboard covers, in days.
pub const DASHBOARD_MAX_DAYS: i64 = 366;
/// The dashboard's default period, in days, ending today.
pub const DASHBOARD_DEFAULT_DAYS: i64 = 30;

/// The supervisors' figures: open cases now, and what happened in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Open cases now, by status (PENDIENTE, EN_GESTION).
    pub open_by_status: BTreeMap<CaseStatus, i64>,
    /// Open cases now, by collection type (every type, zeros included).
    pub open_by_collection_type: BTreeMap<CollectionType, i64>,
    pub open_by_business_line: BTreeMap<BusinessLine, i64>,
    pub open_by_province: BTreeMap<Province, i64>,
    /// How long the open cases have been waiting since they were registered.
    pub open_age: AgeBuckets,
    /// Open cases waiting for the back-office check.
    pub awaiting_validation: i64,
    /// Cases registered in the period, per agent, most first.
    pub created_by_agent: Vec<UserCount>,
    /// Cases resolved in the period, per assigned collections agent, most first.
    pub resolved_by_agent: Vec<UserCount>,
    /// Every day of the period, oldest first, zeros included.
    pub per_day: Vec<DayCount>,
    /// Median hours from registration to resolution of the cases resolved in the period, by
    /// collection type; `null` when none was resolved.
    pub median_hours_to_resolve: BTreeMap<CollectionType, Option<f64>>,
}

/// Open cases by time since registration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgeBuckets {
    /// Less than 24 hours.
    pub under_1_day: i64,
    /// 24 hours to less than 3 days.
    pub from_1_to_3_days: i64,
    /// 3 days to less than 7 days.
    pub from_3_to_7_days: i64,
    /// 7 days or more.
    pub over_7_days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserCount {
    pub user: UserRef,
    pub count: i64,
}

/// Cases registered and resolved on one day in Ecuador.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCount {
    pub day: NaiveDate,
    pub created: i64,
    pub resolved: i64,
}

/// One page of a list, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePage {
    pub items: Vec<CaseDto>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the case list. Dates are days in Ecuador's time zone, both ends included.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    /// Free text over customer name, document number and reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_type: Option<CollectionType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CaseStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_line: Option<BusinessLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<Province>,
    /// User id of the agent who registered the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<i64>,
    /// User id of the collections agent the case is assigned to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// What the form asks while the agent types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DuplicateQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_type: Option<CollectionType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCheck {
    /// The open case with the same reference and type: a new one would be refused.
    pub blocking: Option<CaseDto>,
    /// Other open cases of the same customer (same document number): a warning only.
    pub same_customer: Vec<CaseDto>,
}

/// One field that changed: old → new, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The history fields whose values are user ids; [`CaseEvent::users`] names them.
pub const USER_ID_FIELDS: &[&str] = &["assigned_to", "validated_by"];

impl FieldChange {
    /// The user ids this change refers to (old and new), when its field holds one.
    pub fn user_ids(&self) -> impl Iterator<Item = i64> + '_ {
        let holds_user = USER_ID_FIELDS.contains(&self.field.as_str());
        [&self.old, &self.new]
            .into_iter()
            .flatten()
            .filter(move |_| holds_user)
            .filter_map(|v| v.parse().ok())
    }
}

/// One entry of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub id: i64,
    pub case_id: i64,
    pub kind: EventKind,
    pub actor: UserRef,
    pub at: DateTime<Utc>,
    pub changes: Vec<FieldChange>,
    pub note: Option<String>,
    /// The users whose ids appear in `changes` (see [`USER_ID_FIELDS`]), so that the history can
    /// name them.
    #[serde(default)]
    pub users: Vec<UserRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankAccount {
    pub id: i64,
    pub bank: String,
    pub account_type: AccountType,
    pub number: String,
    pub holder: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBankAccount {
    pub bank: String,
    pub account_type: AccountType,
    pub number: String,
    pub holder: String,
}

/// Changes to an official account; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BankAccountPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<AccountType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ConfirmQuery {
    /// The account number the customer reads out; spaces and dashes are ignored.
    pub number: String,
}

/// Whether a number is one of CNT's active official collection accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankAccountConfirmation {
    pub official: bool,
    /// The number as compared (digits only).
    pub number: String,
    pub bank: Option<String>,
    pub account_type: Option<AccountType>,
    pub holder: Option<String>,
    /// The sentence for the agent, in Spanish.
    pub message: String,
}

/// Digits of a bank account number as people read them out.
pub fn normalize_account_number(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub database: String,
}
