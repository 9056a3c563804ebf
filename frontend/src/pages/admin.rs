//! "Administración": users (create, role, disable, reset password) and official bank accounts.
//! What is typed in the forms is the administrator's draft (`crate::drafts`), except passwords.

use serde::{Deserialize, Serialize};
use shared::api::{
    BankAccount, BankAccountPatch, NewBankAccount, NewUser, PasswordReset, UserDto, UserPatch,
};
use shared::text::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
use shared::{AccountType, FieldErrors, Role};
use yew::prelude::*;

use crate::components::field::{
    Field, InputOptions, choices, field_setter, focus_after_render, select, setter, text_input,
};
use crate::components::remote::use_generation;
use crate::drafts::use_draft;
use crate::services::{Api, ApiFailure};
use crate::session::use_session;

fn role_options() -> Vec<(AttrValue, AttrValue)> {
    choices(Role::ALL, Role::as_str, Role::label)
}

fn field_errors(failure: &ApiFailure) -> FieldErrors {
    match failure {
        ApiFailure::Refused(body) => body.fields.clone().unwrap_or_default(),
        _ => FieldErrors::new(),
    }
}

#[function_component]
pub fn AdminPage() -> Html {
    html! {
        <section class="page admin" aria-labelledby="admin-title">
            <h1 id="admin-title">{ "Administración" }</h1>
            <Users />
            <BankAccounts />
        </section>
    }
}

/// The new-user form as typed, kept as the administrator's draft; the password is not in it: it
/// never goes to storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct NewUserDraft {
    username: String,
    full_name: String,
    role: String,
}

impl Default for NewUserDraft {
    fn default() -> NewUserDraft {
        NewUserDraft {
            username: String::new(),
            full_name: String::new(),
            role: Role::AgenteN1.as_str().to_owned(),
        }
    }
}

impl NewUserDraft {
    fn is_blank(&self) -> bool {
        *self == NewUserDraft::default()
    }
}

/// Shows `value` again in the select `id` (the server refused the change the user chose there).
fn reset_select(id: &str, value: &str) {
    use wasm_bindgen::JsCast;
    if let Some(select) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
    {
        select.set_value(value);
    }
}

