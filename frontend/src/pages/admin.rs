//! "Administración": users (create, role, disable, reset password) and official bank accounts.

use shared::api::{
    BankAccount, BankAccountPatch, NewBankAccount, NewUser, PasswordReset, UserDto, UserPatch,
};
use shared::{AccountType, FieldErrors, Role};
use yew::prelude::*;

use crate::components::field::{Field, InputOptions, choices, select, setter, text_input};
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

#[function_component]
fn Users() -> Html {
    let api = Api::new(use_session());
    let users = use_state(Vec::<UserDto>::new);
    let reload = use_state(|| 0u32);
    let message = use_state(|| None::<String>);
    let (username, full_name, role, password) = (
        use_state(String::new),
        use_state(String::new),
        use_state(|| "AGENTE_N1".to_owned()),
        use_state(String::new),
    );
    let errors = use_state(FieldErrors::new);

    {
        let (api, users, message) = (api.clone(), users.clone(), message.clone());
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api.get::<Vec<UserDto>>("/api/v1/users", &[]).await {
                    Ok(list) => users.set(list),
                    Err(e) => message.set(Some(e.message())),
                }
            });
        });
    }
    let create = {
        let (api, reload, message, errors) = (api.clone(), reload.clone(), message.clone(), errors.clone());
        let (username, full_name, role, password) =
            (username.clone(), full_name.clone(), role.clone(), password.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(role_code) = Role::parse_code(&role) else { return };
            let body = NewUser {
                username: (*username).clone(),
                full_name: (*full_name).clone(),
                role: role_code,
                password: (*password).clone(),
            };
            let (api, reload, message, errors) =
                (api.clone(), reload.clone(), message.clone(), errors.clone());
            let (username, full_name, password) = (username.clone(), full_name.clone(), password.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.post::<_, UserDto>("/api/v1/users", &body).await {
                    Ok(user) => {
                        message.set(Some(format!("Usuario «{}» creado.", user.username)));
                        errors.set(FieldErrors::new());
                        username.set(String::new());
                        full_name.set(String::new());
                        password.set(String::new());
                        reload.set(*reload + 1);
                    }
                    Err(failure) => {
                        errors.set(field_errors(&failure));
                        message.set(Some(failure.message()));
                    }
                }
            });
        })
    };
    let update = {
        let (api, reload, message) = (api.clone(), reload.clone(), message.clone());
        move |id: i64, patch: UserPatch| {
            let (api, reload, message) = (api.clone(), reload.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.patch::<_, UserDto>(&format!("/api/v1/users/{id}"), &patch).await {
                    Ok(user) => message.set(Some(format!("Usuario «{}» actualizado.", user.username))),
                    Err(e) => message.set(Some(e.message())),
                }
                reload.set(*reload + 1);
            });
        }
    };
    let reset = {
        let (api, message) = (api.clone(), message.clone());
        move |id: i64, username: String| {
            let prompt = format!("Nueva contraseña para {username} (mínimo 10 caracteres):");
            let Some(password) =
                web_sys::window().and_then(|w| w.prompt_with_message(&prompt).ok().flatten())
            else {
                return;
            };
            let (api, message) = (api.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api
                    .post_empty(&format!("/api/v1/users/{id}/password"), &PasswordReset { password })
                    .await
                {
                    Ok(()) => message
                        .set(Some(format!("Contraseña de «{username}» cambiada; sus sesiones se cerraron."))),
                    Err(e) => message.set(Some(e.message())),
                }
            });
        }
    };
    let err = |f: &str| errors.get(f).cloned().unwrap_or_default();
    html! {
        <section aria-labelledby="users-title" class="panel">
            <h2 id="users-title">{ "Usuarios" }</h2>
            <div aria-live="polite">if let Some(m) = &*message { <p class="notice">{ m }</p> }</div>
            <form class="inline-form" onsubmit={create} novalidate=true aria-label="Crear usuario">
                { text_input(Field::new("new-username", "Usuario").errors(err("username")), (*username).clone().into(),
                    setter(&username), InputOptions { autocomplete: Some("off"), ..InputOptions::default() }) }
                { text_input(Field::new("new-full_name", "Nombre completo").errors(err("full_name")), (*full_name).clone().into(),
                    setter(&full_name), InputOptions { autocomplete: Some("off"), ..InputOptions::default() }) }
                { select(Field::new("new-role", "Rol"), &role, &role_options(), None, setter(&role)) }
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
                            let (id, active, name) = (u.id, u.active, u.username.clone());
                            let change_role = { let update = update.clone(); Callback::from(move |v: String| {
                                if let Some(role) = Role::parse_code(&v) { update(id, UserPatch { role: Some(role), ..UserPatch::default() }) }
                            }) };
                            let toggle = { let update = update.clone(); Callback::from(move |_: MouseEvent| {
                                update(id, UserPatch { active: Some(!active), ..UserPatch::default() })
                            }) };
                            let reset_click = { let reset = reset.clone(); Callback::from(move |_: MouseEvent| reset(id, name.clone())) };
                            html! {
                                <tr key={u.id}>
                                    <td>{ &u.username }</td>
                                    <td>{ &u.full_name }</td>
                                    <td>{ select(Field::new(format!("role-{}", u.id), format!("Rol de {}", u.username)),
                                        u.role.as_str(), &role_options(), None, change_role) }</td>
                                    <td>{ if u.active { "Activo" } else { "Desactivado" } }</td>
                                    <td class="row-actions">
                                        <button type="button" class="secondary" onclick={toggle}>{ if u.active { "Desactivar" } else { "Activar" } }</button>
                                        <button type="button" class="secondary" onclick={reset_click}>{ "Cambiar contraseña" }</button>
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

#[function_component]
fn BankAccounts() -> Html {
    let api = Api::new(use_session());
    let accounts = use_state(Vec::<BankAccount>::new);
    let reload = use_state(|| 0u32);
    let message = use_state(|| None::<String>);
    let errors = use_state(FieldErrors::new);
    let (bank, account_type, number, holder) = (
        use_state(String::new),
        use_state(|| "CORRIENTE".to_owned()),
        use_state(String::new),
        use_state(String::new),
    );

    {
        let (api, accounts, message) = (api.clone(), accounts.clone(), message.clone());
        use_effect_with(*reload, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api.get::<Vec<BankAccount>>("/api/v1/bank-accounts", &[]).await {
                    Ok(list) => accounts.set(list),
                    Err(e) => message.set(Some(e.message())),
                }
            });
        });
    }
    let create = {
        let (api, reload, message, errors) = (api.clone(), reload.clone(), message.clone(), errors.clone());
        let (bank, account_type, number, holder) =
            (bank.clone(), account_type.clone(), number.clone(), holder.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(kind) = AccountType::parse_code(&account_type) else { return };
            let body = NewBankAccount {
                bank: (*bank).clone(),
                account_type: kind,
                number: (*number).clone(),
                holder: (*holder).clone(),
            };
            let (api, reload, message, errors, number) =
                (api.clone(), reload.clone(), message.clone(), errors.clone(), number.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.post::<_, BankAccount>("/api/v1/bank-accounts", &body).await {
                    Ok(account) => {
                        message.set(Some(format!("Cuenta {} agregada.", account.number)));
                        errors.set(FieldErrors::new());
                        number.set(String::new());
                        reload.set(*reload + 1);
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
    html! {
        <section aria-labelledby="accounts-title" class="panel">
            <h2 id="accounts-title">{ "Cuentas bancarias oficiales" }</h2>
            <div aria-live="polite">if let Some(m) = &*message { <p class="notice">{ m }</p> }</div>
            <form class="inline-form" onsubmit={create} novalidate=true aria-label="Agregar cuenta">
                { text_input(Field::new("acc-bank", "Banco").errors(err("bank")), (*bank).clone().into(), setter(&bank),
                    InputOptions::default()) }
                { select(Field::new("acc-type", "Tipo"), &account_type, &choices(AccountType::ALL, AccountType::as_str, AccountType::label),
                    None, setter(&account_type)) }
                { text_input(Field::new("acc-number", "Número").errors(err("number")), (*number).clone().into(), setter(&number),
                    InputOptions { inputmode: Some("numeric"), ..InputOptions::default() }) }
                { text_input(Field::new("acc-holder", "Titular").errors(err("holder")), (*holder).clone().into(), setter(&holder),
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
                                        reload.set(*reload + 1);
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
