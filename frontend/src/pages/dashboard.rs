//! "Tablero": the supervisors' figures, open cases now and what happened in the period, as SVG
//! charts drawn by the app, each with its numbers as a table.

use std::collections::BTreeMap;

use gloo_timers::callback::Timeout;
use shared::api::{DASHBOARD_DEFAULT_DAYS, Dashboard, UserCount};
use shared::{CaseStatus, FieldErrors};
use yew::prelude::*;

use crate::components::chart::{Bar, Group, bar_chart, bars_table, grouped_bar_chart, table_details};
use crate::components::field::{Field, InputOptions, text_input};
use crate::components::remote::load_state;
use crate::format;
use crate::services::{Api, ApiFailure};
use crate::session::use_session;

/// The period asked for, as typed in the date inputs (`YYYY-MM-DD`); empty: the server's default.
#[derive(Debug, Clone, Default, PartialEq)]
struct Period {
    from: String,
    to: String,
}

impl Period {
    fn query(&self) -> Vec<(&'static str, String)> {
        [("from", &self.from), ("to", &self.to)]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, v.clone()))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Loading,
    Shown,
    Failed { message: String, fields: FieldErrors },
}

/// Typing a date fires an input per digit: ask once the user pauses.
const TYPING_PAUSE_MS: u32 = 400;

#[function_component]
pub fn DashboardPage() -> Html {
    let api = Api::new(use_session());
    let period = use_state(Period::default);
    let attempt = use_state(|| 0u32);
    let data = use_state(|| None::<Dashboard>);
    let status = use_state(|| Status::Loading);
    // Only the answer to the latest request is shown, whatever order the answers arrive in.
    let latest = use_mut_ref(|| 0u32);

    {
        let (data, status) = (data.clone(), status.clone());
        use_effect_with(((*period).clone(), *attempt), move |(period, _)| {
            status.set(Status::Loading);
            let query = period.query();
            let delay = if *period == Period::default() { 0 } else { TYPING_PAUSE_MS };
            let generation = {
                let mut latest = latest.borrow_mut();
                *latest += 1;
                *latest
            };
            let timer = Timeout::new(delay, move || {
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = api.get::<Dashboard>("/api/v1/dashboard", &query).await;
                    if *latest.borrow() != generation {
                        return;
                    }
                    match answer {
                        Ok(found) => {
                            data.set(Some(found));
                            status.set(Status::Shown);
                        }
                        Err(ApiFailure::Refused(body)) => status.set(Status::Failed {
                            message: body.message,
                            fields: body.fields.unwrap_or_default(),
                        }),
                        Err(other) => status
                            .set(Status::Failed { message: other.message(), fields: FieldErrors::new() }),
                    }
                });
            });
            move || drop(timer)
        });
    }

    // The inputs show the period asked for, or else the one the server chose; changing one date
    // sends both as shown, so that the other does not move.
    let shown = |asked: &String, answered: fn(&Dashboard) -> String| {
        if asked.is_empty() { data.as_ref().map(answered).unwrap_or_default() } else { asked.clone() }
    };
    let (from, to) = (shown(&period.from, |d| d.from.to_string()), shown(&period.to, |d| d.to.to_string()));
    let set_from = {
        let (period, to) = (period.clone(), to.clone());
        Callback::from(move |v: String| period.set(Period { from: v, to: to.clone() }))
    };
    let set_to = {
        let (period, from) = (period.clone(), from.clone());
        Callback::from(move |v: String| period.set(Period { from: from.clone(), to: v }))
    };
    let reset = {
        let period = period.clone();
        Callback::from(move |_: MouseEvent| period.set(Period::default()))
    };
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    let (loading, error, fields) = match &*status {
        Status::Loading if data.is_none() => (Some("Cargando el tablero…"), None, None),
        Status::Loading => (Some("Actualizando…"), None, None),
        Status::Failed { message, fields } => (None, Some(message.as_str()), Some(fields)),
        Status::Shown => (None, None, None),
    };
    let errors_of = |name: &str| fields.and_then(|f| f.get(name)).cloned().unwrap_or_default();
    let date = InputOptions { input_type: Some("date"), ..InputOptions::default() };

    html! {
        <section class="page dashboard" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">{ "Tablero" }</h1>
            <form class="period-filter" role="search" aria-label="Periodo del tablero"
                onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { text_input(Field::new("from", "Desde").errors(errors_of("from")), from.into(), set_from, date.clone()) }
                { text_input(Field::new("to", "Hasta").errors(errors_of("to")), to.into(), set_to, date) }
                if *period != Period::default() {
                    <button type="button" class="secondary" onclick={reset}>{ format!("Últimos {DASHBOARD_DEFAULT_DAYS} días") }</button>
                }
            </form>
            { load_state(loading, error, &retry) }
            if let Some(d) = &*data {
                <div class="dashboard-body" aria-busy={(*status == Status::Loading).to_string()}>
                    { body(d) }
                </div>
            }
        </section>
    }
}

