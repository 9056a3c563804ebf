//! The case-log bundle's root: the session, the router, and which screen each route shows to whom.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::layout::Layout;
use crate::pages::{
    cases::CasesPage, confirm_account::ConfirmAccountPage, login::LoginPage, new_case::NewCasePage,
};
use crate::route::Route;
use crate::session::{self, SessionHandle, SessionState};

#[function_component]
pub fn App() -> Html {
    let session = use_reducer(|| SessionState { session: session::load(), notice: None });
    html! {
        <ContextProvider<SessionHandle> context={session}>
            <BrowserRouter>
                <Switch<Route> render={switch} />
            </BrowserRouter>
        </ContextProvider<SessionHandle>>
    }
}

fn switch(route: Route) -> Html {
    html! { <Guard {route} /> }
}

#[derive(Properties, PartialEq)]
struct GuardProps {
    route: Route,
}

/// Without a session every route shows the sign-in page (the address stays, so the user lands
/// where they were after signing in); with one, the route's screen if the role may use it.
#[function_component]
fn Guard(props: &GuardProps) -> Html {
    let session = session::use_session();
    let Some(role) = session.role() else {
        return html! { <LoginPage /> };
    };
    let page = match &props.route {
        Route::Login | Route::Cases => html! { <CasesPage /> },
        Route::NewCase if shared::rules::may_create_cases(role) => html! { <NewCasePage /> },
        Route::NewCase => crate::pages::no_access(),
        Route::ConfirmAccount => html! { <ConfirmAccountPage /> },
        Route::NotFound => crate::pages::not_found(),
    };
    html! { <Layout>{ page }</Layout> }
}
