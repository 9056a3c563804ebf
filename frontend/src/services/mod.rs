//! All HTTP to the API, on one request function: bearer token, JSON, the error envelope, and a
//! silent token refresh when the access token has expired.

use gloo_net::http::{Method, Request, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::Role;
use shared::api::{RefreshRequest, TokenResponse};
use shared::{ErrorBody, ErrorKind};
use wasm_bindgen::JsCast;

use crate::session::{self, SessionAction, SessionHandle, StoredSession};

/// What the sign-in page says when a session ended by itself. It promises that what was typed is
/// kept only when a draft of it is in storage (`crate::drafts`); passwords never are.
pub fn session_ended_notice(kept: bool, role: Option<Role>) -> &'static str {
    match (kept, role) {
        (false, _) => "Su sesión terminó. Ingrese de nuevo.",
        (true, Some(Role::Admin)) => {
            "Su sesión terminó. Ingrese de nuevo con su usuario: lo que estaba escribiendo se \
             conservó, salvo las contraseñas, que nunca se guardan."
        }
        (true, _) => {
            "Su sesión terminó. Ingrese de nuevo con su usuario: lo que estaba escribiendo se conservó."
        }
    }
}

/// Why a call failed, in terms the screens can show.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server could not be reached; nothing was changed.
    Network,
    /// The session ended; the app is back at the sign-in page.
    SessionEnded,
    /// The API refused, with its envelope.
    Refused(ErrorBody),
}

impl ApiFailure {
    /// Someone else changed the case since it was read (409).
    pub fn is_stale(&self) -> bool {
        matches!(self, ApiFailure::Refused(body) if body.error == ErrorKind::StaleVersion)
    }

    pub fn message(&self) -> String {
        match self {
            ApiFailure::Network => {
                "No hay conexión con el servidor. Lo escrito se conserva: intente de nuevo.".to_owned()
            }
            ApiFailure::SessionEnded => "Su sesión terminó: no se hizo nada. Ingrese de nuevo.".to_owned(),
            ApiFailure::Refused(body) => body.message.clone(),
        }
    }
}

/// A handle for calling the API as the signed-in user.
#[derive(Clone, PartialEq)]
pub struct Api {
    session: SessionHandle,
}

impl Api {
    pub fn new(session: SessionHandle) -> Api {
        Api { session }
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiFailure> {
        decode(&self.fetch(Method::GET, path, query, None).await?)
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        decode(&self.fetch(Method::POST, path, &[], Some(encode(body)?)).await?)
    }

    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        decode(&self.fetch(Method::PATCH, path, &[], Some(encode(body)?)).await?)
    }

    /// Posts a body already encoded as JSON, when only success matters.
    pub async fn post_encoded(&self, path: &str, body: String) -> Result<(), ApiFailure> {
        self.fetch(Method::POST, path, &[], Some(body)).await.map(drop)
    }

    /// Like `post`, for endpoints that answer 204.
    pub async fn post_empty<B: Serialize>(&self, path: &str, body: &B) -> Result<(), ApiFailure> {
        self.fetch(Method::POST, path, &[], Some(encode(body)?)).await.map(drop)
    }

