//! Entry bundle of a case's page: data, history, corrections, workflow.

fn main() {
    yew::Renderer::<frontend::bundles::caso::CaseApp>::new().render();
}