fn body(d: &Dashboard) -> Html {
    let days = (d.to - d.from).num_days() + 1;
    let open: i64 = d.open_by_status.values().sum();
    let count_of = |status: CaseStatus| d.open_by_status.get(&status).copied().unwrap_or(0);
    let created: i64 = d.per_day.iter().map(|day| day.created).sum();
    let resolved: i64 = d.per_day.iter().map(|day| day.resolved).sum();
    html! {
        <>
            <p class="period-line" id="period-line">
                { format!("Periodo: del {} al {} ({} {}). Los casos abiertos se cuentan al momento de la consulta.",
                    format::date(d.from), format::date(d.to), days, if days == 1 { "día" } else { "días" }) }
            </p>
            <dl class="kpis">
                <div>
                    <dt>{ "Casos abiertos" }</dt>
                    <dd id="kpi-open">{ format::count(open) }
                        <span class="sub">{ format!("{} pendientes · {} en gestión",
                            format::count(count_of(CaseStatus::Pendiente)), format::count(count_of(CaseStatus::EnGestion))) }</span>
                    </dd>
                </div>
                <div><dt>{ "Esperan validación" }</dt><dd id="kpi-awaiting">{ format::count(d.awaiting_validation) }</dd></div>
                <div><dt>{ "Registrados en el periodo" }</dt><dd id="kpi-created">{ format::count(created) }</dd></div>
                <div><dt>{ "Resueltos en el periodo" }</dt><dd id="kpi-resolved">{ format::count(resolved) }</dd></div>
            </dl>

            <h2>{ "Casos abiertos ahora" }</h2>
            <div class="dash-grid">
                { bars_card("status", "Por estado", "Estado", &breakdown(&d.open_by_status, CaseStatus::label), "No hay casos abiertos.") }
                { bars_card("type", "Por tipo de cobranza", "Tipo de cobranza",
                    &breakdown(&d.open_by_collection_type, shared::CollectionType::label), "No hay casos abiertos.") }
                { bars_card("line", "Por línea de negocio", "Línea de negocio",
                    &breakdown(&d.open_by_business_line, shared::BusinessLine::label), "No hay casos abiertos.") }
                { bars_card("age", "Por antigüedad", "Antigüedad", &age_bars(d), "No hay casos abiertos.") }
                { bars_card("province", "Por provincia", "Provincia", &provinces(d), "No hay casos abiertos.") }
            </div>

            <h2>{ "Actividad del periodo" }</h2>
            <div class="dash-grid">
                { per_day_card(d) }
                { bars_card("created-by", "Registrados por agente", "Agente", &user_bars(&d.created_by_agent),
                    "No se registraron casos en el periodo.") }
                { bars_card("resolved-by", "Resueltos por agente de cobranzas", "Agente de cobranzas",
                    &user_bars(&d.resolved_by_agent), "No se resolvieron casos en el periodo.") }
                { bars_card("median", "Mediana de horas hasta resolver, por tipo", "Tipo de cobranza", &median_bars(d),
                    "No se resolvieron casos en el periodo.") }
            </div>
        </>
    }
}

/// A card with a bar chart and its table, or `empty` when there are no bars.
fn bars_card(id: &str, title: &str, label_head: &str, bars: &[Bar], empty: &str) -> Html {
    let heading = format!("card-{id}");
    html! {
        <section class="dash-card" id={format!("chart-{id}")} aria-labelledby={heading.clone()}>
            <h3 id={heading}>{ title.to_owned() }</h3>
            if bars.is_empty() {
                <p class="empty">{ empty.to_owned() }</p>
            } else {
                { bar_chart(title, bars) }
                { bars_table(&format!("t-{id}"), title, [label_head, "Casos"], bars) }
            }
        </section>
    }
}

