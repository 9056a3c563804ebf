//! One module per screen.

pub mod admin;
pub mod case_detail;
pub mod cases;
pub mod confirm_account;
pub mod login;
pub mod new_case;

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
