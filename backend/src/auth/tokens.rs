//! Access tokens (JWT, HS256 only) and refresh tokens (random, stored hashed, single use).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::{ErrorKind, Role};

use crate::error::ApiError;

pub const ISSUER: &str = "bitacora-reclamos";
pub const AUDIENCE: &str = "bitacora-api";
/// Clock skew tolerated between instances, in seconds.
const LEEWAY_SECS: u64 = 5;

/// What an access token says. `sid` ties it to a session that logout or an account change revokes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub sid: i64,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// A validated access token's subject.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub user_id: i64,
    pub sid: i64,
}

pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl_secs: i64,
    pub refresh_ttl_secs: i64,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens").field("access_ttl_secs", &self.access_ttl_secs).finish_non_exhaustive()
    }
}

impl Tokens {
    pub fn new(secret: &[u8], access_ttl_secs: i64, refresh_ttl_secs: i64) -> anyhow::Result<Tokens> {
        // Pinned to HS256: a token claiming any other algorithm (none, HS512, RS256…) is refused.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        Ok(Tokens {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            access_ttl_secs,
            refresh_ttl_secs,
        })
    }

    pub fn issue_access(&self, user_id: i64, role: Role, sid: i64) -> Result<String, ApiError> {
        let iat = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            sid,
            role,
            iat,
            exp: iat + self.access_ttl_secs,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::internal(format!("signing a token: {e}")))
    }

    pub fn decode(&self, token: &str) -> Result<Subject, ApiError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            let message = match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    "El token de acceso expiró. Renueve la sesión."
                }
                _ => "El token de acceso no es válido.",
            };
            ApiError::new(ErrorKind::Unauthorized, message)
        })?;
        let user_id = data
            .claims
            .sub
            .parse()
            .map_err(|_| ApiError::new(ErrorKind::Unauthorized, "El token de acceso no es válido."))?;
        Ok(Subject { user_id, sid: data.claims.sid })
    }
}

/// A new refresh token: 256 random bits, URL-safe.
pub fn new_refresh_token() -> String {
    URL_SAFE_NO_PAD.encode(super::random_bytes::<32>())
}

/// Refresh tokens are stored only as their SHA-256, so a copy of the database grants nothing.
pub fn refresh_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}
