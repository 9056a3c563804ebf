//! What a user is typing, kept in the browser's storage under their user id, so that a reload or
//! an ended session loses nothing: the same user finds it again after signing in. Drafts hold
//! customers' personal data, so an explicit logout deletes them all, and so does the sign-in of
//! another user on the same browser. Passwords are never stored.

use gloo_storage::{LocalStorage, Storage};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;

const PREFIX: &str = "bitacora.draft.";
/// Where earlier versions kept the new-case draft, for anybody: deleted like another user's.
const UNOWNED_KEY: &str = "bitacora.draft";

/// The storage key of a user's draft (`name` says which form, e.g. `caso.42.correccion`).
pub fn key(user_id: i64, name: &str) -> String {
    format!("{PREFIX}{user_id}.{name}")
}

/// `Some(owner)` for a draft key (`None` when it has no owner); `None` for any other key.
fn owner(key: &str) -> Option<Option<i64>> {
    if key == UNOWNED_KEY {
        return Some(None);
    }
    let rest = key.strip_prefix(PREFIX)?;
    Some(rest.split_once('.').and_then(|(id, _)| id.parse().ok()))
}

/// The draft keys among `keys` that do not belong to `keep` (all of them when `keep` is `None`).
fn others<'a>(keys: impl IntoIterator<Item = &'a str>, keep: Option<i64>) -> Vec<String> {
    keys.into_iter()
        .filter(|k| owner(k).is_some_and(|o| keep.is_none() || o != keep))
        .map(str::to_owned)
        .collect()
}

fn stored_keys() -> Vec<String> {
    let storage = LocalStorage::raw();
    let count = storage.length().unwrap_or(0);
    (0..count).filter_map(|i| storage.key(i).ok().flatten()).collect()
}

pub fn load<T: DeserializeOwned>(user_id: i64, name: &str) -> Option<T> {
    LocalStorage::get(key(user_id, name)).ok()
}

pub fn save<T: Serialize>(user_id: i64, name: &str, value: &T) {
    let _ = LocalStorage::set(key(user_id, name), value);
}

pub fn delete(user_id: i64, name: &str) {
    LocalStorage::delete(key(user_id, name));
}

/// Whether anything typed is kept for `user_id` (for anybody, when the user is not known).
pub fn any_kept(user_id: Option<i64>) -> bool {
    stored_keys().iter().any(|k| owner(k).is_some_and(|o| user_id.is_none() || o == user_id))
}

/// Deletes every draft that is not `keep`'s: all of them on logout (`None`), other users' when
/// someone signs in.
pub fn forget_all_but(keep: Option<i64>) {
    let keys = stored_keys();
    for key in others(keys.iter().map(String::as_str), keep) {
        LocalStorage::delete(key);
    }
}

/// A piece of form state that is also kept as `user_id`'s draft `name`: read from storage when the
/// form opens, written on every change, deleted when `is_blank` says there is nothing to keep.
/// Returns the state and whether it was recovered from a draft.
#[hook]
pub fn use_draft<T>(
    user_id: i64,
    name: AttrValue,
    initial: impl FnOnce() -> T,
    is_blank: fn(&T) -> bool,
) -> (UseStateHandle<T>, bool)
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + 'static,
{
    let stored = use_state(|| load::<T>(user_id, &name).filter(|d| !is_blank(d)));
    let restored = stored.is_some();
    let state = use_state(|| (*stored).clone().unwrap_or_else(initial));
    use_effect_with((*state).clone(), move |value| {
        if is_blank(value) {
            delete(user_id, &name);
        } else {
            save(user_id, &name, value);
        }
    });
    (state, restored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_keyed_by_their_owner() {
        assert_eq!(key(7, "nuevo-caso"), "bitacora.draft.7.nuevo-caso");
        assert_eq!(owner(&key(7, "caso.42.gestion")), Some(Some(7)));
        assert_eq!(owner("bitacora.draft"), Some(None), "the old, unowned new-case draft");
        assert_eq!(owner("bitacora.session"), None, "not a draft");
        assert_eq!(owner("bitacora.draft.x.nuevo-caso"), Some(None));
    }

    #[test]
    fn signing_in_keeps_only_the_users_own_drafts_and_logout_none() {
        let keys = [
            "bitacora.session",
            "bitacora.draft",
            "bitacora.draft.7.nuevo-caso",
            "bitacora.draft.8.nuevo-caso",
        ];
        assert_eq!(others(keys, Some(7)), ["bitacora.draft", "bitacora.draft.8.nuevo-caso"]);
        assert_eq!(
            others(keys, None),
            ["bitacora.draft", "bitacora.draft.7.nuevo-caso", "bitacora.draft.8.nuevo-caso"],
            "the session itself is not a draft"
        );
    }
}
