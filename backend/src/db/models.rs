//! Rows of the tables and the forms that write them, with the conversions to the API's types.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use shared::api::{BankAccount, CaseDto, CaseEvent, FieldChange, NewCase, UserDto, UserRef, ValidationDto};
use shared::document::{DocumentType, IdentityDocument};
use shared::{
    AccountType, BusinessLine, CaseStatus, CollectionType, EventKind, MobilePlan, Outcome, PaymentIntent,
    Province, Role, ServiceStatus, ValidationResult,
};

use crate::error::ApiError;
use crate::schema::{bank_accounts, case_events, cases, sessions, users};

pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

pub fn flag(value: bool) -> i16 {
    i16::from(value)
}

/// Reads a stored enumeration code; a value outside the vocabulary means the database was
/// changed by hand, which is an internal error rather than bad input.
fn code<T>(column: &str, value: &str, parse: fn(&str) -> Option<T>) -> Result<T, ApiError> {
    parse(value).ok_or_else(|| ApiError::internal(format!("unknown {column} code {value:?} in the database")))
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub password_hash: String,
    pub active: i16,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    pub fn role(&self) -> Result<Role, ApiError> {
        code("role", &self.role, Role::parse_code)
    }

    pub fn is_active(&self) -> bool {
        self.active != 0
    }

    pub fn to_dto(&self) -> Result<UserDto, ApiError> {
        Ok(UserDto {
            id: self.id,
            username: self.username.clone(),
            full_name: self.full_name.clone(),
            role: self.role()?,
            active: self.is_active(),
            created_at: utc(self.created_at),
        })
    }

    pub fn to_ref(&self) -> UserRef {
        UserRef { id: self.id, username: self.username.clone(), full_name: self.full_name.clone() }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub username: &'a str,
    pub full_name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub active: i16,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub refresh_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSessionRow<'a> {
    pub user_id: i64,
    pub refresh_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: i64,
    pub customer_name: String,
    pub document_type: String,
    pub document_number: String,
    pub business_line: String,
    pub mobile_plan: Option<String>,
    pub service_status: String,
    pub collection_type: String,
    pub reference: String,
    pub province: String,
    pub landline: Option<String>,
    pub mobile: Option<String>,
    pub mobile_confirmed: i16,
    pub email: Option<String>,
    pub payment_intent: String,
    pub observation: Option<String>,
    pub status: String,
    pub search_text: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub assigned_to: Option<i64>,
    pub validation_result: Option<String>,
    pub validated_by: Option<i64>,
    pub validated_at: Option<NaiveDateTime>,
    pub credit_title: Option<String>,
    pub measures: Option<String>,
    pub validation_note: Option<String>,
    pub outcome: Option<String>,
    pub resolution_note: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

/// The users cases refer to besides their creator (assignee, validator), loaded by id.
pub type UsersById = HashMap<i64, UserRow>;

fn user_ref(users: &UsersById, id: i64) -> Result<UserRef, ApiError> {
    users.get(&id).map(UserRow::to_ref).ok_or_else(|| ApiError::internal(format!("user {id} not loaded")))
}

/// The back-office columns of a case, written together by a validation and cleared together
/// when a correction of the type or reference makes the check pending again.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true)]
pub struct ValidationValues {
    pub validation_result: Option<String>,
    pub validated_by: Option<i64>,
    pub validated_at: Option<NaiveDateTime>,
    pub credit_title: Option<String>,
    pub measures: Option<String>,
    pub validation_note: Option<String>,
}

impl ValidationValues {
    pub const PENDING: ValidationValues = ValidationValues {
        validation_result: None,
        validated_by: None,
        validated_at: None,
        credit_title: None,
        measures: None,
        validation_note: None,
    };

    /// The fields the history shows, by API name, with their stored values.
    pub fn visible_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("validation_result", self.validation_result.clone()),
            ("credit_title", self.credit_title.clone()),
            ("measures", self.measures.clone()),
        ]
    }

    pub fn changes_to(&self, next: &ValidationValues) -> Vec<FieldChange> {
        changed_fields(self.visible_fields(), next.visible_fields())
    }
}

