//! What the kernel says, read with iproute2 (`ip -o link`), to check bridgescope against: an
//! independent source, not the code under test.

use std::process::Command;

/// One line of `ip -o link`: `18: veth1aedf43@if17: <…> mtu 1500 … master br-x state UP …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelLink {
    pub ifindex: u32,
    pub name: String,
    /// The ifindex after `@if`, for veths: the peer in the other namespace.
    pub peer_ifindex: Option<u32>,
    pub master: Option<String>,
}

/// `ip -o link` on the host (optionally `show type bridge` etc. through `args`).
pub fn host_links(args: &[&str]) -> Vec<KernelLink> {
    let output = Command::new("ip").arg("-o").arg("link").args(args).output();
    match output {
        Ok(output) if output.status.success() => parse(&String::from_utf8_lossy(&output.stdout)),
        Ok(output) => panic!(
            "ip -o link failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => panic!("cannot run ip (install iproute2): {error}"),
    }
}

/// `ip -o link` inside the network namespace of process `pid` (through `nsenter`), so it works
/// for images without a shell too.
pub fn namespace_links(pid: i64) -> Vec<KernelLink> {
    let output = Command::new("nsenter")
        .args(["-t", &pid.to_string(), "-n", "ip", "-o", "link"])
        .output();
    match output {
        Ok(output) if output.status.success() => parse(&String::from_utf8_lossy(&output.stdout)),
        Ok(output) => panic!(
            "nsenter -t {pid} -n ip -o link failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => panic!("cannot run nsenter: {error}"),
    }
}

fn parse(text: &str) -> Vec<KernelLink> {
    text.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<KernelLink> {
    let mut fields = line.split_whitespace();
    let ifindex = fields.next()?.trim_end_matches(':').parse().ok()?;
    let full_name = fields.next()?.trim_end_matches(':');
    let (name, peer) = match full_name.split_once('@') {
        Some((name, peer)) => (name, peer.strip_prefix("if").and_then(|p| p.parse().ok())),
        None => (full_name, None),
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    let master = words
        .windows(2)
        .find(|w| w[0] == "master")
        .map(|w| w[1].to_string());
    Some(KernelLink {
        ifindex,
        name: name.to_string(),
        peer_ifindex: peer,
        master,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_host_veth_and_a_container_interface() {
        let host = "18: veth1aedf43@if17: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master bst-lab0 state UP mode DEFAULT group default \\    link/ether 9e:37:5f:bd:fd:97 brd ff:ff:ff:ff:ff:ff link-netnsid 1";
        assert_eq!(
            parse_line(host),
            Some(KernelLink {
                ifindex: 18,
                name: "veth1aedf43".into(),
                peer_ifindex: Some(17),
                master: Some("bst-lab0".into())
            })
        );
        let inside = "17: eth0@if18: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \\    link/ether 02:42:0a:d5:32:02 brd ff:ff:ff:ff:ff:ff";
        let link = parse_line(inside);
        assert_eq!(link.as_ref().map(|l| l.peer_ifindex), Some(Some(18)));
        assert_eq!(link.map(|l| l.master), Some(None));
    }
}
