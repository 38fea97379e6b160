//! The probe's questions, asked from inside a container's network namespace (or the host's):
//! a DNS query to Docker's embedded DNS, an ICMP echo, and TCP connects. Like the veth reader
//! it runs on a thread of its own that `setns`es, with a small runtime of its own, so no tokio
//! worker ever leaves the host's namespace; sockets made after `setns` belong to the
//! container's network. Every question has a deadline, so a probe always ends.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use hickory_proto::op::{Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};
use tokio::time::timeout;

use bridgescope_app::model::reach::{
    DnsFinding, NamespaceFindings, PingFinding, PortFinding, PortState, EMBEDDED_DNS,
};

use super::namespace::enter;

/// At most this many ports are tried when the request names none.
const MAX_PORTS: usize = 4;

/// What to ask, and where.
#[derive(Clone, Debug)]
pub struct Question {
    /// The process whose network namespace to ask from; `None`: the host's own.
    pub pid: Option<i64>,
    /// A name to ask Docker's embedded DNS for (A's resolv.conf points there).
    pub dns_name: Option<String>,
    /// The address to reach when no DNS question is asked (or it answers nothing).
    pub known_ip: Option<Ipv4Addr>,
    /// The port the request names.
    pub port: Option<u16>,
    /// Ports to try at each address when the request names none (published container ports).
    pub ports_by_ip: BTreeMap<Ipv4Addr, Vec<u16>>,
    /// The deadline of each question.
    pub stage_timeout: Duration,
}

/// Asks `question` on a thread of its own and returns what was found.
pub async fn ask(question: Question) -> NamespaceFindings {
    super::on_own_thread("netns-probe", move || ask_here(question))
        .await
        .unwrap_or_else(|failure| NamespaceFindings {
            entry_error: Some(failure),
            ..Default::default()
        })
}