/// The workflow columns of a case, written together by a transition or an assignment.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true)]
pub struct WorkflowValues {
    pub status: String,
    pub assigned_to: Option<i64>,
    pub outcome: Option<String>,
    pub resolution_note: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

impl WorkflowValues {
    /// The fields the history shows, by API name, with their stored values.
    pub fn visible_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("status", Some(self.status.clone())),
            ("assigned_to", self.assigned_to.map(|id| id.to_string())),
            ("outcome", self.outcome.clone()),
        ]
    }

    pub fn changes_to(&self, next: &WorkflowValues) -> Vec<FieldChange> {
        changed_fields(self.visible_fields(), next.visible_fields())
    }
}

/// The fields whose values differ, old → new.
pub fn changed_fields(
    old: Vec<(&'static str, Option<String>)>,
    new: Vec<(&'static str, Option<String>)>,
) -> Vec<FieldChange> {
    old.into_iter()
        .zip(new)
        .filter(|((_, old), (_, new))| old != new)
        .map(|((field, old), (_, new))| FieldChange { field: field.to_owned(), old, new })
        .collect()
}

/// The values of a case that the form sets, as stored: used to insert and to correct.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true)]
pub struct CaseValues {
    pub customer_name: String,
    pub document_type: String,
    pub document_number: String,
    pub business_line: String,
    pub mobile_plan: Option<String>,
    pub service_status: String,
    pub collection_type: String,
    pub reference: String,
    pub province: String,
    pub landline: Option<String>,
    pub mobile: Option<String>,
    pub mobile_confirmed: i16,
    pub email: Option<String>,
    pub payment_intent: String,
    pub observation: Option<String>,
    pub search_text: String,
}

impl CaseValues {
    pub fn from_valid(case: &shared::form::ValidCase) -> CaseValues {
        let document_number = case.document.number().to_owned();
        let search_text = shared::text::search_key(&[
            case.customer_name.as_str(),
            &document_number,
            case.reference.as_str(),
        ]);
        CaseValues {
            customer_name: case.customer_name.as_str().to_owned(),
            document_type: case.document.doc_type().as_str().to_owned(),
            document_number,
            business_line: case.business_line.as_str().to_owned(),
            mobile_plan: case.mobile_plan.map(|p| p.as_str().to_owned()),
            service_status: case.service_status.as_str().to_owned(),
            collection_type: case.collection_type.as_str().to_owned(),
            reference: case.reference.as_str().to_owned(),
            province: case.province.as_str().to_owned(),
            landline: case.landline.as_ref().map(|l| l.as_str().to_owned()),
            mobile: case.mobile.as_ref().map(|m| m.as_str().to_owned()),
            mobile_confirmed: flag(case.mobile_confirmed),
            email: case.email.as_ref().map(|e| e.as_str().to_owned()),
            payment_intent: case.payment_intent.as_str().to_owned(),
            observation: case.observation.clone(),
            search_text,
        }
    }

    /// The fields an agent sees, by API name, with their stored values: the history's old → new.
    pub fn visible_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("customer_name", Some(self.customer_name.clone())),
            ("document_type", Some(self.document_type.clone())),
            ("document_number", Some(self.document_number.clone())),
            ("business_line", Some(self.business_line.clone())),
            ("mobile_plan", self.mobile_plan.clone()),
            ("service_status", Some(self.service_status.clone())),
            ("collection_type", Some(self.collection_type.clone())),
            ("reference", Some(self.reference.clone())),
            ("province", Some(self.province.clone())),
            ("landline", self.landline.clone()),
            ("mobile", self.mobile.clone()),
            ("mobile_confirmed", Some((self.mobile_confirmed != 0).to_string())),
            ("email", self.email.clone()),
            ("payment_intent", Some(self.payment_intent.clone())),
            ("observation", self.observation.clone()),
        ]
    }

    /// What changed from `self` to `next`, field by field.
    pub fn changes_to(&self, next: &CaseValues) -> Vec<FieldChange> {
        changed_fields(self.visible_fields(), next.visible_fields())
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = cases)]
pub struct NewCaseRow<'a> {
    #[diesel(embed)]
    pub values: CaseValues,
    pub status: &'a str,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl CaseRow {
    pub fn values(&self) -> CaseValues {
        CaseValues {
            customer_name: self.customer_name.clone(),
            document_type: self.document_type.clone(),
            document_number: self.document_number.clone(),
            business_line: self.business_line.clone(),
            mobile_plan: self.mobile_plan.clone(),
            service_status: self.service_status.clone(),
            collection_type: self.collection_type.clone(),
            reference: self.reference.clone(),
            province: self.province.clone(),
            landline: self.landline.clone(),
            mobile: self.mobile.clone(),
            mobile_confirmed: self.mobile_confirmed,
            email: self.email.clone(),
            payment_intent: self.payment_intent.clone(),
            observation: self.observation.clone(),
            search_text: self.search_text.clone(),
        }
    }

    pub fn status(&self) -> Result<CaseStatus, ApiError> {
        code("status", &self.status, CaseStatus::parse_code)
    }

    pub fn collection_type(&self) -> Result<CollectionType, ApiError> {
        code("collection_type", &self.collection_type, CollectionType::parse_code)
    }

    pub fn validation_result(&self) -> Result<Option<ValidationResult>, ApiError> {
        self.validation_result
            .as_deref()
            .map(|r| code("validation_result", r, ValidationResult::parse_code))
            .transpose()
    }

    pub fn workflow_values(&self) -> WorkflowValues {
        WorkflowValues {
            status: self.status.clone(),
            assigned_to: self.assigned_to,
            outcome: self.outcome.clone(),
            resolution_note: self.resolution_note.clone(),
            closed_at: self.closed_at,
        }
    }

    pub fn validation_values(&self) -> ValidationValues {
        ValidationValues {
            validation_result: self.validation_result.clone(),
            validated_by: self.validated_by,
            validated_at: self.validated_at,
            credit_title: self.credit_title.clone(),
            measures: self.measures.clone(),
            validation_note: self.validation_note.clone(),
        }
    }

    /// Open, of a type that needs the back-office check, and not confirmed yet.
    pub fn awaiting_validation(&self) -> Result<bool, ApiError> {
        Ok(shared::rules::awaiting_validation(
            self.status()?,
            self.collection_type()?,
            self.validation_result()?,
        ))
    }

    /// Users this case refers to besides its creator, to be loaded for [`CaseRow::to_dto`].
    pub fn referenced_users(&self) -> impl Iterator<Item = i64> + use<> {
        self.assigned_to.into_iter().chain(self.validated_by)
    }

    /// The case as the form would show it, for corrections.
    pub fn to_form(&self) -> NewCase {
        NewCase {
            customer_name: self.customer_name.clone(),
            document_type: self.document_type.clone(),
            document_number: self.document_number.clone(),
            business_line: self.business_line.clone(),
            mobile_plan: self.mobile_plan.clone(),
            service_status: self.service_status.clone(),
            collection_type: self.collection_type.clone(),
            reference: self.reference.clone(),
            province: self.province.clone(),
            landline: self.landline.clone(),
            mobile: self.mobile.clone(),
            mobile_confirmed: self.mobile_confirmed != 0,
            email: self.email.clone(),
            payment_intent: self.payment_intent.clone(),
            observation: self.observation.clone(),
            status: None,
        }
    }

    /// The case as the API shows it; `users` holds at least its [`CaseRow::referenced_users`].
    pub fn to_dto(&self, created_by: &UserRow, users: &UsersById) -> Result<CaseDto, ApiError> {
        let document_type = code("document_type", &self.document_type, DocumentType::parse_code)?;
        let collection_type = self.collection_type()?;
        let validation = match (self.validation_result()?, self.validated_by, self.validated_at) {
            (Some(result), Some(by), Some(at)) => Some(ValidationDto {
                result,
                credit_title: self.credit_title.clone(),
                measures: self.measures.clone(),
                note: self.validation_note.clone(),
                validated_by: user_ref(users, by)?,
                validated_at: utc(at),
            }),
            _ => None,
        };
        // Warnings follow from the stored document (e.g. a company RUC's checksum), so they are
        // derived on read rather than stored.
        let warnings = IdentityDocument::parse(document_type, &self.document_number)
            .map(|d| d.warnings())
            .unwrap_or_default();
        Ok(CaseDto {
            id: self.id,
            customer_name: self.customer_name.clone(),
            document_type,
            document_number: self.document_number.clone(),
            business_line: code("business_line", &self.business_line, BusinessLine::parse_code)?,
            mobile_plan: self
                .mobile_plan
                .as_deref()
                .map(|p| code("mobile_plan", p, MobilePlan::parse_code))
                .transpose()?,
            service_status: code("service_status", &self.service_status, ServiceStatus::parse_code)?,
            collection_type,
            reference: self.reference.clone(),
            reference_label: collection_type.reference_kind().label().to_owned(),
            province: code("province", &self.province, Province::parse_code)?,
            landline: self.landline.clone(),
            mobile: self.mobile.clone(),
            mobile_confirmed: self.mobile_confirmed != 0,
            email: self.email.clone(),
            payment_intent: code("payment_intent", &self.payment_intent, PaymentIntent::parse_code)?,
            observation: self.observation.clone(),
            status: self.status()?,
            created_by: created_by.to_ref(),
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            version: self.version,
            warnings,
            disclosure: collection_type.disclosure().into(),
            assigned_to: self.assigned_to.map(|id| user_ref(users, id)).transpose()?,
            validation,
            awaiting_validation: self.awaiting_validation()?,
            outcome: self.outcome.as_deref().map(|o| code("outcome", o, Outcome::parse_code)).transpose()?,
            resolution_note: self.resolution_note.clone(),
            closed_at: self.closed_at.map(utc),
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = case_events)]
pub struct EventRow {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub actor_id: i64,
    pub at: NaiveDateTime,
    pub changes: String,
    pub note: Option<String>,
}

impl EventRow {
    pub fn to_dto(&self, actor: &UserRow) -> Result<CaseEvent, ApiError> {
        let changes: Vec<FieldChange> = serde_json::from_str(&self.changes)
            .map_err(|e| ApiError::internal(format!("event {} has unreadable changes: {e}", self.id)))?;
        Ok(CaseEvent {
            id: self.id,
            case_id: self.case_id,
            kind: code("kind", &self.kind, EventKind::parse_code)?,
            actor: actor.to_ref(),
            at: utc(self.at),
            changes,
            note: self.note.clone(),
            users: Vec::new(),
        })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = case_events)]
pub struct NewEventRow<'a> {
    pub case_id: i64,
    pub kind: &'a str,
    pub actor_id: i64,
    pub at: NaiveDateTime,
    pub changes: String,
    pub note: Option<&'a str>,
}

