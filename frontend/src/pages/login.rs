//! "Ingreso": sign-in with the user's own account.

use yew::prelude::*;

use crate::components::field::{Field, InputOptions, setter, text_input};
use crate::services;
use crate::session::{SessionAction, StoredSession, use_session};

#[function_component]
pub fn LoginPage() -> Html {
    let session = use_session();
    let username = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);

    let onsubmit = {
        let (session, username, password, error, busy) =
            (session.clone(), username.clone(), password.clone(), error.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if username.trim().is_empty() || password.is_empty() {
                error.set(Some("Ingrese su usuario y su contraseña.".to_owned()));
                return;
            }
            busy.set(true);
            let (session, user, pass, error, busy) =
                (session.clone(), (*username).clone(), (*password).clone(), error.clone(), busy.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::login(&user, &pass).await {
                    Ok(tokens) => session.dispatch(SessionAction::SignedIn(StoredSession::from(tokens))),
                    Err(failure) => error.set(Some(failure.message())),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <main id="main" class="login">
            <form class="card" onsubmit={onsubmit} novalidate=true aria-labelledby="login-title">
                <h1 id="login-title">{ "Bitácora de Reclamos Coactiva" }</h1>
                <p class="subtitle">{ "Recaudación Emergente · Ingreso" }</p>
                if let Some(notice) = &session.notice {
                    <p class="notice" role="status">{ notice }</p>
                }
                { text_input(Field::new("username", "Usuario"), (*username).clone().into(), setter(&username),
                    InputOptions { autocomplete: Some("username"), autofocus: true, ..InputOptions::default() }) }
                { text_input(Field::new("password", "Contraseña"), (*password).clone().into(), setter(&password),
                    InputOptions { input_type: Some("password"), autocomplete: Some("current-password"), ..InputOptions::default() }) }
                <div aria-live="assertive">
                    if let Some(message) = &*error { <p class="alert error" role="alert">{ message }</p> }
                </div>
                <button type="submit" class="primary" disabled={*busy}>{ if *busy { "Ingresando…" } else { "Ingresar" } }</button>
            </form>
        </main>
    }
}
