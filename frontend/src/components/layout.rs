//! The frame of every signed-in screen: the menu each role may use, who is signed in, logout.

use shared::Role;
use shared::rules::access;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::{ADMIN_PATH, DASHBOARD_PATH, MY_CASES_PATH, QUEUE_PATH, Route};
use crate::services::Api;
use crate::session::{SessionAction, use_session};

/// A menu entry: path, label, who may open it.
type MenuEntry = (&'static str, &'static str, fn(Role) -> bool);

/// Every screen of the menu (the server checks every action anyway).
const MENU: &[MenuEntry] = &[
    ("/", "Bitácora", |_| true),
    ("/casos/nuevo", "Nuevo caso", shared::rules::may_create_cases),
    (MY_CASES_PATH, "Mis casos", |r| access::CASE_WORK.contains(&r)),
    (QUEUE_PATH, "Cola de supervisión", |r| access::SUPERVISION.contains(&r)),
    (DASHBOARD_PATH, "Tablero", |r| access::SUPERVISION.contains(&r)),
    ("/cuentas", "Confirmar cuenta", |_| true),
    (ADMIN_PATH, "Administración", |r| access::ADMINISTRATION.contains(&r)),
];

/// The menu entries of a role, as (path, label).
pub fn menu(role: Role) -> Vec<(&'static str, &'static str)> {
    MENU.iter().filter(|(_, _, may)| may(role)).map(|(path, label, _)| (*path, *label)).collect()
}

/// Whether the menu offers `path` to `role`.
pub fn may_open(role: Role, path: &str) -> bool {
    MENU.iter().any(|(p, _, may)| *p == path && may(role))
}

/// A menu link: inside the case-log bundle it navigates without reloading; to another bundle it
/// is an ordinary link.
fn menu_link(path: &'static str, label: &'static str, current: &str, navigator: Option<Navigator>) -> Html {
    let in_bundle =
        navigator.and_then(|nav| Route::recognize(path).filter(|r| *r != Route::NotFound).map(|r| (nav, r)));
    let onclick = in_bundle.map(|(nav, route)| {
        Callback::from(move |e: MouseEvent| {
            if !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                e.prevent_default();
                nav.push(&route);
            }
        })
    });
    let active = current == path;
    html! {
        <li><a href={path} {onclick} class={classes!(active.then_some("active"))}
            aria-current={active.then_some("page")}>{ label }</a></li>
    }
}

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    pub children: Html,
}

#[function_component]
pub fn Layout(props: &LayoutProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let current = use_location().map_or_else(
        || web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default(),
        |l| l.path().to_owned(),
    );
    let Some(signed_in) = session.session.clone() else {
        return props.children.clone();
    };
    let logout = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| {
            let api = Api::new(session.clone());
            let session = session.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api.post_empty("/api/v1/auth/logout", &()).await;
                session.dispatch(SessionAction::LoggedOut);
            });
        })
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ "Saltar al contenido" }</a>
            <header class="topbar">
                <div class="brand">{ "Bitácora de Reclamos Coactiva" }</div>
                <nav aria-label="Menú principal">
                    <ul>
                        { for menu(signed_in.user.role).into_iter().map(|(path, label)| menu_link(path, label, &current, navigator.clone())) }
                    </ul>
                </nav>
                <div class="who">
                    <span>{ format!("{} · {}", signed_in.user.full_name, signed_in.user.role.label()) }</span>
                    <button type="button" class="link" onclick={logout}>{ "Salir" }</button>
                </div>
            </header>
            <main id="main" tabindex="-1">{ props.children.clone() }</main>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(role: Role) -> Vec<&'static str> {
        menu(role).into_iter().map(|(path, _)| path).collect()
    }

    #[test]
    fn each_role_sees_only_what_it_may_use() {
        assert_eq!(paths(Role::AgenteN1), ["/", "/casos/nuevo", "/cuentas"]);
        assert_eq!(
            paths(Role::Supervisor),
            ["/", "/casos/nuevo", "/mis-casos", "/cola", "/tablero", "/cuentas"]
        );
        assert_eq!(paths(Role::Cobranzas), ["/", "/mis-casos", "/cuentas"]);
        assert_eq!(paths(Role::Admin), ["/", "/cola", "/tablero", "/cuentas", ADMIN_PATH]);
        assert!(may_open(Role::Supervisor, DASHBOARD_PATH));
        assert!(!may_open(Role::AgenteN1, QUEUE_PATH));
    }
}