fn ask_here(question: Question) -> NamespaceFindings {
    if let Some(pid) = question.pid {
        if let Err(reason) = enter(pid) {
            return NamespaceFindings {
                entry_error: Some(reason),
                ..Default::default()
            };
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(ask_all(&question)),
        Err(error) => NamespaceFindings {
            entry_error: Some(format!("cannot start the probe's runtime: {error}")),
            ..Default::default()
        },
    }
}

async fn ask_all(question: &Question) -> NamespaceFindings {
    let deadline = question.stage_timeout;
    let dns = match &question.dns_name {
        Some(name) => Some(ask_embedded_dns(name, deadline).await),
        None => None,
    };
    let answered = match &dns {
        Some(DnsFinding::Answered { ips, .. }) => ips.iter().find_map(|ip| ip.parse().ok()),
        _ => None,
    };
    let target = if question.dns_name.is_some() {
        answered
    } else {
        question.known_ip
    };
    let Some(ip) = target else {
        return NamespaceFindings {
            dns,
            ..Default::default()
        };
    };
    let ports: Vec<u16> = match question.port {
        Some(port) => vec![port],
        None => question
            .ports_by_ip
            .get(&ip)
            .map(|ports| ports.iter().copied().take(MAX_PORTS).collect())
            .unwrap_or_default(),
    };
    let connects = futures::future::join_all(ports.iter().map(|p| connect(ip, *p, deadline)));
    let (ping, ports) = tokio::join!(echo(ip, deadline), connects);
    NamespaceFindings {
        dns,
        ping: Some(ping),
        ports,
        entry_error: None,
    }
}

fn millis_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// One UDP question of type A to 127.0.0.11:53, as A's resolver would send it.
async fn ask_embedded_dns(name: &str, deadline: Duration) -> DnsFinding {
    let start = Instant::now();
    let failed = |what: &str, error: &dyn std::fmt::Display| DnsFinding::Failed {
        reason: format!("{what}: {error}"),
    };
    let query = match dns_query(name) {
        Ok(query) => query,
        Err(error) => return failed("cannot write the DNS question", &error),
    };
    let server = SocketAddr::new(IpAddr::V4(embedded_dns_address()), 53);
    let socket = match tokio::net::UdpSocket::bind("0.0.0.0:0").await {
        Ok(socket) => socket,
        Err(error) => return failed("cannot open a UDP socket", &error),
    };
    if let Err(error) = socket.send_to(&query.bytes, server).await {
        return failed("cannot send the DNS question", &error);
    }
    let mut buffer = [0u8; 1500];
    loop {
        let received = timeout(
            deadline.saturating_sub(start.elapsed()),
            socket.recv_from(&mut buffer),
        )
        .await;
        let length = match received {
            Err(_) => {
                return DnsFinding::Silent {
                    millis: millis_since(start),
                }
            }
            Ok(Err(error)) => return failed("the DNS answer could not be read", &error),
            Ok(Ok((length, from))) if from == server => length,
            Ok(Ok(_)) => continue,
        };
        match Message::from_vec(&buffer[..length]) {
            Ok(answer) if answer.id() == query.id => return read_answer(&answer, start),
            Ok(_) => continue,
            Err(error) => return failed("the DNS answer does not parse", &error),
        }
    }
}

fn embedded_dns_address() -> Ipv4Addr {
    EMBEDDED_DNS.parse().unwrap_or(Ipv4Addr::new(127, 0, 0, 11))
}

struct DnsQuery {
    id: u16,
    bytes: Vec<u8>,
}

fn dns_query(name: &str) -> Result<DnsQuery, hickory_proto::ProtoError> {
    let mut id_bytes = [0u8; 2];
    // A fixed id would do on a private socket; a random one is what resolvers send.
    let _ = getrandom::fill(&mut id_bytes);
    let id = u16::from_ne_bytes(id_bytes);
    let mut name = Name::from_ascii(name)?;
    name.set_fqdn(true);
    let mut message = Message::new();
    message
        .set_id(id)
        .set_message_type(MessageType::Query)
        .set_op_code(OpCode::Query)
        .set_recursion_desired(true)
        .add_query(Query::query(name, RecordType::A));
    Ok(DnsQuery {
        id,
        bytes: message.to_vec()?,
    })
}

fn read_answer(answer: &Message, start: Instant) -> DnsFinding {
    let millis = millis_since(start);
    let ips: Vec<String> = answer
        .answers()
        .iter()
        .filter_map(|record| match record.data() {
            RData::A(a) => Some(a.0.to_string()),
            _ => None,
        })
        .collect();
    match answer.response_code() {
        ResponseCode::NoError if !ips.is_empty() => DnsFinding::Answered { ips, millis },
        ResponseCode::NoError | ResponseCode::NXDomain => DnsFinding::NoSuchName { millis },
        other => DnsFinding::Failed {
            reason: format!("Docker's embedded DNS answered {other}"),
        },
    }
}

/// One ICMP echo (a raw socket: bridgescope runs as root to enter namespaces anyway).
async fn echo(ip: Ipv4Addr, deadline: Duration) -> PingFinding {
    let start = Instant::now();
    let config = surge_ping::Config::builder()
        .kind(surge_ping::ICMP::V4)
        .sock_type_hint(socket2::Type::RAW)
        .build();
    let client = match surge_ping::Client::new(&config) {
        Ok(client) => client,
        Err(error) => {
            return PingFinding {
                answered: false,
                millis: 0.0,
                error: Some(format!("cannot open an ICMP socket: {error}")),
            }
        }
    };
    let mut ident = [0u8; 2];
    let _ = getrandom::fill(&mut ident);
    let mut pinger = client
        .pinger(
            IpAddr::V4(ip),
            surge_ping::PingIdentifier(u16::from_ne_bytes(ident)),
        )
        .await;
    pinger.timeout(deadline);
    let result = pinger.ping(surge_ping::PingSequence(0), &[0u8; 16]).await;
    let millis = millis_since(start);
    match result {
        Ok((_, rtt)) => PingFinding {
            answered: true,
            millis: rtt.as_secs_f64() * 1000.0,
            error: None,
        },
        Err(surge_ping::SurgeError::Timeout { .. }) => PingFinding {
            answered: false,
            millis,
            error: Some(format!("no echo reply within {} s", deadline.as_secs_f64())),
        },
        Err(error) => PingFinding {
            answered: false,
            millis,
            error: Some(describe_io(&error.to_string())),
        },
    }
}

fn describe_io(text: &str) -> String {
    if text.contains("Network is unreachable") || text.contains("os error 101") {
        "network unreachable: no route out of this namespace".into()
    } else {
        text.to_string()
    }
}

async fn connect(ip: Ipv4Addr, port: u16, deadline: Duration) -> PortFinding {
    let start = Instant::now();
    let attempt = timeout(deadline, tokio::net::TcpStream::connect((ip, port))).await;
    let state = match attempt {
        Ok(Ok(_)) => PortState::Open,
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
            PortState::Refused
        }
        Ok(Err(_)) => PortState::Unreachable,
        Err(_) => PortState::TimedOut,
    };
    PortFinding {
        port,
        state,
        millis: millis_since(start),
    }
}
