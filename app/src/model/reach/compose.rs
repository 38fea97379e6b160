//! Turns what was found into the answer: one stage each for resolve, route and reach, every
//! one with a sentence that says why, and the same questions as commands to type by hand.

use std::net::Ipv4Addr;

use super::plan::{LocalAnswer, Origin, ProbePlan, Target};
use super::route::{owner_of_ip, route};
use super::{
    DnsFinding, NamespaceFindings, PortState, ProbeAnswer, ProbeStage, StageName, Via, EMBEDDED_DNS,
};
use crate::model::{shell_word, Topology};

/// The tools the hand commands need that A's image does not have (none for the host).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tools {
    pub missing: Vec<String>,
}

/// The answer to a probe, from the plan, how A's own files resolved the name, and what was
/// found inside A's namespace.
pub fn compose(
    topology: &Topology,
    plan: &ProbePlan,
    local: &LocalAnswer,
    found: &NamespaceFindings,
    tools: &Tools,
) -> ProbeAnswer {
    let (resolve, resolved, via) = resolve_stage(topology, plan, local, found);
    let (route_stage, owner) = match resolved {
        Some(ip) => {
            let finding = route(topology, &plan.origin, ip);
            (
                stage(StageName::Route, finding.ok, finding.reason, None),
                finding.owner,
            )
        }
        None => (
            unresolved_route(topology, plan),
            named_container(topology, plan),
        ),
    };
    let reach = reach_stage(plan, resolved, found);
    let reached = reach.ok;
    let stages = vec![resolve, route_stage, reach];
    let summary = summary(plan, resolved, &stages);
    let (commands, commands_note) = hand_commands(plan, tools);
    ProbeAnswer {
        id: 0,
        from: plan.origin.label().to_string(),
        to: target_text(&plan.target),
        port: plan.port,
        from_container: match &plan.origin {
            Origin::Host => None,
            Origin::Container { id, .. } => Some(id.clone()),
        },
        to_container: owner,
        reached,
        resolved: resolved.map(|ip| ip.to_string()),
        via,
        stages,
        ping: found.ping.clone(),
        ports: found.ports.clone(),
        commands,
        commands_note,
        summary,
    }
}

fn stage(name: StageName, ok: bool, reason: String, millis: Option<f64>) -> ProbeStage {
    ProbeStage {
        stage: Some(name),
        ok,
        reason,
        millis,
    }
}

fn target_text(target: &Target) -> String {
    match target {
        Target::Ip(ip) => ip.to_string(),
        Target::Name(name) => name.clone(),
    }
}

fn resolve_stage(
    topology: &Topology,
    plan: &ProbePlan,
    local: &LocalAnswer,
    found: &NamespaceFindings,
) -> (ProbeStage, Option<Ipv4Addr>, Option<Via>) {
    let from = plan.origin.label();
    let to = target_text(&plan.target);
    let fail = |reason: String| (stage(StageName::Resolve, false, reason, None), None, None);
    match local {
        LocalAnswer::Ip(ip) => (
            stage(
                StageName::Resolve,
                true,
                format!("{ip} is an address already: nothing to resolve"),
                None,
            ),
            Some(*ip),
            Some(Via::Ip),
        ),
        LocalAnswer::Hosts(line) => {
            let written = match &line.from_link {
                Some(alias) => format!(" that --link wrote (alias {alias})"),
                None => String::new(),
            };
            let reason = format!(
                "found in {from}'s /etc/hosts: the line `{}`{written}",
                line.line
            );
            match line.ip.parse::<Ipv4Addr>() {
                Ok(ip) => (
                    stage(StageName::Resolve, true, reason, None),
                    Some(ip),
                    Some(Via::Hosts),
                ),
                Err(_) => fail(format!("{reason}, whose address is not IPv4")),
            }
        }
        LocalAnswer::AskEmbeddedDns => match (&found.dns, &found.entry_error) {
            (Some(dns), _) => embedded_dns_stage(topology, plan, dns),
            (None, Some(error)) => fail(error.clone()),
            (None, None) => fail("Docker's embedded DNS was not asked".into()),
        },
        LocalAnswer::OtherResolver(nameservers) => fail(format!(
            "{to} is not in {from}'s /etc/hosts, and its resolv.conf names {}, not Docker's \
             embedded DNS ({EMBEDDED_DNS}). On the default bridge a container gets a copy of \
             the host's resolver, which knows no container names, so bridgescope does not ask \
             it. Use a user-defined network (names resolve there), a --link, or the IP.",
            if nameservers.is_empty() {
                "no nameserver".to_string()
            } else {
                nameservers.join(", ")
            }
        )),
        LocalAnswer::HostResolver => fail(format!(
            "{to} is not in the host's /etc/hosts, and the host's own resolver knows no \
             container names: Docker's embedded DNS answers only inside containers on \
             user-defined networks. From the host, use the container's IP."
        )),
    }
}

