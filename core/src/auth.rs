//! Caller identity from API keys: the `X-API-Key` header is hashed and looked up
//! among the users' key digests. The table is built once per bundle.

use std::collections::HashMap;
use std::fmt;

use sha2::{Digest, Sha256};

use crate::model::User;

pub const API_KEY_HEADER: &str = "x-api-key";

pub struct ApiKeys {
    /// Digest of a key → index of its user.
    by_digest: HashMap<[u8; 32], usize>,
}

/// Why a bundle's API keys cannot be indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// A digest that is not 64 lowercase hex digits.
    NotADigest { login: String },
    /// A digest listed for this user and an earlier one.
    SharedDigest { login: String },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotADigest { login } => {
                write!(
                    f,
                    "user {login:?}: api key digest is not 64 lowercase hex digits"
                )
            }
            KeyError::SharedDigest { login } => {
                write!(
                    f,
                    "user {login:?}: an api key digest is listed for two users"
                )
            }
        }
    }
}

impl std::error::Error for KeyError {}

impl ApiKeys {
    pub fn empty() -> ApiKeys {
        ApiKeys {
            by_digest: HashMap::new(),
        }
    }

    /// Indexes every user's key digests; a digest that is not 64 hex digits is an error
    /// (the compiler refuses it first).
    pub fn build(users: &[User]) -> Result<ApiKeys, KeyError> {
        let mut by_digest = HashMap::new();
        for (index, user) in users.iter().enumerate() {
            for digest in &user.api_keys {
                let bytes = parse_digest(digest).ok_or_else(|| KeyError::NotADigest {
                    login: user.login.clone(),
                })?;
                if by_digest.insert(bytes, index).is_some() {
                    return Err(KeyError::SharedDigest {
                        login: user.login.clone(),
                    });
                }
            }
        }
        Ok(ApiKeys { by_digest })
    }

    /// The user a presented key belongs to. Hashing first means the lookup works on
    /// digests only: the key's bytes never meet a comparison that could leak timing.
    pub fn user_for(&self, presented_key: &[u8]) -> Option<usize> {
        if presented_key.is_empty() {
            return None;
        }
        let digest: [u8; 32] = Sha256::digest(presented_key).into();
        self.by_digest.get(&digest).copied()
    }
}

pub fn parse_digest(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, chunk) in out.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let text = std::str::from_utf8(chunk).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::hex;

    fn user(login: &str, keys: &[&str]) -> User {
        User {
            login: login.into(),
            name: login.into(),
            groups: vec![],
            api_keys: keys
                .iter()
                .map(|k| hex(&Sha256::digest(k.as_bytes())))
                .collect(),
        }
    }

    #[test]
    fn finds_the_user_of_a_key() {
        let keys =
            ApiKeys::build(&[user("ann", &["k-ann"]), user("bob", &["k-bob", "k-bob2"])]).unwrap();
        assert_eq!(keys.user_for(b"k-ann"), Some(0));
        assert_eq!(keys.user_for(b"k-bob2"), Some(1));
        assert_eq!(keys.user_for(b"k-nobody"), None);
        assert_eq!(keys.user_for(b""), None);
    }

    #[test]
    fn refuses_bad_and_shared_digests() {
        let mut bad = user("ann", &[]);
        bad.api_keys.push("ABC".into());
        assert_eq!(
            ApiKeys::build(&[bad]).err(),
            Some(KeyError::NotADigest {
                login: "ann".into()
            })
        );
        assert_eq!(
            ApiKeys::build(&[user("ann", &["same"]), user("bob", &["same"])]).err(),
            Some(KeyError::SharedDigest {
                login: "bob".into()
            })
        );
    }
}
