//! Entry bundle of the administration screens (users, official bank accounts).

fn main() {
    yew::Renderer::<frontend::bundles::admin::AdminApp>::new().render();
}
