//! CNT's official collection accounts.

use diesel::prelude::*;
use shared::api::{
    BankAccount, BankAccountConfirmation, BankAccountPatch, NewBankAccount, normalize_account_number,
};
use shared::error::add_field_error;
use shared::{ErrorKind, FieldErrors};

use crate::db::models::{BankAccountRow, NewBankAccountRow, flag, now};
use crate::db::{DbConnection, on_backend};
use crate::error::ApiError;
use crate::schema::bank_accounts;

use super::is_unique_violation;

const NAME_MAX: usize = 100;

fn check_name(field: &str, raw: &str, errors: &mut FieldErrors) -> Option<String> {
    shared::text::required_text(raw, NAME_MAX)
        .map(|t| shared::text::collapse_whitespace(&t))
        .map_err(|e| add_field_error(errors, field, e.to_string()))
        .ok()
}

fn check_number(raw: &str, errors: &mut FieldErrors) -> Option<String> {
    let number = normalize_account_number(raw);
    let only_allowed = raw.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    if !only_allowed || !(6..=20).contains(&number.len()) {
        add_field_error(errors, "number", "El número de cuenta debe tener de 6 a 20 dígitos.");
        return None;
    }
    Some(number)
}

fn by_id(conn: &mut DbConnection, id: i64) -> Result<BankAccountRow, ApiError> {
    bank_accounts::table
        .find(id)
        .select(BankAccountRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(format!("No existe la cuenta {id}.")))
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<BankAccount>, ApiError> {
    bank_accounts::table
        .order((bank_accounts::bank.asc(), bank_accounts::number.asc()))
        .select(BankAccountRow::as_select())
        .load::<BankAccountRow>(conn)?
        .iter()
        .map(BankAccountRow::to_dto)
        .collect()
}

pub fn create(conn: &mut DbConnection, new: &NewBankAccount) -> Result<BankAccount, ApiError> {
    let mut errors = FieldErrors::new();
    let bank = check_name("bank", &new.bank, &mut errors);
    let holder = check_name("holder", &new.holder, &mut errors);
    let number = check_number(&new.number, &mut errors);
    let (Some(bank), Some(holder), Some(number)) = (bank, holder, number) else {
        return Err(ApiError::validation(errors));
    };
    let at = now();
    let row = NewBankAccountRow {
        bank: &bank,
        account_type: new.account_type.as_str(),
        number: &number,
        holder: &holder,
        active: flag(true),
        created_at: at,
        updated_at: at,
    };
    let inserted = on_backend!(conn, |c| diesel::insert_into(bank_accounts::table)
        .values(&row)
        .returning(bank_accounts::id)
        .get_result::<i64>(c));
    match inserted {
        Ok(id) => by_id(conn, id)?.to_dto(),
        Err(e) if is_unique_violation(&e) => {
            Err(ApiError::new(ErrorKind::Conflict, format!("La cuenta {number} ya está registrada.")))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn update(conn: &mut DbConnection, id: i64, patch: &BankAccountPatch) -> Result<BankAccount, ApiError> {
    let current = by_id(conn, id)?;
    let mut errors = FieldErrors::new();
    let bank = patch.bank.as_deref().map(|b| check_name("bank", b, &mut errors));
    let holder = patch.holder.as_deref().map(|h| check_name("holder", h, &mut errors));
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    diesel::update(bank_accounts::table.find(id))
        .set((
            bank_accounts::bank.eq(bank.flatten().unwrap_or(current.bank)),
            bank_accounts::holder.eq(holder.flatten().unwrap_or(current.holder)),
            bank_accounts::account_type
                .eq(patch.account_type.map_or(current.account_type, |t| t.as_str().to_owned())),
            bank_accounts::active.eq(patch.active.map_or(current.active, flag)),
            bank_accounts::updated_at.eq(now()),
        ))
        .execute(conn)?;
    by_id(conn, id)?.to_dto()
}

/// Whether a number is an active official account. N1 learns only this, never the list.
pub fn confirm(conn: &mut DbConnection, raw: &str) -> Result<BankAccountConfirmation, ApiError> {
    let number = normalize_account_number(raw);
    if number.is_empty() {
        return Err(ApiError::field("number", "Ingrese el número de cuenta que indica el cliente."));
    }
    let found = bank_accounts::table
        .filter(bank_accounts::number.eq(&number))
        .filter(bank_accounts::active.eq(flag(true)))
        .select(BankAccountRow::as_select())
        .first::<BankAccountRow>(conn)
        .optional()?;
    Ok(match found {
        Some(account) => BankAccountConfirmation {
            official: true,
            message: format!(
                "Cuenta oficial de CNT: {} — cuenta {} Nº {}, a nombre de {}.",
                account.bank,
                account.account_type()?.label().to_lowercase(),
                account.number,
                account.holder
            ),
            account_type: Some(account.account_type()?),
            number,
            bank: Some(account.bank),
            holder: Some(account.holder),
        },
        None => BankAccountConfirmation {
            official: false,
            message: "No es una cuenta oficial de CNT: no la confirme al cliente.".to_owned(),
            number,
            bank: None,
            account_type: None,
            holder: None,
        },
    })
}
