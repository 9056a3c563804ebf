//! "Mis casos": the open cases assigned to the collections agent (or taken by the supervisor),
//! oldest first, with the numbers to call the customer back on.

use shared::api::{CaseDto, MY_CASES_LIMIT};
use yew::prelude::*;

use crate::components::case_table::{Column, case_table};
use crate::components::remote::{Remote, load_state, use_remote};
use crate::format;

const COLUMNS: &[Column] = &[
    Column::Age,
    Column::Customer,
    Column::CollectionType,
    Column::Reference,
    Column::Status,
    Column::Phones,
];

/// "3 casos abiertos, el más antiguo registrado hace 5 días."
pub fn summary(cases: &[CaseDto], now: chrono::DateTime<chrono::Utc>) -> String {
    match cases {
        [] => "No tiene casos abiertos asignados.".to_owned(),
        [only] => format!("1 caso abierto, registrado {}.", format::age(only.created_at, now)),
        [oldest, ..] => format!(
            "{} casos abiertos, el más antiguo registrado {}.",
            format::count(cases.len() as i64),
            format::age(oldest.created_at, now)
        ),
    }
}

#[function_component]
pub fn MyCasesPage() -> Html {
    let (cases, retry) = use_remote::<Vec<CaseDto>>("/api/v1/my-cases");
    let now = format::now();
    let (loading, error) = match &*cases {
        Remote::Loading => (Some("Cargando sus casos…"), None),
        Remote::Failed(message) => (None, Some(message.as_str())),
        Remote::Ready(_) => (None, None),
    };
    html! {
        <section class="page my-cases" aria-labelledby="my-cases-title">
            <h1 id="my-cases-title">{ "Mis casos" }</h1>
            <p class="hint">
                { "Sus casos pendientes y en gestión, el más antiguo primero. Abra el caso para registrar la gestión y el resultado." }
            </p>
            { load_state(loading, error, &retry) }
            if let Remote::Ready(list) = &*cases {
                <p class={if list.is_empty() { "empty" } else { "summary-line" }} role="status">{ summary(list, now) }</p>
                if !list.is_empty() {
                    { case_table("my-cases-title", COLUMNS, list, now) }
                }
                if list.len() as i64 >= MY_CASES_LIMIT {
                    <p class="hint">{ format!("Se muestran sus {MY_CASES_LIMIT} casos más antiguos.") }</p>
                }
            }
        </section>
    }
}
