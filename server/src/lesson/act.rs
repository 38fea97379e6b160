//! What each kind of step does, and what it says it did (in both languages, with the real
//! names, addresses and answers). A failure becomes the step's outcome (not ok, with the
//! reason): the room sees it and the lecturer can go on or reset.

use std::time::Duration;

use bridgescope_app::api::ProbeRequest;
use bridgescope_app::model::lesson::{
    Action, LessonImage, ProbeTo, Said, StepOutcome, LESSON_LABEL,
};
use bridgescope_app::model::{LinkRequest, NetworkRequest, Publish, RunRequest, Topology};

use super::{Lessons, Progress};
use crate::docker::Lifecycle;
use crate::lab::WEBAPP_IMAGE;

/// How long a step waits for the topology to show what it did.
const SETTLE: Duration = Duration::from_secs(10);

pub async fn run(lessons: &Lessons, progress: &mut Progress, index: usize) -> StepOutcome {
    let Some(step) = progress.lesson.and_then(|l| l.steps.get(index)) else {
        return StepOutcome::default();
    };
    let label = progress.lesson.map(|l| l.id).unwrap_or_default();
    let result = match step.action {
        Action::Look => Ok(StepOutcome {
            ok: true,
            ..Default::default()
        }),
        Action::CreateNetwork(name) => create_network(lessons, name, label).await,
        Action::Run {
            name,
            image,
            network,
            link,
            publish,
        } => run_container(lessons, name, image, network, link, publish, label).await,
        Action::Stop(name) => lifecycle(lessons, progress, name, Lifecycle::Stop).await,
        Action::Start(name) => lifecycle(lessons, progress, name, Lifecycle::Start).await,
        Action::Restart(name) => lifecycle(lessons, progress, name, Lifecycle::Restart).await,
        Action::Probe { from, to, port } => probe(lessons, progress, from, to, port).await,
        Action::SetGet { key, value } => set_get(lessons, key, value).await,
        Action::ShowHosts(name) => show_hosts(lessons, name).await,
    };
    result.unwrap_or_else(|error| StepOutcome {
        ok: false,
        said: vec![Said::new(
            format!("this step failed: {error}"),
            format!("這一步失敗了：{error}"),
        )],
        ..Default::default()
    })
}

fn said(en: String, zh: String) -> StepOutcome {
    StepOutcome {
        ok: true,
        said: vec![Said::new(en, zh)],
        ..Default::default()
    }
}

/// The address of container `name` now (the first of its networks), without its prefix.
fn ip_of(topology: &Topology, name: &str) -> Option<String> {
    let c = topology.container_by_name(name)?;
    c.endpoints
        .values()
        .find_map(|e| e.ip().map(str::to_string))
}

/// Waits until the published topology satisfies `done`; the last one seen either way.
async fn settle(lessons: &Lessons, done: impl Fn(&Topology) -> bool) -> Topology {
    let mut snapshots = lessons.live.snapshots.clone();
    let deadline = tokio::time::Instant::now() + SETTLE;
    loop {
        let topology = snapshots.borrow_and_update().topology.clone();
        if done(&topology) {
            return topology;
        }
        if tokio::time::timeout_at(deadline, snapshots.changed())
            .await
            .is_err()
        {
            return topology;
        }
    }
}

fn running_with_ip(topology: &Topology, name: &str) -> bool {
    topology
        .container_by_name(name)
        .is_some_and(|c| c.is_running() && c.endpoints.values().any(|e| e.ip().is_some()))
}

