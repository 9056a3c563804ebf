//! Who is signed in, kept across reloads in localStorage; the tokens there are the source of truth
//! for every request (so a refresh made by one request is seen by the next).

use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use shared::Role;
use shared::api::{TokenResponse, UserDto};
use yew::prelude::*;

const SESSION_KEY: &str = "bitacora.session";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    pub access_token: String,
    pub refresh_token: String,
    pub user: UserDto,
}

impl From<TokenResponse> for StoredSession {
    fn from(t: TokenResponse) -> StoredSession {
        StoredSession { access_token: t.access_token, refresh_token: t.refresh_token, user: t.user }
    }
}

pub fn load() -> Option<StoredSession> {
    LocalStorage::get(SESSION_KEY).ok()
}

pub fn store(session: &StoredSession) {
    let _ = LocalStorage::set(SESSION_KEY, session);
}

pub fn forget() {
    LocalStorage::delete(SESSION_KEY);
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionState {
    pub session: Option<StoredSession>,
    /// Why the user is at the sign-in page (e.g. the session expired).
    pub notice: Option<String>,
}

impl SessionState {
    pub fn role(&self) -> Option<Role> {
        self.session.as_ref().map(|s| s.user.role)
    }

    pub fn user(&self) -> Option<&UserDto> {
        self.session.as_ref().map(|s| &s.user)
    }
}

pub enum SessionAction {
    SignedIn(StoredSession),
    /// The session ended by itself (expired, revoked); the message says so on the sign-in page.
    Ended(String),
    /// The user chose to leave: their drafts are deleted too.
    LoggedOut,
}

impl Reducible for SessionState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        Rc::new(match action {
            SessionAction::SignedIn(session) => {
                store(&session);
                // Whatever another user left typed on this browser is not this user's to see.
                crate::drafts::forget_all_but(Some(session.user.id));
                SessionState { session: Some(session), notice: None }
            }
            SessionAction::Ended(notice) => {
                // The drafts stay: the same user finds them after signing in again.
                forget();
                SessionState { session: None, notice: Some(notice) }
            }
            SessionAction::LoggedOut => {
                forget();
                crate::drafts::forget_all_but(None);
                SessionState::default()
            }
        })
    }
}

pub type SessionHandle = UseReducerHandle<SessionState>;

#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().unwrap_or_else(|| unreachable!("SessionProvider wraps the app"))
}
