//! "Mis casos": the open cases assigned to the collections agent (or taken by the supervisor),
//! oldest first, with the numbers to call the customer back on; and the cases they may take,
//! each with a "Tomar" button.

use shared::CaseStatus;
use shared::api::{CaseDto, MY_CASES_LIMIT, TransitionRequest};
use yew::prelude::*;

use crate::components::case_table::{Column, case_table};
use crate::components::remote::{Remote, load_state, use_remote};
use crate::format;
use crate::pages::queue::shown_count;
use crate::services::Api;
use crate::session::use_session;

const MINE: &[Column] = &[
    Column::Age,
    Column::Customer,
    Column::CollectionType,
    Column::Reference,
    Column::Status,
    Column::Phones,
];

const AVAILABLE: &[Column] =
    &[Column::Age, Column::Customer, Column::CollectionType, Column::Reference, Column::Province];

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

/// The outcome of the last "Tomar", said in the page's live region.
#[derive(Debug, Clone, PartialEq)]
struct Notice {
    ok: bool,
    text: String,
}

/// What the loading line and the error of one list say.
fn load_line<'a, T>(remote: &'a Remote<T>, loading: &'a str) -> (Option<&'a str>, Option<&'a str>) {
    match remote {
        Remote::Loading => (Some(loading), None),
        Remote::Failed(message) => (None, Some(message.as_str())),
        Remote::Ready(_) => (None, None),
    }
}

#[function_component]
pub fn MyCasesPage() -> Html {
    let api = Api::new(use_session());
    let (mine, reload_mine) = use_remote::<Vec<CaseDto>>("/api/v1/my-cases");
    let (available, reload_available) = use_remote::<Vec<CaseDto>>("/api/v1/available-cases");
    let taking = use_state(|| None::<i64>);
    let notice = use_state(|| None::<Notice>);
    let now = format::now();

    // Taking a case moves it to EN_GESTION in the caller's name; both lists are read again, also
    // when someone else was faster (the case is then no longer available).
    let take = {
        let (taking, notice) = (taking.clone(), notice.clone());
        let (reload_mine, reload_available) = (reload_mine.clone(), reload_available.clone());
        let reload = Callback::from(move |()| {
            reload_mine.emit(());
            reload_available.emit(());
        });
        move |case: &CaseDto| {
            let (id, version) = (case.id, case.version);
            let (api, taking, notice, reload) = (api.clone(), taking.clone(), notice.clone(), reload.clone());
            Callback::from(move |_: MouseEvent| {
                let (api, taking, notice, reload) =
                    (api.clone(), taking.clone(), notice.clone(), reload.clone());
                taking.set(Some(id));
                notice.set(None);
                wasm_bindgen_futures::spawn_local(async move {
                    let body =
                        TransitionRequest { to: CaseStatus::EnGestion, outcome: None, note: None, version };
                    let body = serde_json::to_string(&body).unwrap_or_default();
                    let path = format!("/api/v1/cases/{id}/transitions");
                    let answer = api.post_encoded(&path, body).await;
                    taking.set(None);
                    notice.set(Some(match answer {
                        Ok(()) => Notice { ok: true, text: format!("Tomó el caso Nº {id}: ahora está en sus casos.") },
                        Err(failure) if failure.is_stale() => Notice {
                            ok: false,
                            text: format!("El caso Nº {id} cambió mientras lo tomaba (otra persona lo tomó o lo corrigió). Las listas se actualizaron."),
                        },
                        Err(failure) => {
                            Notice { ok: false, text: format!("No se pudo tomar el caso Nº {id}: {}", failure.message()) }
                        }
                    }));
                    reload.emit(());
                });
            })
        }
    };
    let take_button = |case: &CaseDto| {
        let busy = *taking == Some(case.id);
        html! {
            <button type="button" class="secondary" disabled={taking.is_some()}
                aria-label={format!("Tomar el caso Nº {}", case.id)} onclick={take(case)}>
                { if busy { "Tomando…" } else { "Tomar" } }
            </button>
        }
    };

    let (mine_loading, mine_error) = load_line(&mine, "Cargando sus casos…");
    let (available_loading, available_error) = load_line(&available, "Cargando los casos disponibles…");
    html! {
        <section class="page my-cases" aria-labelledby="my-cases-title">
            <h1 id="my-cases-title">{ "Mis casos" }</h1>
            <div id="take-result" aria-live="polite">
                if let Some(n) = &*notice {
                    <p class={if n.ok { "notice" } else { "alert error" }}>{ n.text.clone() }</p>
                }
            </div>

            <section id="mine" class="queue-section" aria-labelledby="mine-title">
                <h2 id="mine-title">{ "Asignados a mí" }</h2>
                <p class="hint">
                    { "Sus casos pendientes y en gestión, el más antiguo primero. Abra el caso para registrar la gestión, comentar y resolver." }
                </p>
                { load_state(mine_loading, mine_error, &reload_mine) }
                if let Remote::Ready(list) = &*mine {
                    <p class={if list.is_empty() { "empty" } else { "summary-line" }} role="status">{ summary(list, now) }</p>
                    if !list.is_empty() {
                        { case_table("mine-title", MINE, list, now, None) }
                    }
                    if list.len() as i64 >= MY_CASES_LIMIT {
                        <p class="hint">{ format!("Se muestran sus {MY_CASES_LIMIT} casos más antiguos.") }</p>
                    }
                }
            </section>

            <section id="available" class="queue-section" aria-labelledby="available-title">
                <h2 id="available-title">
                    { "Disponibles para tomar" }
                    if let Remote::Ready(list) = &*available { { format!(" ({})", shown_count(list.len())) } }
                </h2>
                <p class="hint">
                    { "Casos pendientes sin asignar, validados en back-office cuando su tipo lo exige, el más antiguo primero. Al tomarlo pasa a «En gestión» a su nombre." }
                </p>
                { load_state(available_loading, available_error, &reload_available) }
                if let Remote::Ready(list) = &*available {
                    if list.is_empty() {
                        <p class="empty">{ "No hay casos disponibles para tomar." }</p>
                    } else {
                        { case_table("available-title", AVAILABLE, list, now, Some(("Acción", &take_button))) }
                    }
                }
            </section>
        </section>
    }
}
