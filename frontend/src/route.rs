//! The client-side routes of the case-log bundle (Spanish paths, as users see them), and the
//! paths of the other bundles, which are reached by a full page load.

use yew_router::prelude::*;

/// Served by the `admin` bundle.
pub const ADMIN_PATH: &str = "/administracion";
/// Served by the `gestion` bundle.
pub const MY_CASES_PATH: &str = "/mis-casos";
pub const QUEUE_PATH: &str = "/cola";
pub const DASHBOARD_PATH: &str = "/tablero";

/// A case's page, served by the `caso` bundle.
pub fn case_path(id: i64) -> String {
    format!("/casos/{id}")
}

/// The case number of a `/casos/{id}` path.
pub fn case_id_of(path: &str) -> Option<i64> {
    path.strip_prefix("/casos/")?.trim_end_matches('/').parse().ok()
}

#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Cases,
    #[at("/ingreso")]
    Login,
    #[at("/casos/nuevo")]
    NewCase,
    #[at("/cuentas")]
    ConfirmAccount,
    #[not_found]
    #[at("/no-encontrado")]
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_paths_round_trip() {
        assert_eq!(case_id_of(&case_path(42)), Some(42));
        assert_eq!(case_id_of("/casos/nuevo"), None);
        assert_eq!(case_id_of("/casos/7/"), Some(7));
    }
}
