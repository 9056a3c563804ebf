//! "Confirmar cuenta bancaria": N1 may only confirm whether a number is an official CNT account.
//! A verdict is shown only for the number in the field: it goes as soon as the number changes, and
//! an answer about a number typed before is ignored.

use shared::api::BankAccountConfirmation;
use yew::prelude::*;

use crate::components::field::{Field, InputOptions, text_input};
use crate::services::Api;
use crate::session::use_session;

#[function_component]
pub fn ConfirmAccountPage() -> Html {
    let api = Api::new(use_session());
    let number = use_state(String::new);
    let result = use_state(|| None::<BankAccountConfirmation>);
    let error = use_state(|| None::<String>);
    let asking = use_state(|| false);
    // Bumped on every keystroke and every question: only the latest question's answer counts.
    let generation = use_mut_ref(|| 0u32);

    let oninput = {
        let (number, result, error, asking, generation) =
            (number.clone(), result.clone(), error.clone(), asking.clone(), generation.clone());
        Callback::from(move |value: String| {
            *generation.borrow_mut() += 1;
            number.set(value);
            result.set(None);
            error.set(None);
            asking.set(false);
        })
    };
    let onsubmit = {
        let (number, result, error, asking, generation) =
            (number.clone(), result.clone(), error.clone(), asking.clone(), generation.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *asking {
                return;
            }
            let digits = shared::api::normalize_account_number(&number);
            if digits.is_empty() {
                error.set(Some("Ingrese el número de cuenta que indica el cliente.".to_owned()));
                result.set(None);
                return;
            }
            *generation.borrow_mut() += 1;
            let asked = *generation.borrow();
            asking.set(true);
            let (api, result, error, asking, generation) =
                (api.clone(), result.clone(), error.clone(), asking.clone(), generation.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = api
                    .get::<BankAccountConfirmation>("/api/v1/bank-accounts/confirm", &[("number", digits)])
                    .await;
                if *generation.borrow() != asked {
                    return;
                }
                match answer {
                    Ok(found) => {
                        error.set(None);
                        result.set(Some(found));
                    }
                    Err(e) => error.set(Some(e.message())),
                }
                asking.set(false);
            });
        })
    };
    html! {
        <section class="page confirm" aria-labelledby="confirm-title">
            <h1 id="confirm-title">{ "Confirmar cuenta bancaria" }</h1>
            <p class="hint">{ "Escriba el número que le da el cliente. Solo confirme si es una cuenta oficial de CNT; nunca dicte números de cuenta." }</p>
            <form onsubmit={onsubmit} novalidate=true class="inline-form">
                { text_input(Field::new("account_number", "Número de cuenta").errors(error.iter().cloned().collect()),
                    (*number).clone().into(), oninput,
                    InputOptions { inputmode: Some("numeric"), autocomplete: Some("off"), ..InputOptions::default() }) }
                <button type="submit" class="primary" disabled={*asking}>
                    { if *asking { "Consultando…" } else { "Confirmar" } }
                </button>
            </form>
            <div aria-live="polite">
                if let Some(found) = &*result {
                    if found.official {
                        <div class="result official" role="status">
                            <p class="verdict">{ "Cuenta oficial de CNT" }</p>
                            <p>{ format!("{} · cuenta {} Nº {}", found.bank.clone().unwrap_or_default(),
                                found.account_type.map(|t| t.label().to_lowercase()).unwrap_or_default(), found.number) }</p>
                            <p>{ format!("Titular: {}", found.holder.clone().unwrap_or_default()) }</p>
                        </div>
                    } else {
                        <div class="result not-official" role="alert">
                            <p class="verdict">{ "No es una cuenta oficial de CNT: no la confirme" }</p>
                            <p>{ format!("Número consultado: {}", found.number) }</p>
                        </div>
                    }
                }
            </div>
        </section>
    }
}
