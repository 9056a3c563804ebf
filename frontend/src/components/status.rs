//! The status badge.

use shared::CaseStatus;
use yew::prelude::*;

pub fn status_badge(status: CaseStatus) -> Html {
    let class = match status {
        CaseStatus::Pendiente => "badge pending",
        CaseStatus::EnGestion => "badge working",
        CaseStatus::Resuelto => "badge resolved",
        CaseStatus::Anulado => "badge annulled",
    };
    html! { <span class={class}>{ status.label() }</span> }
}
