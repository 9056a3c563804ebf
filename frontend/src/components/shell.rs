//! The root of a bundle without client-side routes: the session, the sign-in page when there is
//! none, and the frame around the bundle's screen otherwise.

use shared::Role;
use yew::prelude::*;

use crate::components::layout::Layout;
use crate::pages::login::LoginPage;
use crate::session::{self, SessionHandle, SessionState};

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    /// The screen for the signed-in role.
    pub render: Callback<Role, Html>,
}

#[function_component]
pub fn Shell(props: &ShellProps) -> Html {
    let session = use_reducer(|| SessionState { session: session::load(), notice: None });
    let content = match session.role() {
        None => html! { <LoginPage /> },
        Some(role) => html! { <Layout>{ props.render.emit(role) }</Layout> },
    };
    html! { <ContextProvider<SessionHandle> context={session}>{ content }</ContextProvider<SessionHandle>> }
}

/// The path of the page the browser is showing.
pub fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}
