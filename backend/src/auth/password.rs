//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version};

use crate::error::ApiError;

fn hasher() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::internal(format!("password hashing: {e}")))
}

/// Verifies against the stored hash, whose own parameters are used.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| hasher().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that an unknown user name takes as
/// long to refuse as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("not-a-real-password-of-anyone").unwrap_or_default());

/// Builds the stand-in hash at start-up, so that the first unknown user name is not slower to
/// refuse than the rest.
pub fn prepare() {
    LazyLock::force(&DUMMY_HASH);
}

pub fn burn_equal_time(password: &str) {
    let _ = verify_password(password, &DUMMY_HASH);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let hash = hash_password("clave de prueba 123").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("clave de prueba 123", &hash));
        assert!(!verify_password("clave de prueba 124", &hash));
        assert!(!verify_password("x", "not a hash"));
    }
}
