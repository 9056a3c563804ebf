//! Saving a file the app fetched (with the session's token) as a browser download.

use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, HtmlAnchorElement, Url};

/// How long the object URL outlives the click: some browsers start reading it only after the
/// click returns, so revoking it at once can cancel the download.
const REVOKE_AFTER_MS: u32 = 60_000;

/// Offers `blob` (as the response gave it, never copied into the app) as a download named `name`.
pub fn save_blob(name: &str, blob: &Blob) -> Result<(), JsValue> {
    let url = Url::create_object_url_with_blob(blob)?;
    let document =
        web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let link: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    document.body().ok_or_else(|| JsValue::from_str("no body"))?.append_child(&link)?;
    link.click();
    link.remove();
    Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