    /// A download (e.g. the CSV export) as the browser's own blob: the body never passes through
    /// the app's memory, however large the file.
    pub async fn download(&self, path: &str, query: &[(&str, String)]) -> Result<web_sys::Blob, ApiFailure> {
        let response = self.send(Method::GET, path, query, None).await?;
        if !response.ok() {
            return Err(success_text(response).await.err().unwrap_or(ApiFailure::Network));
        }
        let promise = web_sys::Response::from(response).blob().map_err(|_| ApiFailure::Network)?;
        let blob = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| ApiFailure::Network)?;
        blob.dyn_into().map_err(|_| ApiFailure::Network)
    }

    /// Ends the session: the sign-in page says why, and whether what was typed is kept.
    fn end_session(&self, user: Option<&shared::api::UserDto>) -> ApiFailure {
        let kept = crate::drafts::any_kept(user.map(|u| u.id));
        let notice = session_ended_notice(kept, user.map(|u| u.role));
        self.session.dispatch(SessionAction::Ended(notice.to_owned()));
        ApiFailure::SessionEnded
    }

    async fn fetch(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<String, ApiFailure> {
        success_text(self.send(method, path, query, body).await?).await
    }

    /// The one request path (not generic, so the browser bundle holds it once): sends with the
    /// current access token, refreshes once on 401 and retries.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<Response, ApiFailure> {
        let Some(current) = session::load() else {
            return Err(self.end_session(None));
        };
        let mut response =
            raw(method.clone(), path, query, body.clone(), Some(&current.access_token)).await?;
        if response.status() == 401 {
            let refreshed = self.refresh(&current).await?;
            response = raw(method, path, query, body, Some(&refreshed.access_token)).await?;
            if response.status() == 401 {
                return Err(self.end_session(Some(&refreshed.user)));
            }
        }
        Ok(response)
    }

    async fn refresh(&self, used: &StoredSession) -> Result<StoredSession, ApiFailure> {
        // Another request may already have rotated the tokens: use theirs.
        if let Some(latest) = session::load().filter(|s| s.refresh_token != used.refresh_token) {
            return Ok(latest);
        }
        let body = encode(&RefreshRequest { refresh_token: used.refresh_token.clone() })?;
        let response = raw(Method::POST, "/api/v1/auth/refresh", &[], Some(body), None).await?;
        if response.ok() {
            let tokens: TokenResponse = decode(&success_text(response).await?)?;
            let next = StoredSession::from(tokens);
            self.session.dispatch(SessionAction::SignedIn(next.clone()));
            return Ok(next);
        }
        if let Some(latest) = session::load().filter(|s| s.refresh_token != used.refresh_token) {
            return Ok(latest);
        }
        Err(self.end_session(Some(&used.user)))
    }
}

fn encode<B: Serialize>(body: &B) -> Result<String, ApiFailure> {
    serde_json::to_string(body).map_err(|_| ApiFailure::Network)
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiFailure> {
    // An empty success (204) decodes as JSON null, so `()` works too.
    serde_json::from_str(if text.is_empty() { "null" } else { text }).map_err(|_| ApiFailure::Network)
}

/// Sign-in, which needs no session.
pub async fn login(username: &str, password: &str) -> Result<TokenResponse, ApiFailure> {
    let body = shared::api::LoginRequest { username: username.to_owned(), password: password.to_owned() };
    let response = raw(Method::POST, "/api/v1/auth/login", &[], Some(encode(&body)?), None).await?;
    decode(&success_text(response).await?)
}

async fn raw(
    method: Method,
    path: &str,
    query: &[(&str, String)],
    body: Option<String>,
    token: Option<&str>,
) -> Result<Response, ApiFailure> {
    let mut builder = Request::get(path).method(method).query(query.iter().map(|(k, v)| (*k, v.as_str())));
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiFailure::Network)?;
    request.send().await.map_err(|_| ApiFailure::Network)
}

/// The body of a successful response, or the API's refusal.
async fn success_text(response: Response) -> Result<String, ApiFailure> {
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiFailure::Network)?;
    if (200..300).contains(&status) {
        return Ok(text);
    }
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => ApiFailure::Refused(body),
        Err(_) => ApiFailure::Refused(ErrorBody::new(
            ErrorKind::Internal,
            format!("El servidor respondió {status}. Intente de nuevo."),
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_page_promises_only_what_was_kept() {
        assert!(!session_ended_notice(false, Some(Role::AgenteN1)).contains("conservó"));
        assert!(session_ended_notice(true, Some(Role::AgenteN1)).contains("se conservó"));
        assert!(session_ended_notice(true, None).contains("se conservó"));
        let admin = session_ended_notice(true, Some(Role::Admin));
        assert!(admin.contains("salvo las contraseñas"), "{admin}");
    }
}
