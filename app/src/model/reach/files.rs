//! The two files that decide how a container finds names: `/etc/hosts` (where `--link` writes
//! its targets) and `/etc/resolv.conf` (which nameserver the container asks). The server reads
//! them from `/proc/<pid>/root/etc/`; these functions only parse the text.

use serde::{Deserialize, Serialize};

/// The address Docker's embedded DNS listens on inside containers of user-defined networks.
pub const EMBEDDED_DNS: &str = "127.0.0.11";

/// One line of an `/etc/hosts` file: an address and the names it answers for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostsLine {
    pub ip: String,
    pub names: Vec<String>,
    /// The line as written (without a comment).
    pub line: String,
    /// The `--link` that wrote this line (its alias), when one did.
    #[serde(default)]
    pub from_link: Option<String>,
}

impl HostsLine {
    /// Whether this line answers `name` (host names compare without regard to case).
    pub fn answers(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }
}

/// Every address line of an `/etc/hosts` text; comments and blank lines are skipped.
pub fn parse_hosts(text: &str) -> Vec<HostsLine> {
    text.lines()
        .filter_map(|raw| {
            let line = raw.split('#').next().unwrap_or("").trim();
            let mut words = line.split_whitespace();
            let ip = words.next()?;
            let names: Vec<String> = words.map(str::to_string).collect();
            if names.is_empty() {
                return None;
            }
            Some(HostsLine {
                ip: ip.to_string(),
                names,
                line: line.split_whitespace().collect::<Vec<_>>().join(" "),
                from_link: None,
            })
        })
        .collect()
}

/// What `/etc/resolv.conf` tells the resolver: whom to ask, and which domains to try.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolverConfig {
    pub nameservers: Vec<String>,
    pub search: Vec<String>,
}

impl ResolverConfig {
    /// Whether the container asks Docker's embedded DNS (user-defined networks do).
    pub fn asks_embedded_dns(&self) -> bool {
        self.nameservers.iter().any(|n| n == EMBEDDED_DNS)
    }
}

/// The nameservers and search domains of a `resolv.conf` text.
pub fn parse_resolv_conf(text: &str) -> ResolverConfig {
    let mut config = ResolverConfig::default();
    for raw in text.lines() {
        let line = raw.split(['#', ';']).next().unwrap_or("");
        let mut words = line.split_whitespace();
        match words.next() {
            Some("nameserver") => config.nameservers.extend(words.next().map(str::to_string)),
            Some("search") | Some("domain") => {
                config.search = words.map(str::to_string).collect();
            }
            _ => {}
        }
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINKED_HOSTS: &str = "127.0.0.1\tlocalhost\n\
        ::1\tlocalhost ip6-localhost ip6-loopback\n\
        # a comment\n\
        \n\
        172.17.0.2\twebserver 3f2a1b9c8d7e bst-web\n\
        172.17.0.3\t9c8d7e6f5a4b\n";

    #[test]
    fn hosts_lines_keep_their_names_and_skip_comments() {
        let lines = parse_hosts(LINKED_HOSTS);
        assert_eq!(lines.len(), 4);
        let link = &lines[2];
        assert_eq!(link.ip, "172.17.0.2");
        assert_eq!(link.line, "172.17.0.2 webserver 3f2a1b9c8d7e bst-web");
        assert!(link.answers("WebServer"));
        assert!(!link.answers("web"));
    }

    #[test]
    fn resolv_conf_of_a_user_defined_network_names_the_embedded_dns() {
        let config = parse_resolv_conf(
            "search example.org lab\nnameserver 127.0.0.11\noptions ndots:0 # docker\n",
        );
        assert_eq!(config.nameservers, ["127.0.0.11"]);
        assert_eq!(config.search, ["example.org", "lab"]);
        assert!(config.asks_embedded_dns());
        let copied = parse_resolv_conf("nameserver 10.0.0.2\nnameserver 10.0.0.3\n");
        assert!(!copied.asks_embedded_dns());
        assert_eq!(copied.nameservers.len(), 2);
    }
}
