//! Labelled form controls whose errors are announced and tied to the input (aria-describedby).
//!
//! These are plain functions rather than components: they hold no state, and every Yew component
//! type adds several kilobytes of generic code to the browser bundle.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

fn error_id(id: &str) -> String {
    format!("{id}-error")
}

fn hint_id(id: &str) -> String {
    format!("{id}-hint")
}

fn described_by(field: &Field) -> Option<String> {
    let mut ids = Vec::new();
    if field.hint.is_some() {
        ids.push(hint_id(&field.id));
    }
    if !field.errors.is_empty() || !field.warnings.is_empty() {
        ids.push(error_id(&field.id));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The messages under a control, errors then warnings; `aria-live` so a screen reader hears them
/// as they appear.
fn field_errors(field: &Field) -> Html {
    html! {
        <div id={error_id(&field.id)} class="field-errors" aria-live="polite">
            { for field.errors.iter().map(|e| html! { <p class="field-error">{ e }</p> }) }
            { for field.warnings.iter().map(|w| html! { <p class="field-warning">{ w }</p> }) }
        </div>
    }
}

fn label(id: &AttrValue, text: &AttrValue, required: bool) -> Html {
    html! {
        <label for={id.clone()}>
            { text.clone() }
            if required { <span class="required" aria-hidden="true">{ " *" }</span> }
        </label>
    }
}

/// What every control has: id (also its `name`), label, errors, an optional hint; warnings
/// (things to check that do not block) and what to do when the control is left.
#[derive(Clone, PartialEq)]
pub struct Field {
    pub id: AttrValue,
    pub label: AttrValue,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    pub hint: Option<AttrValue>,
    pub required: bool,
    pub onblur: Option<Callback<()>>,
}

impl Field {
    pub fn new(id: impl Into<AttrValue>, label: impl Into<AttrValue>) -> Field {
        Field {
            id: id.into(),
            label: label.into(),
            errors: Vec::new(),
            warnings: Vec::new(),
            hint: None,
            required: false,
            onblur: None,
        }
    }

    pub fn warnings(mut self, warnings: Vec<String>) -> Field {
        self.warnings = warnings;
        self
    }

    /// Called when the control loses the focus (the form shows the field's errors from then on).
    pub fn onblur(mut self, onblur: Callback<()>) -> Field {
        self.onblur = Some(onblur);
        self
    }

    fn blur_handler(&self) -> Option<Callback<FocusEvent>> {
        self.onblur.clone().map(|cb| cb.reform(|_: FocusEvent| ()))
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn errors(mut self, errors: Vec<String>) -> Field {
        self.errors = errors;
        self
    }

    pub fn hint(mut self, hint: impl Into<AttrValue>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }

    fn wrapper_class(&self, extra: Option<&'static str>) -> Classes {
        classes!("field", extra, self.invalid().then_some("invalid"))
    }

    fn hint_html(&self) -> Html {
        match &self.hint {
            Some(hint) => html! { <p id={hint_id(&self.id)} class="hint">{ hint.clone() }</p> },
            None => html! {},
        }
    }
}

/// Input options beyond the common ones.
#[derive(Clone, PartialEq, Default)]
pub struct InputOptions {
    pub input_type: Option<&'static str>,
    pub autocomplete: Option<&'static str>,
    pub inputmode: Option<&'static str>,
    pub autofocus: bool,
    /// The longest text the field takes (the limit of `shared::text`).
    pub maxlength: Option<usize>,
}

pub fn text_input(field: Field, value: AttrValue, oninput: Callback<String>, options: InputOptions) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        oninput.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <div class={field.wrapper_class(None)}>
            { label(&field.id, &field.label, field.required) }
            <input id={field.id.clone()} name={field.id.clone()} type={options.input_type.unwrap_or("text")}
                {value} {oninput} onblur={field.blur_handler()}
                required={field.required}
                autocomplete={options.autocomplete}
                inputmode={options.inputmode}
                autofocus={options.autofocus}
                maxlength={options.maxlength.map(|n| n.to_string())}
                aria-invalid={field.invalid().to_string()}
                aria-describedby={described_by(&field)} />
            { field.hint_html() }
            { field_errors(&field) }
        </div>
    }
}

/// A choice among `options` (code, label); `placeholder` is the empty choice, if any.
pub fn select(
    field: Field,
    value: &str,
    options: &[(AttrValue, AttrValue)],
    placeholder: Option<&'static str>,
    onchange: Callback<String>,
) -> Html {
    let onchange =
        Callback::from(move |e: Event| onchange.emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <div class={field.wrapper_class(None)}>
            { label(&field.id, &field.label, field.required) }
            <select id={field.id.clone()} name={field.id.clone()} {onchange} onblur={field.blur_handler()}
                required={field.required}
                aria-invalid={field.invalid().to_string()}
                aria-describedby={described_by(&field)}>
                if let Some(placeholder) = placeholder {
                    <option value="" selected={value.is_empty()}>{ placeholder }</option>
                }
                { for options.iter().map(|(code, text)| html! {
                    <option value={code.clone()} selected={code.as_str() == value}>{ text.clone() }</option>
                }) }
            </select>
            { field.hint_html() }
            { field_errors(&field) }
        </div>
    }
}

pub fn text_area(field: Field, value: AttrValue, maxlength: usize, oninput: Callback<String>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        oninput.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    let field = field.hint(format!("{} de {maxlength} caracteres", value.chars().count()));
    html! {
        <div class={field.wrapper_class(Some("wide"))}>
            { label(&field.id, &field.label, field.required) }
            <textarea id={field.id.clone()} name={field.id.clone()} {value} {oninput} onblur={field.blur_handler()}
                rows="3" maxlength={maxlength.to_string()}
                aria-invalid={field.invalid().to_string()}
                aria-describedby={described_by(&field)} />
            { field.hint_html() }
            { field_errors(&field) }
        </div>
    }
}

pub fn checkbox(field: Field, checked: bool, onchange: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        onchange.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
    });
    html! {
        <div class={field.wrapper_class(Some("checkbox"))}>
            <input id={field.id.clone()} name={field.id.clone()} type="checkbox" {checked} {onchange}
                onblur={field.blur_handler()}
                aria-invalid={field.invalid().to_string()}
                aria-describedby={field.invalid().then(|| error_id(&field.id))} />
            <label for={field.id.clone()}>{ field.label.clone() }</label>
            { field_errors(&field) }
        </div>
    }
}

/// The (code, label) choices of a domain enumeration.
pub fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(AttrValue, AttrValue)> {
    all.iter().map(|v| (AttrValue::Static(code(*v)), AttrValue::Static(label(*v)))).collect()
}

/// A callback that stores what is typed into a piece of state.
pub fn setter(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v: String| state.set(v))
}

/// A callback that stores what is typed into one field (`apply`) of a form's state.
pub fn field_setter<T: Clone + 'static>(
    state: &UseStateHandle<T>,
    apply: fn(&mut T, String),
) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |v: String| {
        let mut next = (*state).clone();
        apply(&mut next, v);
        state.set(next);
    })
}

/// Moves the keyboard focus to the first element matching `selector`, if any.
pub fn focus(selector: &str) {
    use wasm_bindgen::JsCast;
    let first = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = first {
        let _ = element.focus();
    }
}

/// Moves the keyboard focus to the first invalid control of the page.
pub fn focus_first_error() {
    focus("[aria-invalid=\"true\"]");
}

/// Focuses `selector` once the screen has rendered what was just set.
pub fn focus_after_render(selector: &'static str) {
    gloo_timers::callback::Timeout::new(0, move || focus(selector)).forget();
}
