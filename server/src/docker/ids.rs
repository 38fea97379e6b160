//! Docker object ids as types. Every call that changes something in Docker names its object
//! by one of these, never by a string from a request: an id is 64 hex digits, so it can only
//! ever be one path segment of Docker's API (no `/`, no `..`, no `?`). They are made from the
//! topology the engine task read (see `lab::boundary`), or from what Docker itself answered.

use std::fmt;

/// A container's full id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContainerId(String);

/// A network's full id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NetworkId(String);

/// Docker's full ids are 64 lower-case hex digits.
fn is_full_id(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

macro_rules! id_type {
    ($name:ident) => {
        impl $name {
            /// The id, when `text` is a full Docker id.
            pub fn parse(text: &str) -> Option<Self> {
                is_full_id(text).then(|| Self(text.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(ContainerId);
id_type!(NetworkId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_full_hex_ids_are_ids() {
        let id = "a".repeat(64);
        assert_eq!(ContainerId::parse(&id).map(|c| c.to_string()), Some(id));
        for bad in [
            "web",
            "../containers/x/stop",
            &"A".repeat(64),
            &"a".repeat(63),
            &format!("{}/", "a".repeat(63)),
        ] {
            assert_eq!(NetworkId::parse(bad), None, "{bad}");
        }
    }
}