fn embedded_dns_stage(
    topology: &Topology,
    plan: &ProbePlan,
    dns: &DnsFinding,
) -> (ProbeStage, Option<Ipv4Addr>, Option<Via>) {
    let from = plan.origin.label();
    let to = target_text(&plan.target);
    let asked = format!("Docker's embedded DNS ({EMBEDDED_DNS}), asked from inside {from}");
    let fail = |reason: String, millis: Option<f64>| {
        (stage(StageName::Resolve, false, reason, millis), None, None)
    };
    match dns {
        DnsFinding::Answered { ips, millis } => {
            let first = ips.iter().find_map(|ip| ip.parse::<Ipv4Addr>().ok());
            let Some(ip) = first else {
                return fail(format!("{asked}, answered no IPv4 address"), Some(*millis));
            };
            let network = owner_of_ip(topology, ip)
                .map(|(b, e)| match b.name.eq_ignore_ascii_case(&to) {
                    true => format!(" ({}, on network {})", b.name, e.network_name),
                    false => format!(" ({to} is {}, on network {})", b.name, e.network_name),
                })
                .unwrap_or_default();
            let reason = format!("{asked}, answered {}{network}", ips.join(", "));
            (
                stage(StageName::Resolve, true, reason, Some(*millis)),
                Some(ip),
                Some(Via::DockerDns),
            )
        }
        DnsFinding::NoSuchName { millis } => fail(
            format!(
                "{asked}, does not know {to}: it answers only for containers and aliases on \
                 the user-defined networks {from} is on ({}){}",
                user_networks_of(topology, plan),
                elsewhere(topology, plan)
            ),
            Some(*millis),
        ),
        DnsFinding::Silent { millis } => fail(
            format!(
                "{asked}, gave no answer in time: it knows no {to} on {from}'s networks ({}), \
                 so it passed the question on to the container's upstream resolver, which did \
                 not answer{}",
                user_networks_of(topology, plan),
                elsewhere(topology, plan)
            ),
            Some(*millis),
        ),
        DnsFinding::Failed { reason } => fail(format!("{asked}: {reason}"), None),
    }
}

/// Where the container that `to` names is, when A's networks do not have it.
fn elsewhere(topology: &Topology, plan: &ProbePlan) -> String {
    let Some(b) = named_container(topology, plan).and_then(|id| topology.containers.get(&id))
    else {
        return String::new();
    };
    let nets: Vec<&str> = b
        .endpoints
        .values()
        .map(|e| e.network_name.as_str())
        .collect();
    if nets.is_empty() {
        return format!(". {} is on no network now", b.name);
    }
    format!(". {} is on {}", b.name, nets.join(", "))
}

fn user_networks_of(topology: &Topology, plan: &ProbePlan) -> String {
    let Origin::Container { id, .. } = &plan.origin else {
        return String::new();
    };
    let Some(a) = topology.containers.get(id) else {
        return String::new();
    };
    let names: Vec<&str> = a
        .endpoints
        .values()
        .map(|e| e.network_name.as_str())
        .filter(|n| !matches!(*n, "bridge" | "host" | "none"))
        .collect();
    names.join(", ")
}

/// The container a name means, even when A could not resolve it (for the arrow and a hint).
fn named_container(topology: &Topology, plan: &ProbePlan) -> Option<String> {
    let Target::Name(name) = &plan.target else {
        return None;
    };
    topology
        .containers
        .values()
        .find(|c| super::plan::names_of(c).any(|n| n.eq_ignore_ascii_case(name)))
        .map(|c| c.id.clone())
}

