//! Entry bundle of the case log: sign-in, list, new case, bank-account confirmation.

fn main() {
    yew::Renderer::<frontend::bundles::app::App>::new().render();
}
