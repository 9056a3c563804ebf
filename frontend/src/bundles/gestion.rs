//! The follow-up bundle: "Mis casos" (collections agents), "Cola de supervisión" and "Tablero"
//! (supervisors and administrators).

use shared::Role;
use yew::prelude::*;

use crate::components::shell::{Shell, current_path};
use crate::pages::{dashboard::DashboardPage, my_cases::MyCasesPage, queue::QueuePage};
use crate::route::{DASHBOARD_PATH, MY_CASES_PATH, QUEUE_PATH};

#[function_component]
pub fn GestionApp() -> Html {
    let render = Callback::from(|role: Role| {
        let path = current_path();
        let path = path.trim_end_matches('/');
        match path {
            MY_CASES_PATH if crate::components::layout::may_open(role, MY_CASES_PATH) => {
                html! { <MyCasesPage /> }
            }
            QUEUE_PATH if crate::components::layout::may_open(role, QUEUE_PATH) => html! { <QueuePage /> },
            DASHBOARD_PATH if crate::components::layout::may_open(role, DASHBOARD_PATH) => {
                html! { <DashboardPage /> }
            }
            MY_CASES_PATH | QUEUE_PATH | DASHBOARD_PATH => crate::pages::no_access(),
            _ => crate::pages::not_found(),
        }
    });
    html! { <Shell {render} /> }
}