fn unresolved_route(topology: &Topology, plan: &ProbePlan) -> ProbeStage {
    let hint = named_container(topology, plan)
        .and_then(|id| topology.containers.get(&id))
        .map(
            |b| match b.endpoints.values().find_map(|e| e.ip().map(|ip| (ip, e))) {
                Some((ip, e)) => format!(
                    ": {} is at {ip} on {}, so try the probe with that IP",
                    b.name, e.network_name
                ),
                None => format!(": {} is not running, so it has no IP", b.name),
            },
        )
        .unwrap_or_default();
    stage(
        StageName::Route,
        false,
        format!("not tried, as there is no address to route to{hint}"),
        None,
    )
}

fn reach_stage(plan: &ProbePlan, ip: Option<Ipv4Addr>, found: &NamespaceFindings) -> ProbeStage {
    let Some(ip) = ip else {
        return stage(
            StageName::Reach,
            false,
            "not tried: no address".into(),
            None,
        );
    };
    if let Some(error) = &found.entry_error {
        return stage(StageName::Reach, false, error.clone(), None);
    }
    let mut parts = Vec::new();
    let mut reached = false;
    let mut millis = None;
    if let Some(ping) = &found.ping {
        millis = Some(ping.millis);
        if ping.answered {
            reached = true;
            parts.push(format!("ping: {ip} answered in {:.2} ms", ping.millis));
        } else {
            let why = ping
                .error
                .clone()
                .unwrap_or_else(|| "no answer in time".into());
            parts.push(format!("ping: {why}"));
        }
    }
    for port in &found.ports {
        let state = port.state;
        reached |= matches!(state, PortState::Open | PortState::Refused);
        let note = match state {
            PortState::Refused => " (the container answered, but nothing listens there)",
            _ => "",
        };
        parts.push(format!(
            "TCP {}: {} after {:.2} ms{note}",
            port.port,
            state.as_str(),
            port.millis
        ));
    }
    if found.ports.is_empty() && plan.port.is_none() {
        parts.push("no port asked, and none published: give a port to test TCP".into());
    }
    let who = plan.origin.label();
    let head = if reached {
        format!("{who} reached {ip}")
    } else {
        format!("{who} did not reach {ip}")
    };
    stage(
        StageName::Reach,
        reached,
        format!("{head}: {}", parts.join("; ")),
        millis,
    )
}

fn summary(plan: &ProbePlan, ip: Option<Ipv4Addr>, stages: &[ProbeStage]) -> String {
    let to = target_text(&plan.target);
    match stages.iter().find(|s| !s.ok).and_then(|s| s.stage) {
        None => match ip {
            Some(ip) if ip.to_string() != to => format!("reached {to} ({ip})"),
            _ => format!("reached {to}"),
        },
        Some(StageName::Resolve) => format!("{to} does not resolve"),
        Some(StageName::Route) => "no route".into(),
        Some(StageName::Reach) => "no answer".into(),
    }
}

/// The questions a person would type: `docker exec` for a container, plain commands on the
/// host; and a note when A's image lacks the tools they need.
pub fn hand_commands(plan: &ProbePlan, tools: &Tools) -> (Vec<String>, Option<String>) {
    let to = shell_word(&target_text(&plan.target));
    let prefix = match &plan.origin {
        Origin::Host => String::new(),
        Origin::Container { name, .. } => format!("docker exec {} ", shell_word(name)),
    };
    let mut commands = vec![format!("{prefix}cat /etc/hosts")];
    if let Target::Name(_) = plan.target {
        commands.push(format!("{prefix}nslookup {to}"));
    }
    commands.push(format!("{prefix}ping -c1 -W1 {to}"));
    if let Some(port) = plan.port {
        commands.push(format!("{prefix}nc -zv -w1 {to} {port}"));
    }
    let note = (!tools.missing.is_empty()).then(|| {
        format!(
            "{}'s image has no {}: these commands fail inside it (an image built FROM scratch, \
             like the demo's, has no tools at all). That is why bridgescope asks from {}'s \
             network namespace instead of through docker exec.",
            plan.origin.label(),
            tools.missing.join(", "),
            plan.origin.label()
        )
    });
    (commands, note)
}
