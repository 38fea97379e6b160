//! How many event streams may be open: a few per address (a student with some tabs), and a
//! total a full lecture hall stays well under. Every open stream holds a subscription and a
//! connection for as long as the client likes, so past these a new one is refused with a 503
//! that says why, instead of letting one address (or a script) take what the room needs.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Streams one address may hold open.
pub const PER_ADDRESS: usize = 16;
/// Streams open in all.
pub const TOTAL: usize = 768;

/// The open streams, by address.
#[derive(Clone, Debug)]
pub struct StreamCaps {
    per_address: usize,
    total: usize,
    open: Arc<Mutex<Open>>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// Why a stream was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Full {
    #[error(
        "this address has {0} event streams open, the most one address may: close a tab of \
         this dashboard and reload"
    )]
    Address(usize),
    #[error("{0} event streams are open, the most this dashboard serves: try again later")]
    Total(usize),
}

/// One open stream's place; given back when the stream ends.
#[derive(Debug)]
pub struct StreamPass {
    caps: StreamCaps,
    address: IpAddr,
}

impl Default for StreamCaps {
    fn default() -> Self {
        Self::new(PER_ADDRESS, TOTAL)
    }
}

impl StreamCaps {
    pub fn new(per_address: usize, total: usize) -> Self {
        Self {
            per_address,
            total,
            open: Arc::default(),
        }
    }

    /// A place for one more stream from `address`, or why there is none.
    pub fn take(&self, address: IpAddr) -> Result<StreamPass, Full> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let mine = open.by_address.get(&address).copied().unwrap_or(0);
        if mine >= self.per_address {
            return Err(Full::Address(mine));
        }
        if open.total >= self.total {
            return Err(Full::Total(open.total));
        }
        open.total += 1;
        open.by_address.insert(address, mine + 1);
        Ok(StreamPass {
            caps: self.clone(),
            address,
        })
    }
}

impl Drop for StreamPass {
    fn drop(&mut self) {
        let mut open = self.caps.open.lock().unwrap_or_else(|p| p.into_inner());
        open.total = open.total.saturating_sub(1);
        if let Some(mine) = open.by_address.get_mut(&self.address) {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                open.by_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, last))
    }

    #[test]
    fn an_address_gets_its_share_and_a_place_comes_back_when_a_stream_ends() {
        let caps = StreamCaps::new(2, 3);
        let first = caps.take(ip(1));
        let second = caps.take(ip(1));
        assert!(first.is_ok() && second.is_ok());
        assert_eq!(caps.take(ip(1)).err(), Some(Full::Address(2)));
        let other = caps.take(ip(2));
        assert!(other.is_ok());
        assert_eq!(caps.take(ip(3)).err(), Some(Full::Total(3)));
        drop(first);
        assert!(caps.take(ip(1)).is_ok(), "the place came back");
    }
}
