//! Entry bundle of the follow-up screens: my cases, supervision queue, dashboard.

fn main() {
    yew::Renderer::<frontend::bundles::gestion::GestionApp>::new().render();
}