async fn create_network(lessons: &Lessons, name: &str, label: &str) -> Result<StepOutcome, String> {
    let request = NetworkRequest {
        name: name.to_string(),
        driver: "bridge".into(),
        ..Default::default()
    };
    let labels = [(LESSON_LABEL, label.to_string())];
    lessons
        .lab
        .create_network_labelled(&request, &labels)
        .await
        .map_err(|e| e.to_string())?;
    let topology = settle(lessons, |t| t.network_by_name(name).is_some()).await;
    let network = topology.network_by_name(name);
    let subnet = network
        .and_then(|n| n.subnets.first())
        .map(|s| s.subnet.clone())
        .unwrap_or_else(|| "?".into());
    let bridge = network
        .and_then(|n| n.bridge.clone())
        .unwrap_or_else(|| "?".into());
    Ok(said(
        format!("network {name} created: subnet {subnet}, bridge {bridge}, no containers yet"),
        format!("已建立 network {name}：subnet {subnet}，bridge {bridge}，還沒有容器"),
    ))
}

async fn run_container(
    lessons: &Lessons,
    name: &str,
    image: LessonImage,
    network: &str,
    link: Option<(&str, &str)>,
    publish: bool,
    label: &str,
) -> Result<StepOutcome, String> {
    let image = match image {
        LessonImage::WebApp => {
            lessons
                .lab
                .ensure_webapp()
                .await
                .map_err(|e| e.to_string())?;
            WEBAPP_IMAGE.to_string()
        }
        LessonImage::Redis => lessons.lab.redis_image().to_string(),
    };
    let request = RunRequest {
        name: name.to_string(),
        image,
        network: network.to_string(),
        alias: None,
        links: link
            .map(|(target, alias)| {
                vec![LinkRequest {
                    target: target.to_string(),
                    alias: alias.to_string(),
                }]
            })
            .unwrap_or_default(),
        publish: publish.then(|| Publish {
            host_port: lessons.lab.demo_port(),
            container_port: 5000,
        }),
        command: Vec::new(),
    };
    let labels = [(LESSON_LABEL, label.to_string())];
    lessons
        .lab
        .run_labelled(&request, &labels)
        .await
        .map_err(|e| e.to_string())?;
    let topology = settle(lessons, |t| running_with_ip(t, name)).await;
    let ip = ip_of(&topology, name).unwrap_or_else(|| "no IP yet".into());
    Ok(said(
        format!("{name} runs on {network} with IP {ip}"),
        format!("{name} 已在 {network} 上執行，IP 是 {ip}"),
    ))
}

async fn lifecycle(
    lessons: &Lessons,
    progress: &mut Progress,
    name: &str,
    action: Lifecycle,
) -> Result<StepOutcome, String> {
    let before = ip_of(&lessons.topology(), name);
    if let Some(ip) = &before {
        progress.old_ips.insert(name.to_string(), ip.clone());
    }
    lessons
        .lab
        .lifecycle(name, action, false)
        .await
        .map_err(|e| e.to_string())?;
    let before = before.unwrap_or_else(|| "none".into());
    if let Lifecycle::Stop = action {
        settle(lessons, |t| {
            t.container_by_name(name).is_some_and(|c| !c.is_running())
        })
        .await;
        return Ok(said(
            format!("{name} stopped; its IP {before} is free again"),
            format!("{name} 已停止；它的 IP {before} 又空出來了"),
        ));
    }
    let topology = settle(lessons, |t| running_with_ip(t, name)).await;
    let old = progress.old_ips.get(name).cloned().unwrap_or(before);
    let now = ip_of(&topology, name).unwrap_or_else(|| "no IP".into());
    if now == old {
        return Ok(said(
            format!("{name} runs again and kept its IP {now}"),
            format!("{name} 又在執行了，IP 還是 {now}"),
        ));
    }
    let taker = bridgescope_app::model::reach::owner_of_ip(
        &topology,
        old.parse().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED),
    )
    .map(|(c, _)| c.name.clone());
    let (en_taker, zh_taker) = match taker {
        Some(t) => (
            format!("; {old} belongs to {t} now"),
            format!("；{old} 現在屬於 {t}"),
        ),
        None => (String::new(), String::new()),
    };
    Ok(said(
        format!("{name} runs again with a new IP: {old} -> {now}{en_taker}"),
        format!("{name} 又在執行了，換了新的 IP：{old} -> {now}{zh_taker}"),
    ))
}

