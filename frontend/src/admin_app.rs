//! The administration bundle's root: administrators only.

use shared::Role;
use yew::prelude::*;

use crate::components::layout::Layout;
use crate::pages::{admin::AdminPage, login::LoginPage};
use crate::session::{self, SessionHandle, SessionState};

#[function_component]
pub fn AdminApp() -> Html {
    let session = use_reducer(|| SessionState { session: session::load(), notice: None });
    let page = match session.role() {
        None => {
            return html! { <ContextProvider<SessionHandle> context={session}><LoginPage /></ContextProvider<SessionHandle>> };
        }
        Some(Role::Admin) => html! { <AdminPage /> },
        Some(_) => crate::pages::no_access(),
    };
    html! {
        <ContextProvider<SessionHandle> context={session}>
            <Layout>{ page }</Layout>
        </ContextProvider<SessionHandle>>
    }
}
