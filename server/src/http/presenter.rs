//! The presenter token stays the presenter's: it is compared in constant time (how long a
//! comparison takes says nothing about how much of a guess was right), and an address that
//! sends a few wrong tokens is refused for a while, slowly, with 429: guessing a 128-bit token
//! was hopeless already, and this keeps a script in the room from trying at full speed and
//! from filling the log.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use subtle::ConstantTimeEq;

/// Wrong tokens one address may send within [`WINDOW`] before it is refused.
pub const WRONG_TRIES: u32 = 5;
/// How long wrong tries are remembered, and how long an address is refused after too many.
pub const WINDOW: Duration = Duration::from_secs(60);
/// How long a refused address waits for its 429.
pub const SLOW_ANSWER: Duration = Duration::from_secs(1);
/// Addresses remembered at most; past it, the oldest are forgotten first.
const REMEMBERED: usize = 4096;

/// Whether `given` is the presenter token, in time that does not depend on where they differ.
pub fn token_matches(expected: &str, given: &str) -> bool {
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

/// Wrong tokens by address, shared by every request.
#[derive(Clone, Debug, Default)]
pub struct TokenTries {
    seen: Arc<Mutex<HashMap<IpAddr, Tries>>>,
}

#[derive(Clone, Copy, Debug)]
struct Tries {
    wrong: u32,
    first: Instant,
}

impl TokenTries {
    /// How long `address` is still refused, when it sent too many wrong tokens lately.
    pub fn refused_for(&self, address: IpAddr, now: Instant) -> Option<Duration> {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let tries = seen.get(&address)?;
        let ends = tries.first + WINDOW;
        (tries.wrong >= WRONG_TRIES && now < ends).then(|| ends - now)
    }

    /// Counts one wrong token from `address`.
    pub fn wrong(&self, address: IpAddr, now: Instant) {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= REMEMBERED {
            seen.retain(|_, t| now.duration_since(t.first) < WINDOW);
            if seen.len() >= REMEMBERED {
                let oldest = seen.iter().min_by_key(|(_, t)| t.first).map(|(a, _)| *a);
                oldest.map(|a| seen.remove(&a));
            }
        }
        let tries = seen.entry(address).or_insert(Tries {
            wrong: 0,
            first: now,
        });
        if now.duration_since(tries.first) >= WINDOW {
            *tries = Tries {
                wrong: 0,
                first: now,
            };
        }
        tries.wrong += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 7));
    const THERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 8));

    #[test]
    fn only_the_same_token_matches() {
        assert!(token_matches("abc123", "abc123"));
        assert!(!token_matches("abc123", "abc124"));
        assert!(!token_matches("abc123", "abc12"));
        assert!(!token_matches("abc123", ""));
    }

    #[test]
    fn an_address_is_refused_after_too_many_wrong_tokens_until_the_window_ends() {
        let tries = TokenTries::default();
        let start = Instant::now();
        for _ in 0..WRONG_TRIES - 1 {
            tries.wrong(HERE, start);
        }
        assert_eq!(tries.refused_for(HERE, start), None);
        tries.wrong(HERE, start);
        assert_eq!(tries.refused_for(HERE, start), Some(WINDOW));
        assert_eq!(
            tries.refused_for(THERE, start),
            None,
            "others are not refused"
        );
        let later = start + WINDOW;
        assert_eq!(tries.refused_for(HERE, later), None);
        tries.wrong(HERE, later);
        assert_eq!(
            tries.refused_for(HERE, later),
            None,
            "the count starts over"
        );
    }

    #[test]
    fn the_memory_of_addresses_is_bounded() {
        let tries = TokenTries::default();
        let now = Instant::now();
        for n in 0..(REMEMBERED as u32 + 10) {
            tries.wrong(IpAddr::V4(std::net::Ipv4Addr::from(n)), now);
        }
        let seen = tries.seen.lock().map(|s| s.len()).unwrap_or(0);
        assert!(seen <= REMEMBERED, "{seen}");
    }
}
