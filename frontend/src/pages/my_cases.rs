//! "Mis casos": the open cases assigned to the collections agent, oldest first.

use yew::prelude::*;

#[function_component]
pub fn MyCasesPage() -> Html {
    html! { <section class="page"><h1>{ "Mis casos" }</h1></section> }
}
