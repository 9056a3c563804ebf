//! The case tables of the follow-up screens: one row per case, headed by the case number that
//! links to the case's page, with the columns each screen needs. On a narrow screen each row is
//! shown as a card (app.css, `table.stack`); the explicit ARIA roles keep the table semantics that
//! browsers drop when CSS changes a table's display.

use chrono::{DateTime, Utc};
use shared::ValidationResult;
use shared::api::CaseDto;
use yew::prelude::*;

use crate::components::status::status_badge;
use crate::format;
use crate::route::case_path;

/// A column after the case number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Time since registration ("hace 3 días") and the date.
    Age,
    /// Name and identity document.
    Customer,
    CollectionType,
    /// Service number or DUMMY, with what it is.
    Reference,
    Status,
    /// The numbers to call the customer back on.
    Phones,
    /// The back-office check (ATFPJC).
    Validation,
    AssignedTo,
    CreatedBy,
    Province,
}

impl Column {
    pub fn header(self) -> &'static str {
        match self {
            Column::Age => "Registrado",
            Column::Customer => "Cliente",
            Column::CollectionType => "Tipo",
            Column::Reference => "Referencia",
            Column::Status => "Estado",
            Column::Phones => "Teléfonos",
            Column::Validation => "Validación",
            Column::AssignedTo => "Asignado a",
            Column::CreatedBy => "Registró",
            Column::Province => "Provincia",
        }
    }
}

/// Open cases this old or older are marked (the dashboard's last age bucket).
pub const OLD_AFTER_DAYS: i64 = 7;

/// What a row offers to do with its case (e.g. "Tomar"): the column's header and the control.
pub type RowAction<'a> = (&'static str, &'a dyn Fn(&CaseDto) -> Html);

/// A table of cases, labelled by the heading `labelled_by`, with an optional last column of
/// actions.
pub fn case_table(
    labelled_by: &str,
    columns: &[Column],
    cases: &[CaseDto],
    now: DateTime<Utc>,
    action: Option<RowAction<'_>>,
) -> Html {
    html! {
        <div class="table-wrap">
            <table class="case-table stack" role="table" aria-labelledby={labelled_by.to_owned()}>
                <thead role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">{ "Caso" }</th>
                        { for columns.iter().map(|c| html! { <th scope="col" role="columnheader">{ c.header() }</th> }) }
                        if let Some((header, _)) = action {
                            <th scope="col" role="columnheader">{ header }</th>
                        }
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    { for cases.iter().map(|case| html! {
                        <tr role="row" key={case.id}>
                            <th scope="row" role="rowheader"><a href={case_path(case.id)}>{ format!("Nº {}", case.id) }</a></th>
                            { for columns.iter().map(|c| html! {
                                <td role="cell" data-label={c.header()}>{ cell(*c, case, now) }</td>
                            }) }
                            if let Some((header, control)) = action {
                                <td role="cell" class="row-action" data-label={header}>{ control(case) }</td>
                            }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn cell(column: Column, case: &CaseDto, now: DateTime<Utc>) -> Html {
    let with_sub = |main: Html, sub: String| html! { <>{ main }<span class="sub">{ sub }</span></> };
    match column {
        Column::Age => {
            let old = (now - case.created_at).num_days() >= OLD_AFTER_DAYS;
            with_sub(
                html! { <span class={classes!("age", old.then_some("old"))}>{ format::age(case.created_at, now) }</span> },
                format::date_time(&case.created_at),
            )
        }
        Column::Customer => with_sub(
            html! { case.customer_name.clone() },
            format!("{} {}", case.document_type.label(), case.document_number),
        ),
        Column::CollectionType => html! { case.collection_type.label() },
        Column::Reference => {
            with_sub(html! { <span class="mono">{ &case.reference }</span> }, case.reference_label.clone())
        }
        Column::Status => status_badge(case.status),
        Column::Phones => phones(case),
        Column::Validation => match &case.validation {
            None => html! { <span class="badge pending">{ "Sin validar" }</span> },
            Some(v) if v.result == ValidationResult::NoEncontrado => with_sub(
                html! { <span class="badge alert">{ v.result.label() }</span> },
                "Corregir tipo o referencia, o anular".to_owned(),
            ),
            Some(v) => html! { <span class="badge resolved">{ v.result.label() }</span> },
        },
        Column::AssignedTo => match &case.assigned_to {
            Some(user) => html! { user.full_name.clone() },
            None => html! { <span class="muted">{ "Sin asignar" }</span> },
        },
        Column::CreatedBy => html! { case.created_by.full_name.clone() },
        Column::Province => html! { case.province.label() },
    }
}

/// The landline and the mobile, grouped for reading aloud, as `tel:` links for softphones.
fn phones(case: &CaseDto) -> Html {
    let phone = |kind: &'static str, number: &str, note: &'static str| {
        html! {
            <li>
                <span class="sub-inline">{ kind }</span>
                <a href={format!("tel:{number}")}>{ format::phone(number) }</a>
                { note }
            </li>
        }
    };
    if case.landline.is_none() && case.mobile.is_none() {
        return html! { <span class="muted">{ "—" }</span> };
    }
    html! {
        <ul class="phones">
            if let Some(landline) = &case.landline { { phone("Fijo ", landline, "") } }
            if let Some(mobile) = &case.mobile {
                { phone("Celular ", mobile, if case.mobile_confirmed { " (confirmado)" } else { "" }) }
            }
        </ul>
    }
}
