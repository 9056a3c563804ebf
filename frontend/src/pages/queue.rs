//! "Cola de supervisión": what the supervisor has to act on, each list oldest first: cases
//! awaiting the back-office validation, cases ready to assign, and every open case by age.

use chrono::{DateTime, Utc};
use shared::api::{CaseDto, QUEUE_LIMIT, SupervisorQueue};
use yew::prelude::*;

use crate::components::case_table::{Column, case_table};
use crate::components::remote::{Remote, load_state, use_remote};
use crate::format;

/// One list of the queue: anchor id, heading, what it is for, what it says when empty, columns.
struct Section {
    id: &'static str,
    title: &'static str,
    hint: &'static str,
    empty: &'static str,
    columns: &'static [Column],
}

const AWAITING: Section = Section {
    id: "awaiting",
    title: "Esperan validación en back-office",
    hint: "Casos extrajudiciales y coactivos abiertos sin validación confirmada en ATFPJC. Valide desde la página \
           del caso; los «No encontrado» esperan una corrección del tipo o la referencia, o la anulación.",
    empty: "No hay casos esperando validación.",
    columns: &[
        Column::Age,
        Column::Customer,
        Column::CollectionType,
        Column::Reference,
        Column::Validation,
        Column::CreatedBy,
    ],
};

const UNASSIGNED: Section = Section {
    id: "unassigned",
    title: "Sin asignar",
    hint: "Casos pendientes listos para asignar a un agente de cobranzas.",
    empty: "No hay casos pendientes de asignación.",
    columns: &[
        Column::Age,
        Column::Customer,
        Column::CollectionType,
        Column::Reference,
        Column::Province,
        Column::CreatedBy,
    ],
};

const OPEN: Section = Section {
    id: "open",
    title: "Casos abiertos por antigüedad",
    hint: "Todos los casos pendientes y en gestión, el más antiguo primero.",
    empty: "No hay casos abiertos.",
    columns: &[
        Column::Age,
        Column::Customer,
        Column::CollectionType,
        Column::Reference,
        Column::Status,
        Column::AssignedTo,
    ],
};

/// The count of a list as shown: the API returns at most `QUEUE_LIMIT` cases per list.
pub fn shown_count(n: usize) -> String {
    if n as i64 >= QUEUE_LIMIT {
        format!("{} o más", format::count(QUEUE_LIMIT))
    } else {
        format::count(n as i64)
    }
}

fn section(s: &Section, cases: &[CaseDto], now: DateTime<Utc>) -> Html {
    let heading = format!("queue-{}-title", s.id);
    html! {
        <section id={s.id} class="queue-section" aria-labelledby={heading.clone()}>
            <h2 id={heading.clone()}>{ format!("{} ({})", s.title, shown_count(cases.len())) }</h2>
            <p class="hint">{ s.hint }</p>
            if cases.is_empty() {
                <p class="empty">{ s.empty }</p>
            } else {
                { case_table(&heading, s.columns, cases, now, None) }
                if cases.len() as i64 >= QUEUE_LIMIT {
                    <p class="hint">{ format!("Se muestran los {QUEUE_LIMIT} más antiguos.") }</p>
                }
            }
        </section>
    }
}

#[function_component]
pub fn QueuePage() -> Html {
    let (queue, reload) = use_remote::<SupervisorQueue>("/api/v1/queue");
    let now = format::now();
    let (loading, error) = match &*queue {
        Remote::Loading => (Some("Cargando la cola…"), None),
        Remote::Failed(message) => (None, Some(message.as_str())),
        Remote::Ready(_) => (None, None),
    };
    html! {
        <section class="page queue" aria-labelledby="queue-title">
            <h1 id="queue-title">{ "Cola de supervisión" }</h1>
            { load_state(loading, error, &reload) }
            if let Remote::Ready(q) = &*queue {
                <nav aria-label="Secciones de la cola">
                    <ul class="tiles">
                        { for [(&AWAITING, &q.awaiting_validation), (&UNASSIGNED, &q.unassigned), (&OPEN, &q.open_by_age)]
                            .into_iter().map(|(s, cases)| html! {
                                <li><a href={format!("#{}", s.id)}>
                                    <strong>{ shown_count(cases.len()) }</strong>{ s.title }
                                </a></li>
                            }) }
                    </ul>
                </nav>
                { section(&AWAITING, &q.awaiting_validation, now) }
                { section(&UNASSIGNED, &q.unassigned, now) }
                { section(&OPEN, &q.open_by_age, now) }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_list_says_there_may_be_more() {
        assert_eq!(shown_count(0), "0");
        assert_eq!(shown_count(7), "7");
        assert_eq!(shown_count(QUEUE_LIMIT as usize), "100 o más");
    }
}