/// The bars, or none when they are all zero: a chart of empty bars says less than a sentence.
fn unless_all_zero(bars: Vec<Bar>) -> Vec<Bar> {
    if bars.iter().all(|b| b.value <= 0.0) { Vec::new() } else { bars }
}

/// Every value of a vocabulary with its count, in the vocabulary's order (zeros included).
fn breakdown<T: Copy>(counts: &BTreeMap<T, i64>, label: fn(T) -> &'static str) -> Vec<Bar> {
    unless_all_zero(counts.iter().map(|(k, n)| Bar::count(label(*k), *n)).collect())
}

/// The dashboard's age buckets; the oldest in the alert colour when it has cases.
fn age_bars(d: &Dashboard) -> Vec<Bar> {
    let a = &d.open_age;
    let old = Bar { alert: a.over_7_days > 0, ..Bar::count("7 días o más", a.over_7_days) };
    unless_all_zero(vec![
        Bar::count("Menos de 24 h", a.under_1_day),
        Bar::count("De 1 a 3 días", a.from_1_to_3_days),
        Bar::count("De 3 a 7 días", a.from_3_to_7_days),
        old,
    ])
}

/// The provinces with open cases, most first (all 24 would mostly be empty bars).
fn provinces(d: &Dashboard) -> Vec<Bar> {
    let mut with_cases: Vec<_> = d.open_by_province.iter().filter(|(_, n)| **n > 0).collect();
    with_cases.sort_by(|a, b| b.1.cmp(a.1).then(a.0.label().cmp(b.0.label())));
    with_cases.into_iter().map(|(p, n)| Bar::count(p.label(), *n)).collect()
}

/// Users by name; the user name is added where two people share a full name.
pub fn user_labels(users: &[UserCount]) -> Vec<String> {
    users
        .iter()
        .map(|u| {
            let shared_name = users.iter().filter(|o| o.user.full_name == u.user.full_name).count() > 1;
            if shared_name {
                format!("{} ({})", u.user.full_name, u.user.username)
            } else {
                u.user.full_name.clone()
            }
        })
        .collect()
}

fn user_bars(users: &[UserCount]) -> Vec<Bar> {
    user_labels(users).into_iter().zip(users).map(|(label, u)| Bar::count(label, u.count)).collect()
}

fn median_bars(d: &Dashboard) -> Vec<Bar> {
    if d.median_hours_to_resolve.values().all(Option::is_none) {
        return Vec::new();
    }
    d.median_hours_to_resolve
        .iter()
        .map(|(ct, hours)| match hours {
            Some(h) => Bar {
                label: ct.label().to_owned(),
                value: *h,
                text: format!("{} h", format::decimal(*h)),
                alert: false,
            },
            None => Bar {
                label: ct.label().to_owned(),
                value: 0.0,
                text: "Sin resueltos".to_owned(),
                alert: false,
            },
        })
        .collect()
}

/// What a screen reader says for the per-day chart.
pub fn per_day_summary(d: &Dashboard) -> String {
    let created: i64 = d.per_day.iter().map(|day| day.created).sum();
    let resolved: i64 = d.per_day.iter().map(|day| day.resolved).sum();
    let mut text = format!(
        "Registrados y resueltos por día, del {} al {}: {} registrados y {} resueltos en total.",
        format::date(d.from),
        format::date(d.to),
        format::count(created),
        format::count(resolved)
    );
    // The earliest of the busiest days (`max_by_key` keeps the last of equals).
    if let Some(busiest) = d.per_day.iter().rev().filter(|day| day.created > 0).max_by_key(|day| day.created)
    {
        text.push_str(&format!(
            " Día con más registros: {} ({}).",
            format::date(busiest.day),
            format::count(busiest.created)
        ));
    }
    text
}