impl<'a> NewEventRow<'a> {
    pub fn new(
        case_id: i64,
        kind: EventKind,
        actor_id: i64,
        at: NaiveDateTime,
        changes: &[FieldChange],
        note: Option<&'a str>,
    ) -> Result<NewEventRow<'a>, ApiError> {
        let changes = serde_json::to_string(changes)
            .map_err(|e| ApiError::internal(format!("cannot encode changes: {e}")))?;
        Ok(NewEventRow { case_id, kind: kind.as_str(), actor_id, at, changes, note })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = bank_accounts)]
pub struct BankAccountRow {
    pub id: i64,
    pub bank: String,
    pub account_type: String,
    pub number: String,
    pub holder: String,
    pub active: i16,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl BankAccountRow {
    pub fn account_type(&self) -> Result<AccountType, ApiError> {
        code("account_type", &self.account_type, AccountType::parse_code)
    }

    pub fn to_dto(&self) -> Result<BankAccount, ApiError> {
        Ok(BankAccount {
            id: self.id,
            bank: self.bank.clone(),
            account_type: self.account_type()?,
            number: self.number.clone(),
            holder: self.holder.clone(),
            active: self.active != 0,
        })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = bank_accounts)]
pub struct NewBankAccountRow<'a> {
    pub bank: &'a str,
    pub account_type: &'a str,
    pub number: &'a str,
    pub holder: &'a str,
    pub active: i16,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
