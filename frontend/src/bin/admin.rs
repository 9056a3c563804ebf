//! Entry bundle of the administration screens (users, official bank accounts).

fn main() {
    yew::Renderer::<frontend::admin_app::AdminApp>::new().render();
}
