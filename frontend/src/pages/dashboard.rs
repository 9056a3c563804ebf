//! "Tablero": the figures of the period, as SVG charts and as tables.

use yew::prelude::*;

#[function_component]
pub fn DashboardPage() -> Html {
    html! { <section class="page"><h1>{ "Tablero" }</h1></section> }
}
