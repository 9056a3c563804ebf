//! "Bitácora": the case list, newest first, with search, filters and "Cargar más".

use gloo_timers::callback::Timeout;
use shared::api::{CaseDto, CasePage};
use shared::{BusinessLine, CaseStatus, CollectionType, Province};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::field::{Field, InputOptions, choices, select, text_input};
use crate::components::status::status_badge;
use crate::format;
use crate::route::Route;
use crate::services::Api;
use crate::session::use_session;

#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    q: String,
    collection_type: String,
    status: String,
    business_line: String,
    province: String,
    from: String,
    to: String,
}

impl Filters {
    fn query(&self) -> Vec<(&'static str, String)> {
        [
            ("q", &self.q),
            ("collection_type", &self.collection_type),
            ("status", &self.status),
            ("business_line", &self.business_line),
            ("province", &self.province),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.trim().to_owned()))
        .collect()
    }
}

/// The list's columns (the case number first), also each value's label when a row is shown as a
/// card.
const COLUMNS: [&str; 9] =
    ["Nº", "Fecha", "Cliente", "Documento", "Tipo", "Línea", "Referencia", "Estado", "Registró"];
/// Wait this long after the last keystroke in the search box before asking.
const LIST_DEBOUNCE_MS: u32 = 250;

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Loaded,
    Failed(String),
}

