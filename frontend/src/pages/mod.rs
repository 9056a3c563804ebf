//! One module per screen.

pub mod admin;
pub mod case_detail;
pub mod case_workflow;
pub mod cases;
pub mod confirm_account;
pub mod dashboard;
pub mod login;
pub mod my_cases;
pub mod new_case;
pub mod queue;

use yew::prelude::*;

/// What a screen shows to a role that may not use it (the server refuses the actions anyway).
pub fn no_access() -> Html {
    html! {
        <section class="page">
            <p class="alert error" role="alert">{ "Su rol no tiene acceso a esta pantalla." }</p>
            <p><a href="/">{ "Volver a la bitácora" }</a></p>
        </section>
    }
}

pub fn not_found() -> Html {
    html! {
        <section class="page"><h1>{ "Página no encontrada" }</h1>
            <p><a href="/">{ "Volver a la bitácora" }</a></p></section>
    }
}
