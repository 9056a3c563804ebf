//! The case bundle (`/casos/{id}`): one case, its history, corrections and workflow.

use shared::Role;
use yew::prelude::*;

use crate::components::shell::{Shell, current_path};
use crate::pages::case_detail::CaseDetailPage;
use crate::route::case_id_of;

#[function_component]
pub fn CaseApp() -> Html {
    let render = Callback::from(|_: Role| match case_id_of(&current_path()) {
        Some(id) => html! { <CaseDetailPage {id} /> },
        None => crate::pages::not_found(),
    });
    html! { <Shell {render} /> }
}
