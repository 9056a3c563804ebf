//! Data a screen reads from the API once, and what the screen says while it loads or when it
//! could not load.

use std::rc::Rc;

use serde::de::DeserializeOwned;
use yew::prelude::*;

use crate::services::Api;
use crate::session::use_session;

/// The state of one read.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote<T> {
    Loading,
    Ready(T),
    Failed(String),
}

/// Reads `path` when the screen opens, and again each time the returned callback is called
/// ("Reintentar", or after a change the screen made).
#[hook]
pub fn use_remote<T: DeserializeOwned + 'static>(
    path: &'static str,
) -> (UseStateHandle<Remote<T>>, Callback<()>) {
    let api = Api::new(use_session());
    let state = use_state(|| Remote::Loading);
    let (attempt, reload) = use_generation();
    {
        let state = state.clone();
        use_effect_with(attempt, move |_| {
            state.set(Remote::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api.get::<T>(path, &[]).await {
                    Ok(found) => Remote::Ready(found),
                    Err(failure) => Remote::Failed(failure.message()),
                });
            });
        });
    }
    (state, reload)
}

/// A number that only goes up, for effects that must run again.
#[derive(Debug, Default, PartialEq)]
struct Generation(u32);

impl Reducible for Generation {
    type Action = ();

    fn reduce(self: Rc<Self>, (): ()) -> Rc<Self> {
        Rc::new(Generation(self.0.wrapping_add(1)))
    }
}

/// The current generation and the callback that starts the next one. The callback always counts
/// from the latest value, however old the render that made it: two changes that finish close
/// together both make the screen read again.
#[hook]
pub fn use_generation() -> (u32, Callback<()>) {
    let generation = use_reducer(Generation::default);
    let current = generation.0;
    (current, Callback::from(move |()| generation.dispatch(())))
}

/// The polite live region of a screen: "loading" while it waits, the error with "Reintentar"
/// when the read failed, nothing otherwise. It is always in the page, so that a screen reader
/// announces what appears in it.
pub fn load_state(loading: Option<&str>, error: Option<&str>, retry: &Callback<()>) -> Html {
    html! {
        <div class="load-state" aria-live="polite">
            if let Some(message) = error {
                <div class="alert error" role="alert">
                    <p>{ message.to_owned() }</p>
                    <button type="button" class="secondary" onclick={retry.reform(drop)}>{ "Reintentar" }</button>
                </div>
            } else if let Some(text) = loading {
                <p class="muted">{ text.to_owned() }</p>
            }
        </div>
    }
}
