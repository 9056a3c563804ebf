//! The administration bundle (`/administracion`): administrators only.

use shared::Role;
use yew::prelude::*;

use crate::components::shell::Shell;
use crate::pages::admin::AdminPage;

#[function_component]
pub fn AdminApp() -> Html {
    let render = Callback::from(|role: Role| match role {
        Role::Admin => html! { <AdminPage /> },
        _ => crate::pages::no_access(),
    });
    html! { <Shell {render} /> }
}
