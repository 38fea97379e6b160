//! What the layout produces: every box, wire and label of the diagram with its place, and the
//! options that shape it. Renderers (the Leptos component, the SVG export) only draw these.

use std::collections::BTreeSet;

use super::geometry::{Label, Point, Rect};

/// What the caller chooses. `Default` is the lecture-hall setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Network ids whose bar (or chip) shows a count instead of its cards.
    pub collapsed: BTreeSet<String>,
    /// The fewest card columns of the bridged grid; it gains more as the host fills up.
    pub columns: u32,
    /// Card columns of the area for containers without a bridge network.
    pub other_columns: u32,
    /// An address change is shown as "old -> new" while it is at most this many versions old.
    pub recent_versions: u64,
    /// Projector mode: card names and addresses are `metrics::LARGE_TEXT` times as large, in
    /// the same boxes (places and sizes do not change, only the text).
    pub large_text: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            collapsed: BTreeSet::new(),
            columns: 2,
            other_columns: 1,
            recent_versions: 20,
            large_text: false,
        }
    }
}

/// The whole diagram. Lists are in a fixed order (by name or key), so equal inputs give equal
/// layouts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub host: HostFrame,
    pub bars: Vec<BarBox>,
    pub cards: Vec<CardBox>,
    pub wires: Vec<Wire>,
    pub badges: Vec<Badge>,
    pub links: Vec<LinkArrow>,
    /// Non-bridge networks and the containers only on them; `None` when there are none.
    pub other: Option<OtherArea>,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct HostFrame {
    pub rect: Rect,
    pub title: Label,
}

/// Whether a bridge is up and has carrier, as netlink says (or not found at all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BarState {
    Up,
    NoCarrier,
    Down,
    #[default]
    Missing,
}

impl BarState {
    pub fn as_str(self) -> &'static str {
        match self {
            BarState::Up => "up",
            BarState::NoCarrier => "no-carrier",
            BarState::Down => "down",
            BarState::Missing => "missing",
        }
    }
}

/// A bridge-driver network's Linux bridge, drawn as a bar wires plug into.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct BarBox {
    pub bridge: String,
    pub network_id: String,
    pub network_name: String,
    pub rect: Rect,
    /// The channel lane its wires run in.
    pub lane: u32,
    /// Its colour, one of `metrics::HUES`: from its place, so it stays while the bar stays,
    /// and neighbours differ. Its wires take the same.
    pub hue: u32,
    pub state: BarState,
    pub collapsed: bool,
    /// Containers with an endpoint on this network.
    pub attached: usize,
    /// Bridge name.
    pub title: Label,
    /// Network name and subnet.
    pub subnet: Label,
    /// Gateway and state.
    pub detail: Label,
    /// The container count, when collapsed.
    pub count: Option<Label>,
}

/// Which area a card lives in.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// On at least one bridge network: the main grid under the bars.
    #[default]
    Bridged,
    /// Only on host, none, overlay, macvlan… networks (or none at all): the other area.
    Other,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct CardBox {
    pub container_id: String,
    pub name: String,
    pub zone: Zone,
    pub rect: Rect,
    /// Docker's state word (`running`, `exited`, …).
    pub state: String,
    pub title: Label,
    /// Image and state.
    pub meta: Label,
    pub rows: Vec<CardRow>,
    /// Said instead of rows when the container has no endpoint.
    pub note: Option<Label>,
}

/// One endpoint of a card.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct CardRow {
    pub network_id: String,
    pub network_name: String,
    pub rect: Rect,
    /// Where this endpoint's wire leaves the card (its left edge).
    pub port: Point,
    /// Whether a veth pair is known for this endpoint (then `ifname` is its container end).
    pub veth: bool,
    /// The container-side interface (`eth0`), "?" when unknown.
    pub ifname: Label,
    /// The address with its prefix, or "no address".
    pub ip: Label,
    /// A recent change of address, shown as "old -> new".
    pub ip_change: Option<IpChange>,
    /// MAC and network name.
    pub mac: Label,
    /// Aliases and DNS names (may be empty).
    pub names: Label,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct IpChange {
    pub from: String,
    pub to: String,
    pub since_version: u64,
    /// "old -> new", placed where `ip` is.
    pub label: Label,
}

/// A veth pair: an orthogonal polyline from the card's port to the bridge bar.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Wire {
    /// The veth key, `container id/network id`.
    pub key: String,
    pub container_id: String,
    pub container_name: String,
    pub network_id: String,
    pub network_name: String,
    pub bridge: String,
    /// The colour of its bar.
    pub hue: u32,
    pub points: Vec<Point>,
    /// False for a pair the server could not see (drawn dashed).
    pub known: bool,
    /// The container end (`eth0`); drawn in the card row, at that row's `ifname`.
    pub container_ifname: String,
    /// The host end (`veth1a2b3c`), or the reason it is unknown; beside the wire at the card.
    pub host_label: Label,
}

/// A published port, on the host frame's bottom edge.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Badge {
    pub container_id: String,
    pub container_name: String,
    pub rect: Rect,
    pub label: Label,
}

/// A legacy `--link` from one card to another, labelled with the alias.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct LinkArrow {
    pub from: String,
    /// The linking container's id (selecting the arrow selects it).
    pub from_id: String,
    pub to: String,
    pub alias: String,
    pub points: Vec<Point>,
    pub label: Label,
}

#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct OtherArea {
    pub rect: Rect,
    pub title: Label,
    pub chips: Vec<NetChip>,
}

/// A network without a bridge (host, none, overlay, macvlan…).
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct NetChip {
    pub network_id: String,
    pub name: String,
    pub driver: String,
    pub rect: Rect,
    pub collapsed: bool,
    pub attached: usize,
    pub title: Label,
    pub detail: Label,
}
