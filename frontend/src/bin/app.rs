//! Entry bundle of the case log: sign-in, list, new case, case, bank-account confirmation.

fn main() {
    yew::Renderer::<frontend::app::App>::new().render();
}
