//! Counted places, by address and in all: the accept loop's connections and the event
//! streams each have a set. A connection or a stream holds for as long as the client likes,
//! so past a few per address (a student with some tabs) and a total a full lecture hall stays
//! well under, a new one is refused, instead of letting one address (or a script) take what
//! the room needs. A place is given back when what holds it is dropped.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Event streams one address may hold open.
pub const STREAMS_PER_ADDRESS: usize = 16;
/// Event streams open in all.
pub const STREAMS_TOTAL: usize = 768;

/// The places taken, by address.
#[derive(Clone, Debug)]
pub struct Places {
    per_address: usize,
    total: usize,
    open: Arc<Mutex<Open>>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// Why no place was given: how many this address, or all, hold already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    Address(usize),
    Total(usize),
}

/// One taken place; given back when dropped.
#[derive(Debug)]
pub struct Place {
    places: Places,
    address: IpAddr,
}

impl Places {
    pub fn new(per_address: usize, total: usize) -> Self {
        Self {
            per_address,
            total,
            open: Arc::default(),
        }
    }

    /// A place for one more from `address`, or why there is none.
    pub fn take(&self, address: IpAddr) -> Result<Place, Full> {
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
        Ok(Place {
            places: self.clone(),
            address,
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.places.open.lock().unwrap_or_else(|p| p.into_inner());
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
        let caps = Places::new(2, 3);
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
