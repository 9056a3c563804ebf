//! "Cola de supervisión": cases awaiting validation, unassigned, and open cases by age.

use yew::prelude::*;

#[function_component]
pub fn QueuePage() -> Html {
    html! { <section class="page"><h1>{ "Cola de supervisión" }</h1></section> }
}