async fn probe(
    lessons: &Lessons,
    progress: &Progress,
    from: &str,
    to: ProbeTo,
    port: Option<u16>,
) -> Result<StepOutcome, String> {
    let topology = lessons.topology();
    let target = match to {
        ProbeTo::Name(name) => name.to_string(),
        ProbeTo::IpOf(name) => ip_of(&topology, name).ok_or(format!("{name} has no IP now"))?,
        ProbeTo::OldIpOf(name) => progress
            .old_ips
            .get(name)
            .cloned()
            .ok_or(format!("{name}'s earlier IP is not known"))?,
    };
    let request = ProbeRequest {
        from: from.to_string(),
        to: target.clone(),
        port,
    };
    let answer = lessons
        .prober
        .probe(request)
        .await
        .map_err(|e| e.to_string())?;
    let owner = answer
        .to_container
        .as_ref()
        .and_then(|id| topology.containers.get(id))
        .map(|c| c.name.clone());
    let (en_who, zh_who) = match (&owner, to) {
        (Some(owner), ProbeTo::OldIpOf(name)) if owner != name => (
            format!(" That address is {owner}'s now, not {name}'s."),
            format!("這個位址現在屬於 {owner}，不是 {name}。"),
        ),
        _ => (String::new(), String::new()),
    };
    let verdict_zh = if answer.reached {
        "連到了"
    } else {
        "沒有連到"
    };
    let failed_zh = match answer
        .failed_stage()
        .and_then(|s| s.stage)
        .map(|s| s.as_str())
    {
        Some("resolve") => "，卡在名稱解析（resolve）",
        Some("route") => "，沒有路由（route）",
        Some("reach") => "，沒有回應（reach）",
        _ => "",
    };
    let mut said = vec![Said::new(
        format!("{from} -> {target}: {}.{en_who}", answer.summary),
        format!("{from} -> {target}：{verdict_zh}{failed_zh}。{zh_who}"),
    )];
    said.extend(answer.stages.iter().map(|s| {
        let name = s.stage.map(|n| n.as_str()).unwrap_or("?");
        Said::new(
            format!("{name}: {}", s.reason),
            format!("{name}：{}", s.reason),
        )
    }));
    Ok(StepOutcome {
        ok: true,
        said,
        probe: Some(bridgescope_app::api::ProbeAnswer::clone(&answer)),
        hosts: Vec::new(),
    })
}

async fn set_get(lessons: &Lessons, key: &str, value: &str) -> Result<StepOutcome, String> {
    let set = lessons
        .lab
        .webapp(key, Some(value))
        .await
        .map_err(|e| e.to_string())?;
    let get = lessons
        .lab
        .webapp(key, None)
        .await
        .map_err(|e| e.to_string())?;
    let ok = set.status == 200 && get.body.trim() == value;
    Ok(StepOutcome {
        ok,
        said: vec![
            Said::new(
                format!(
                    "set {key}={value} answered {} {}",
                    set.status,
                    set.body.trim()
                ),
                format!("set {key}={value} 回答 {} {}", set.status, set.body.trim()),
            ),
            Said::new(
                format!("get {key} answered {} {}", get.status, get.body.trim()),
                format!("get {key} 回答 {} {}", get.status, get.body.trim()),
            ),
        ],
        ..Default::default()
    })
}

async fn show_hosts(lessons: &Lessons, name: &str) -> Result<StepOutcome, String> {
    let view = lessons
        .prober
        .names(name)
        .await
        .map_err(|e| e.to_string())?;
    let hosts = view.hosts.iter().map(|l| l.line.clone()).collect();
    let link = view
        .hosts
        .iter()
        .find(|l| l.from_link.is_some())
        .map(|l| l.line.clone())
        .unwrap_or_else(|| "none".into());
    Ok(StepOutcome {
        ok: true,
        said: vec![Said::new(
            format!("{name}'s /etc/hosts: the line the link wrote is `{link}`"),
            format!("{name} 的 /etc/hosts：link 寫的那一行是 `{link}`"),
        )],
        probe: None,
        hosts,
    })
}