#[function_component]
pub fn CasesPage() -> Html {
    let session = use_session();
    let api = Api::new(session.clone());
    let filters = use_state(Filters::default);
    let items = use_state(Vec::<CaseDto>::new);
    let next = use_state(|| None::<String>);
    let load = use_state(|| Load::Loading);
    // Each change of the filters starts a new list: answers for an older one are ignored, and so
    // is a "Cargar más" asked before the change.
    let generation = use_mut_ref(|| 0u32);
    // One "Cargar más" at a time, however fast the button is pressed.
    let loading_more = use_mut_ref(|| false);
    let more_busy = use_state(|| false);

    {
        let (api, items, next, load, generation, loading_more, more_busy) = (
            api.clone(),
            items.clone(),
            next.clone(),
            load.clone(),
            generation.clone(),
            loading_more.clone(),
            more_busy.clone(),
        );
        use_effect_with((*filters).clone(), move |filters| {
            *generation.borrow_mut() += 1;
            let asked = *generation.borrow();
            *loading_more.borrow_mut() = false;
            more_busy.set(false);
            load.set(Load::Loading);
            let query = filters.query();
            // Typing in the search box waits for a pause; a filter choice is sent at once too.
            let timer = Timeout::new(LIST_DEBOUNCE_MS, move || {
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = api.get::<CasePage>("/api/v1/cases", &query).await;
                    if *generation.borrow() != asked {
                        return;
                    }
                    match answer {
                        Ok(page) => {
                            items.set(page.items);
                            next.set(page.next_cursor);
                            load.set(Load::Loaded);
                        }
                        Err(e) => load.set(Load::Failed(e.message())),
                    }
                });
            });
            move || drop(timer)
        });
    }

    let more = {
        let (api, filters, items, next, load, generation, loading_more, more_busy) = (
            api.clone(),
            filters.clone(),
            items.clone(),
            next.clone(),
            load.clone(),
            generation.clone(),
            loading_more.clone(),
            more_busy.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(cursor) = (*next).clone() else { return };
            if *loading_more.borrow() {
                return;
            }
            *loading_more.borrow_mut() = true;
            more_busy.set(true);
            let asked = *generation.borrow();
            let mut query = filters.query();
            query.push(("cursor", cursor));
            let (api, items, next, load, generation, loading_more, more_busy) = (
                api.clone(),
                items.clone(),
                next.clone(),
                load.clone(),
                generation.clone(),
                loading_more.clone(),
                more_busy.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api.get::<CasePage>("/api/v1/cases", &query).await;
                if *generation.borrow() != asked {
                    return;
                }
                *loading_more.borrow_mut() = false;
                more_busy.set(false);
                match answer {
                    Ok(page) => {
                        let mut all = (*items).clone();
                        all.extend(page.items);
                        items.set(all);
                        next.set(page.next_cursor);
                    }
                    Err(e) => load.set(Load::Failed(e.message())),
                }
            });
        })
    };

    let set = |apply: fn(&mut Filters, String)| {
        let filters = filters.clone();
        Callback::from(move |v: String| {
            let mut f = (*filters).clone();
            apply(&mut f, v);
            filters.set(f);
        })
    };
    let can_create = session.role().is_some_and(shared::rules::may_create_cases);
    let can_export = session.role().is_some_and(|r| shared::rules::access::SUPERVISION.contains(&r));
    let exporting = use_state(|| false);
    let export = {
        let (api, filters, load, exporting) = (api.clone(), filters.clone(), load.clone(), exporting.clone());
        Callback::from(move |_: MouseEvent| {
            let (api, query, load, exporting) =
                (api.clone(), filters.query(), load.clone(), exporting.clone());
            exporting.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api.download("/api/v1/cases/export.csv", &query).await {
                    Ok(blob) => {
                        if crate::components::download::save_blob("bitacora.csv", &blob).is_err() {
                            load.set(Load::Failed("El navegador no permitió guardar el archivo.".to_owned()));
                        }
                    }
                    Err(e) => load.set(Load::Failed(e.message())),
                }
                exporting.set(false);
            });
        })
    };
    html! {
        <section class="page cases" aria-labelledby="cases-title">
            <div class="page-head">
                <h1 id="cases-title">{ "Bitácora" }</h1>
                <div class="head-actions">
                    if can_export {
                        <button type="button" class="secondary" onclick={export} disabled={*exporting}>
                            { if *exporting { "Exportando…" } else { "Exportar CSV (filtro actual)" } }
                        </button>
                    }
                    if can_create {
                        <Link<Route> to={Route::NewCase} classes="button primary big-plus">{ "+ Nuevo caso" }</Link<Route>>
                    }
                </div>
            </div>
            <form class="filters" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { text_input(Field::new("q", "Buscar (nombre, documento o referencia)"), filters.q.clone().into(),
                    set(|f, v| f.q = v), InputOptions { input_type: Some("search"), autocomplete: Some("off"), ..InputOptions::default() }) }
                { select(Field::new("f-collection_type", "Tipo"), &filters.collection_type,
                    &choices(CollectionType::ALL, CollectionType::as_str, CollectionType::label), Some("Todos"),
                    set(|f, v| f.collection_type = v)) }
                { select(Field::new("f-status", "Estado"), &filters.status,
                    &choices(CaseStatus::ALL, CaseStatus::as_str, CaseStatus::label), Some("Todos"), set(|f, v| f.status = v)) }
                { select(Field::new("f-business_line", "Línea"), &filters.business_line,
                    &choices(BusinessLine::ALL, BusinessLine::as_str, BusinessLine::label), Some("Todas"),
                    set(|f, v| f.business_line = v)) }
                { select(Field::new("f-province", "Provincia"), &filters.province,
                    &choices(Province::ALL, Province::as_str, Province::label), Some("Todas"), set(|f, v| f.province = v)) }
                { text_input(Field::new("f-from", "Desde"), filters.from.clone().into(), set(|f, v| f.from = v),
                    InputOptions { input_type: Some("date"), ..InputOptions::default() }) }
                { text_input(Field::new("f-to", "Hasta"), filters.to.clone().into(), set(|f, v| f.to = v),
                    InputOptions { input_type: Some("date"), ..InputOptions::default() }) }
            </form>
            <div aria-live="polite" class="list-state">
                { match &*load {
                    Load::Loading => html! { <p class="muted">{ "Cargando…" }</p> },
                    Load::Failed(message) => html! { <p class="alert error" role="alert">{ message }</p> },
                    Load::Loaded if items.is_empty() => html! { <p class="empty">{ "No hay casos que coincidan con la búsqueda." }</p> },
                    Load::Loaded => html! {},
                } }
            </div>
            if !items.is_empty() {
                // On a narrow screen each row is a card (app.css, `table.stack`); the explicit roles
                // keep the table semantics that browsers drop when CSS changes a table's display.
                <div class="table-wrap">
                    <table class="case-table stack" role="table" aria-labelledby="cases-title">
                        <thead role="rowgroup"><tr role="row">
                            { for COLUMNS.iter().map(|c| html! { <th scope="col" role="columnheader">{ *c }</th> }) }
                        </tr></thead>
                        <tbody role="rowgroup">
                            { for items.iter().map(|c| {
                                let values: [Html; 8] = [
                                    html! { format::date_time(&c.created_at) },
                                    html! { c.customer_name.clone() },
                                    html! { c.document_number.clone() },
                                    html! { c.collection_type.label() },
                                    html! { c.business_line.label() },
                                    html! { c.reference.clone() },
                                    status_badge(c.status),
                                    html! { c.created_by.full_name.clone() },
                                ];
                                html! {
                                    <tr role="row" key={c.id}>
                                        <th scope="row" role="rowheader"><a href={crate::route::case_path(c.id)}>{ format!("Nº {}", c.id) }</a></th>
                                        { for COLUMNS[1..].iter().zip(values).map(|(label, value)| html! {
                                            <td role="cell" data-label={*label}>{ value }</td>
                                        }) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            if next.is_some() {
                <button type="button" class="secondary" onclick={more} disabled={*more_busy}>
                    { if *more_busy { "Cargando…" } else { "Cargar más" } }
                </button>
            }
        </section>
    }
}