#[function_component]
fn Users() -> Html {
    let session = use_session();
    let user_id = session.user().map_or(0, |u| u.id);
    let api = Api::new(session);
    let users = use_state(Vec::<UserDto>::new);
    let (generation, reload) = use_generation();
    let (draft, restored) =
        use_draft(user_id, "admin.nuevo-usuario".into(), NewUserDraft::default, NewUserDraft::is_blank);
    let message = use_state(|| {
        restored
            .then(|| "Se recuperó el usuario que estaba creando; escriba de nuevo la contraseña.".to_owned())
    });
    let password = use_state(String::new);
    let errors = use_state(FieldErrors::new);
    // The inline password change: whose, what is typed, what is wrong with it.
    let resetting = use_state(|| None::<i64>);
    let new_password = use_state(String::new);
    let reset_error = use_state(Vec::<String>::new);

    {
        let (api, users, message) = (api.clone(), users.clone(), message.clone());
        use_effect_with(generation, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api.get::<Vec<UserDto>>("/api/v1/users", &[]).await {
                    Ok(list) => users.set(list),
                    Err(e) => message.set(Some(e.message())),
                }
            });
        });
    }
    let create = {
        let (api, reload, message, errors, draft, password) =
            (api.clone(), reload.clone(), message.clone(), errors.clone(), draft.clone(), password.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(role_code) = Role::parse_code(&draft.role) else { return };
            let body = NewUser {
                username: draft.username.clone(),
                full_name: draft.full_name.clone(),
                role: role_code,
                password: (*password).clone(),
            };
            let (api, reload, message, errors, draft, password) = (
                api.clone(),
                reload.clone(),
                message.clone(),
                errors.clone(),
                draft.clone(),
                password.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api.post::<_, UserDto>("/api/v1/users", &body).await {
                    Ok(user) => {
                        message.set(Some(format!("Usuario «{}» creado.", user.username)));
                        errors.set(FieldErrors::new());
                        draft.set(NewUserDraft::default());
                        password.set(String::new());
                        reload.emit(());
                    }
                    Err(failure) => {
                        errors.set(field_errors(&failure));
                        message.set(Some(failure.message()));
                    }
                }
            });
        })
    };
    // A change the server refuses is not left on screen: the row shows what is stored.
    let update = {
        let (api, reload, message) = (api.clone(), reload.clone(), message.clone());
        move |user: &UserDto, patch: UserPatch| {
            let (api, reload, message) = (api.clone(), reload.clone(), message.clone());
            let (id, stored_role) = (user.id, user.role);
            wasm_bindgen_futures::spawn_local(async move {
                match api.patch::<_, UserDto>(&format!("/api/v1/users/{id}"), &patch).await {
                    Ok(user) => message.set(Some(format!("Usuario «{}» actualizado.", user.username))),
                    Err(e) => {
                        reset_select(&format!("role-{id}"), stored_role.as_str());
                        message.set(Some(format!("No se cambió: {}", e.message())));
                    }
                }
                reload.emit(());
            });
        }
    };
    let submit_reset = {
        let (api, message, resetting, new_password, reset_error) =
            (api.clone(), message.clone(), resetting.clone(), new_password.clone(), reset_error.clone());
        move |id: i64, username: String| {
            let (api, message, resetting, new_password, reset_error) =
                (api.clone(), message.clone(), resetting.clone(), new_password.clone(), reset_error.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                if let Err(error) = shared::text::check_password(&new_password) {
                    reset_error.set(vec![error.to_string()]);
                    focus_after_render("#reset-password");
                    return;
                }
                let body = PasswordReset { password: (*new_password).clone() };
                let (api, message, resetting, new_password, reset_error, username) = (
                    api.clone(),
                    message.clone(),
                    resetting.clone(),
                    new_password.clone(),
                    reset_error.clone(),
                    username.clone(),
                );
                wasm_bindgen_futures::spawn_local(async move {
                    match api.post_empty(&format!("/api/v1/users/{id}/password"), &body).await {
                        Ok(()) => {
                            resetting.set(None);
                            new_password.set(String::new());
                            reset_error.set(Vec::new());
                            message.set(Some(format!(
                                "Contraseña de «{username}» cambiada; sus sesiones se cerraron."
                            )));
                        }
                        Err(failure) => {
                            let mut shown = field_errors(&failure).remove("password").unwrap_or_default();
                            if shown.is_empty() {
                                shown.push(failure.message());
                            }
                            reset_error.set(shown);
                            focus_after_render("#reset-password");
                        }
                    }
                });
            })
        }
    };
    let err = |f: &str| errors.get(f).cloned().unwrap_or_default();
    let set = |apply: fn(&mut NewUserDraft, String)| field_setter(&draft, apply);
    html! {
        <section aria-labelledby="users-title" class="panel">
            <h2 id="users-title">{ "Usuarios" }</h2>
            <div aria-live="polite">if let Some(m) = &*message { <p class="notice">{ m }</p> }</div>
            <form class="inline-form" onsubmit={create} novalidate=true aria-label="Crear usuario">
                { text_input(Field::new("new-username", "Usuario").errors(err("username")), draft.username.clone().into(),
                    set(|d, v| d.username = v), InputOptions { autocomplete: Some("off"), ..InputOptions::default() }) }
                { text_input(Field::new("new-full_name", "Nombre completo").errors(err("full_name")), draft.full_name.clone().into(),
                    set(|d, v| d.full_name = v), InputOptions { autocomplete: Some("off"), ..InputOptions::default() }) }
                { select(Field::new("new-role", "Rol"), &draft.role, &role_options(), None, set(|d, v| d.role = v)) }
                { text_input(Field::new("new-password", "Contraseña inicial").errors(err("password")), (*password).clone().into(),
                    setter(&password), InputOptions { input_type: Some("password"), autocomplete: Some("new-password"), ..InputOptions::default() }) }
                <button type="submit" class="primary">{ "Crear usuario" }</button>
            </form>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">{ "Usuario" }</th><th scope="col">{ "Nombre" }</th><th scope="col">{ "Rol" }</th>
                        <th scope="col">{ "Estado" }</th><th scope="col">{ "Acciones" }</th></tr></thead>
                    <tbody>
                        { for users.iter().map(|u| {
                            let (id, active) = (u.id, u.active);
                            let change_role = { let (update, user) = (update.clone(), u.clone()); Callback::from(move |v: String| {
                                if let Some(role) = Role::parse_code(&v) { update(&user, UserPatch { role: Some(role), ..UserPatch::default() }) }
                            }) };
                            let toggle = { let (update, user) = (update.clone(), u.clone()); Callback::from(move |_: MouseEvent| {
                                update(&user, UserPatch { active: Some(!active), ..UserPatch::default() })
                            }) };
                            let open_reset = { let (resetting, new_password, reset_error) = (resetting.clone(), new_password.clone(), reset_error.clone());
                                Callback::from(move |_: MouseEvent| {
                                    resetting.set(Some(id));
                                    new_password.set(String::new());
                                    reset_error.set(Vec::new());
                                    focus_after_render("#reset-password");
                                }) };
                            let close_reset = { let (resetting, new_password) = (resetting.clone(), new_password.clone());
                                Callback::from(move |_: MouseEvent| { resetting.set(None); new_password.set(String::new()); }) };
                            html! {
                                <tr key={u.id}>
                                    <td>{ &u.username }</td>
                                    <td>{ &u.full_name }</td>
                                    <td>{ select(Field::new(format!("role-{}", u.id), format!("Rol de {}", u.username)),
                                        u.role.as_str(), &role_options(), None, change_role) }</td>
                                    <td>{ if u.active { "Activo" } else { "Desactivado" } }</td>
                                    <td>
                                        <div class="row-actions">
                                            <button type="button" class="secondary" onclick={toggle}>{ if u.active { "Desactivar" } else { "Activar" } }</button>
                                            if *resetting != Some(id) {
                                                <button type="button" class="secondary" onclick={open_reset}>{ "Cambiar contraseña" }</button>
                                            }
                                        </div>
                                        if *resetting == Some(id) {
                                            <form class="inline-form reset-password" novalidate=true onsubmit={submit_reset(id, u.username.clone())}
                                                aria-label={format!("Nueva contraseña de {}", u.username)}>
                                                { text_input(Field::new("reset-password", format!("Nueva contraseña de {}", u.username))
                                                        .hint(format!("Entre {PASSWORD_MIN_CHARS} y {PASSWORD_MAX_CHARS} caracteres. Sus sesiones se cerrarán."))
                                                        .errors((*reset_error).clone()),
                                                    (*new_password).clone().into(), setter(&new_password),
                                                    InputOptions { input_type: Some("password"), autocomplete: Some("new-password"), ..InputOptions::default() }) }
                                                <button type="submit" class="primary">{ "Guardar contraseña" }</button>
                                                <button type="button" class="secondary" onclick={close_reset}>{ "Cancelar" }</button>
                                            </form>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The new-account form as typed, kept as the administrator's draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AccountDraft {
    bank: String,
    account_type: String,
    number: String,
    holder: String,
}

impl Default for AccountDraft {
    fn default() -> AccountDraft {
        AccountDraft {
            bank: String::new(),
            account_type: AccountType::Corriente.as_str().to_owned(),
            number: String::new(),
            holder: String::new(),
        }
    }
}

impl AccountDraft {
    fn is_blank(&self) -> bool {
        *self == AccountDraft::default()
    }
}

#[function_component]
fn BankAccounts() -> Html {
    let session = use_session();
    let user_id = session.user().map_or(0, |u| u.id);
    let api = Api::new(session);
    let accounts = use_state(Vec::<BankAccount>::new);
    let (generation, reload) = use_generation();
    let (draft, restored) =
        use_draft(user_id, "admin.nueva-cuenta".into(), AccountDraft::default, AccountDraft::is_blank);
    let message = use_state(|| restored.then(|| "Se recuperó la cuenta que estaba agregando.".to_owned()));
    let errors = use_state(FieldErrors::new);

    {
        let (api, accounts, message) = (api.clone(), accounts.clone(), message.clone());
        use_effect_with(generation, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api.get::<Vec<BankAccount>>("/api/v1/bank-accounts", &[]).await {
                    Ok(list) => accounts.set(list),
                    Err(e) => message.set(Some(e.message())),
                }
            });
        });
    }
    let create = {
        let (api, reload, message, errors, draft) =
            (api.clone(), reload.clone(), message.clone(), errors.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(kind) = AccountType::parse_code(&draft.account_type) else { return };
            let body = NewBankAccount {
                bank: draft.bank.clone(),
                account_type: kind,
                number: draft.number.clone(),
                holder: draft.holder.clone(),
            };
            let (api, reload, message, errors, draft) =
                (api.clone(), reload.clone(), message.clone(), errors.clone(), draft.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.post::<_, BankAccount>("/api/v1/bank-accounts", &body).await {
                    Ok(account) => {
                        message.set(Some(format!("Cuenta {} agregada.", account.number)));
                        errors.set(FieldErrors::new());
                        // Bank, type and holder stay for the next account of the same bank.
                        draft.set(AccountDraft { number: String::new(), ..(*draft).clone() });
                        reload.emit(());
                    }
                    Err(failure) => {
                        errors.set(field_errors(&failure));
                        message.set(Some(failure.message()));
                    }
                }
            });
        })
    };
    let err = |f: &str| errors.get(f).cloned().unwrap_or_default();
    let set = |apply: fn(&mut AccountDraft, String)| field_setter(&draft, apply);
    html! {
        <section aria-labelledby="accounts-title" class="panel">
            <h2 id="accounts-title">{ "Cuentas bancarias oficiales" }</h2>
            <div aria-live="polite">if let Some(m) = &*message { <p class="notice">{ m }</p> }</div>
            <form class="inline-form" onsubmit={create} novalidate=true aria-label="Agregar cuenta">
                { text_input(Field::new("acc-bank", "Banco").errors(err("bank")), draft.bank.clone().into(), set(|d, v| d.bank = v),
                    InputOptions::default()) }
                { select(Field::new("acc-type", "Tipo"), &draft.account_type, &choices(AccountType::ALL, AccountType::as_str, AccountType::label),
                    None, set(|d, v| d.account_type = v)) }
                { text_input(Field::new("acc-number", "Número").errors(err("number")), draft.number.clone().into(), set(|d, v| d.number = v),
                    InputOptions { inputmode: Some("numeric"), ..InputOptions::default() }) }
                { text_input(Field::new("acc-holder", "Titular").errors(err("holder")), draft.holder.clone().into(), set(|d, v| d.holder = v),
                    InputOptions::default()) }
                <button type="submit" class="primary">{ "Agregar cuenta" }</button>
            </form>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">{ "Banco" }</th><th scope="col">{ "Tipo" }</th><th scope="col">{ "Número" }</th>
                        <th scope="col">{ "Titular" }</th><th scope="col">{ "Estado" }</th><th scope="col">{ "Acción" }</th></tr></thead>
                    <tbody>
                        { for accounts.iter().map(|a| {
                            let (id, active) = (a.id, a.active);
                            let toggle = {
                                let (api, reload, message) = (api.clone(), reload.clone(), message.clone());
                                Callback::from(move |_: MouseEvent| {
                                    let (api, reload, message) = (api.clone(), reload.clone(), message.clone());
                                    wasm_bindgen_futures::spawn_local(async move {
                                        let patch = BankAccountPatch { active: Some(!active), ..BankAccountPatch::default() };
                                        if let Err(e) = api.patch::<_, BankAccount>(&format!("/api/v1/bank-accounts/{id}"), &patch).await {
                                            message.set(Some(e.message()));
                                        }
                                        reload.emit(());
                                    });
                                })
                            };
                            html! {
                                <tr key={a.id}>
                                    <td>{ &a.bank }</td><td>{ a.account_type.label() }</td><td>{ &a.number }</td><td>{ &a.holder }</td>
                                    <td>{ if a.active { "Activa" } else { "Retirada" } }</td>
                                    <td><button type="button" class="secondary" onclick={toggle}>{ if a.active { "Retirar" } else { "Reactivar" } }</button></td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