fn per_day_card(d: &Dashboard) -> Html {
    let title = "Registrados y resueltos por día";
    let groups: Vec<Group> = d
        .per_day
        .iter()
        .map(|day| Group {
            axis_label: format::day_month(day.day),
            name: format::date(day.day),
            values: [day.created, day.resolved],
        })
        .collect();
    let rows = d
        .per_day
        .iter()
        .map(|day| (format::date(day.day), vec![format::count(day.created), format::count(day.resolved)]))
        .collect();
    let created: i64 = d.per_day.iter().map(|day| day.created).sum();
    let resolved: i64 = d.per_day.iter().map(|day| day.resolved).sum();
    let total = ("Total".to_owned(), vec![format::count(created), format::count(resolved)]);
    html! {
        <section class="dash-card wide" id="chart-per-day" aria-labelledby="card-per-day">
            <h3 id="card-per-day">{ title }</h3>
            if created == 0 && resolved == 0 {
                <p class="empty">{ "No se registraron ni resolvieron casos en el periodo." }</p>
            } else {
                { grouped_bar_chart(&per_day_summary(d), ["Registrados", "Resueltos"], &groups) }
                { table_details("t-per-day", title, &["Día", "Registrados", "Resueltos"], rows, Some(total)) }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use shared::api::{AgeBuckets, DayCount, UserRef};
    use shared::{CollectionType, Province};

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    fn user(id: i64, username: &str, full_name: &str, count: i64) -> UserCount {
        UserCount { user: UserRef { id, username: username.into(), full_name: full_name.into() }, count }
    }

    fn dashboard(per_day: &[(u32, i64, i64)]) -> Dashboard {
        Dashboard {
            from: day(1),
            to: day(3),
            open_by_status: BTreeMap::new(),
            open_by_collection_type: CollectionType::ALL.iter().map(|c| (*c, 0)).collect(),
            open_by_business_line: BTreeMap::new(),
            open_by_province: [
                (Province::Azuay, 2),
                (Province::Guayas, 5),
                (Province::Loja, 2),
                (Province::Napo, 0),
            ]
            .into_iter()
            .collect(),
            open_age: AgeBuckets::default(),
            awaiting_validation: 0,
            created_by_agent: Vec::new(),
            resolved_by_agent: Vec::new(),
            per_day: per_day
                .iter()
                .map(|(d, created, resolved)| DayCount {
                    day: day(*d),
                    created: *created,
                    resolved: *resolved,
                })
                .collect(),
            median_hours_to_resolve: CollectionType::ALL.iter().map(|c| (*c, None)).collect(),
        }
    }

    #[test]
    fn the_period_query_sends_only_the_dates_chosen() {
        assert!(Period::default().query().is_empty(), "the server's default period");
        let both = Period { from: "2026-11-01".into(), to: "2026-11-30".into() };
        assert_eq!(both.query(), [("from", "2026-11-01".to_owned()), ("to", "2026-11-30".to_owned())]);
        let to_only = Period { from: String::new(), to: "2026-11-30".into() };
        assert_eq!(to_only.query(), [("to", "2026-11-30".to_owned())]);
    }

    #[test]
    fn people_who_share_a_name_are_told_apart_by_user_name() {
        let users = [
            user(1, "ana.loor", "Ana Loor", 3),
            user(2, "ana.loor2", "Ana Loor", 2),
            user(3, "jp", "Juan Paz", 1),
        ];
        assert_eq!(user_labels(&users), ["Ana Loor (ana.loor)", "Ana Loor (ana.loor2)", "Juan Paz"]);
    }

    #[test]
    fn only_provinces_with_open_cases_are_drawn_most_first() {
        let labels: Vec<String> = provinces(&dashboard(&[])).into_iter().map(|b| b.label).collect();
        assert_eq!(labels, ["Guayas", "Azuay", "Loja"]);
    }

    #[test]
    fn empty_breakdowns_and_medians_draw_no_chart() {
        let d = dashboard(&[]);
        assert!(breakdown(&d.open_by_collection_type, CollectionType::label).is_empty());
        assert!(age_bars(&d).is_empty());
        assert!(median_bars(&d).is_empty());
        let mut resolved = d.clone();
        resolved.median_hours_to_resolve.insert(CollectionType::Coactiva, Some(12.5));
        let texts: Vec<String> = median_bars(&resolved).into_iter().map(|b| b.text).collect();
        assert_eq!(texts, ["Sin resueltos", "Sin resueltos", "12,5 h", "Sin resueltos"]);
    }

    #[test]
    fn the_per_day_chart_is_summed_up_for_screen_readers() {
        let d = dashboard(&[(1, 2, 0), (2, 4, 1), (3, 4, 2)]);
        assert_eq!(
            per_day_summary(&d),
            "Registrados y resueltos por día, del 01/12/2026 al 03/12/2026: 10 registrados y 3 resueltos en \
             total. Día con más registros: 02/12/2026 (4)."
        );
        let quiet = dashboard(&[(1, 0, 0)]);
        assert!(!per_day_summary(&quiet).contains("Día con más"), "{}", per_day_summary(&quiet));
    }
}
