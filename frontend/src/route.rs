//! The client-side routes of the case-log bundle (Spanish paths, as users see them), and the
//! paths of the other bundles, which are reached by a full page load.

use yew_router::prelude::*;

/// Served by the `admin` bundle.
pub const ADMIN_PATH: &str = "/administracion";

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Cases,
    #[at("/ingreso")]
    Login,
    #[at("/casos/nuevo")]
    NewCase,
    #[at("/casos/:id")]
    Case { id: i64 },
    #[at("/cuentas")]
    ConfirmAccount,
    #[not_found]
    #[at("/no-encontrado")]
    NotFound,
}
