//! The run form's checks and command, from a hand-built topology: `bridge` with `db` (running)
//! and `old` (stopped), `app` with `redis`, a `host` network, and `web` publishing 8080.

use std::collections::BTreeMap;

use super::*;
use crate::model::{Container, ContainerState, Endpoint, Network, PortMapping};

const SHELL: &str = "bridgescope-test/shell:latest";
const REDIS: &str = "bridgescope-test/redis:latest";

fn images() -> Vec<String> {
    vec![REDIS.into(), SHELL.into()]
}

fn network(t: &mut Topology, name: &str, driver: &str) {
    let id = format!("net-{name}");
    t.networks.insert(
        id.clone(),
        Network {
            id,
            name: name.into(),
            driver: driver.into(),
            ..Default::default()
        },
    );
}

fn container(t: &mut Topology, name: &str, state: ContainerState, on: &[&str]) {
    let endpoints: BTreeMap<String, Endpoint> = on
        .iter()
        .map(|net| {
            let id = format!("net-{net}");
            let endpoint = Endpoint {
                network_id: id.clone(),
                network_name: (*net).into(),
                ..Default::default()
            };
            (id, endpoint)
        })
        .collect();
    let id = format!("id-{name}");
    t.containers.insert(
        id.clone(),
        Container {
            id,
            name: name.into(),
            state,
            endpoints,
            ..Default::default()
        },
    );
}

fn classroom() -> Topology {
    let mut t = Topology::default();
    network(&mut t, "bridge", "bridge");
    network(&mut t, "app", "bridge");
    network(&mut t, "host", "host");
    container(&mut t, "db", ContainerState::Running, &["bridge"]);
    container(&mut t, "old", ContainerState::Exited, &["bridge"]);
    container(&mut t, "redis", ContainerState::Running, &["app"]);
    container(&mut t, "web", ContainerState::Running, &["app"]);
    if let Some(web) = t.containers.get_mut("id-web") {
        web.ports.push(PortMapping {
            host_ip: "127.0.0.1".into(),
            host_port: 8080,
            container_port: 5000,
            protocol: "tcp".into(),
        });
    }
    t
}

fn request(name: &str, network: &str) -> RunRequest {
    RunRequest {
        name: name.into(),
        image: SHELL.into(),
        network: network.into(),
        command: parse_command(KEEP_RUNNING),
        ..Default::default()
    }
}

fn check(r: &RunRequest) -> Result<ValidRun, RunError> {
    validate_run(r, &classroom(), &images())
}

fn link(target: &str, alias: &str) -> LinkRequest {
    LinkRequest {
        target: target.into(),
        alias: alias.into(),
    }
}

#[test]
fn a_container_on_a_user_defined_network_with_an_alias_passes() {
    let mut r = request("client", "app");
    r.alias = Some("cache-user".into());
    r.publish = Some(Publish {
        host_port: 8081,
        container_port: 80,
    });
    let valid = check(&r);
    assert_eq!(
        valid
            .as_ref()
            .map(|v| (v.network_id.as_str(), v.default_bridge, v.alias.as_deref())),
        Ok(("net-app", false, Some("cache-user"))),
        "{valid:?}"
    );
    assert_eq!(
        run_command(&r),
        "docker run -d --name client --network app --network-alias cache-user \
         -p 127.0.0.1:8081:80 --dns 127.0.0.1 --label bridgescope.lab=true \
         bridgescope-test/shell:latest sleep 3600"
    );
}

#[test]
fn the_default_network_is_the_bridge_and_links_go_to_running_containers_on_it() {
    let mut r = request("client", "");
    r.links = vec![link("db", "database"), link("db", "")];
    let valid = check(&r);
    let Ok(valid) = valid else {
        panic!("refused: {valid:?}");
    };
    assert_eq!(
        (valid.network.as_str(), valid.default_bridge),
        ("bridge", true)
    );
    let links: Vec<_> = valid
        .links
        .iter()
        .map(|l| (l.target_id.as_str(), l.alias.as_str()))
        .collect();
    assert_eq!(links, [("id-db", "database"), ("id-db", "db")]);
    assert_eq!(
        run_command(&r),
        "docker run -d --name client --network bridge --link db:database --link db \
         --dns 127.0.0.1 --label bridgescope.lab=true bridgescope-test/shell:latest sleep 3600"
    );
}

#[test]
fn names_and_images_are_checked_first() {
    let refused = check(&request("bad name!", "")).map_err(|e| e.to_string());
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.contains("container name \"bad name!\" is not valid")),
        "{refused:?}"
    );
    assert_eq!(
        check(&request("db", "")),
        Err(RunError::NameTaken("db".into()))
    );
    let mut r = request("client", "");
    r.image = "nginx".into();
    let refused = check(&r).map_err(|e| e.to_string());
    assert_eq!(
        refused,
        Err(
            "no image nginx on this engine (bridgescope never pulls): the local images are \
             bridgescope-test/redis:latest, bridgescope-test/shell:latest"
                .into()
        )
    );
    r.image = "bridgescope-test/redis".into();
    assert_eq!(check(&r).map(|v| v.image), Ok(REDIS.to_string()));
    r.image = " ".into();
    assert_eq!(check(&r), Err(RunError::NoImage));
}

#[test]
fn networks_must_exist_and_be_bridges() {
    assert_eq!(
        check(&request("client", "nowhere")),
        Err(RunError::UnknownNetwork("nowhere".into()))
    );
    assert!(matches!(
        check(&request("client", "host")),
        Err(RunError::NotBridge { .. })
    ));
    assert!(matches!(
        check(&request("client", "a/../b")),
        Err(RunError::Name(LabError::BadName {
            kind: NameKind::Network,
            ..
        }))
    ));
}

#[test]
fn aliases_need_a_user_defined_network() {
    let mut r = request("client", "bridge");
    r.alias = Some("nick".into());
    let refused = check(&r).map_err(|e| e.to_string());
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.contains("Docker refuses network aliases on the default bridge")),
        "{refused:?}"
    );
    r.alias = Some("  ".into());
    assert!(check(&r).is_ok_and(|v| v.alias.is_none()));
    r.network = "app".into();
    r.alias = Some("no good".into());
    assert!(matches!(
        check(&r),
        Err(RunError::Name(LabError::BadName {
            kind: NameKind::Alias,
            ..
        }))
    ));
}

#[test]
fn links_need_a_running_target_on_the_same_network() {
    let with_link = |network: &str, target: &str| {
        let mut r = request("client", network);
        r.links = vec![link(target, "x")];
        check(&r)
    };
    assert_eq!(
        with_link("", "ghost"),
        Err(RunError::UnknownLinkTarget("ghost".into()))
    );
    assert_eq!(
        with_link("", "old"),
        Err(RunError::LinkTargetStopped("old".into()))
    );
    let across = with_link("app", "db").map_err(|e| e.to_string());
    assert_eq!(
        across,
        Err(
            "db is on bridge but not on app: a link on a user-defined network names a \
             container on that same network only"
                .into()
        )
    );
    assert!(matches!(
        with_link("bridge", "redis"),
        Err(RunError::LinkOffDefaultBridge { .. })
    ));
    assert!(with_link("app", "redis").is_ok());
}

#[test]
fn published_ports_are_numbers_and_free() {
    assert_eq!(parse_publish("", ""), Ok(None));
    assert_eq!(parse_publish("8081", ""), Err(RunError::HalfPublish));
    assert_eq!(parse_publish("0", "80"), Err(RunError::BadPort("0".into())));
    assert_eq!(
        parse_publish("70000", "80"),
        Err(RunError::BadPort("70000".into()))
    );
    assert_eq!(
        parse_publish(" 8081 ", "80"),
        Ok(Some(Publish {
            host_port: 8081,
            container_port: 80
        }))
    );
    let mut r = request("client", "");
    r.publish = Some(Publish {
        host_port: 8080,
        container_port: 80,
    });
    assert_eq!(
        check(&r).map_err(|e| e.to_string()),
        Err("host port 8080 is published already by web on 127.0.0.1".into())
    );
}

#[test]
fn refusals_say_whose_fault_they_are() {
    assert!(RunError::NameTaken("x".into()).is_conflict());
    assert!(RunError::UnknownNetwork("x".into()).is_not_found());
    assert!(!RunError::AliasOnDefaultBridge.is_conflict());
    assert!(!RunError::AliasOnDefaultBridge.is_not_found());
}

#[test]
fn the_shell_image_is_offered_a_command_that_keeps_it_running() {
    assert_eq!(suggested_command(SHELL), KEEP_RUNNING);
    assert_eq!(suggested_command("busybox:latest"), KEEP_RUNNING);
    assert_eq!(suggested_command(REDIS), "");
    assert_eq!(parse_command("  sleep   3600 "), ["sleep", "3600"]);
    let mut r = request("it's", "");
    r.command = vec!["sh".into(), "-c".into(), "echo hi; sleep 9".into()];
    assert_eq!(
        run_command(&r),
        r"docker run -d --name 'it'\''s' --network bridge --dns 127.0.0.1 --label bridgescope.lab=true bridgescope-test/shell:latest sh -c 'echo hi; sleep 9'"
    );
}

#[test]
fn the_request_reads_with_only_a_name_and_an_image() {
    let read: Result<RunRequest, _> =
        serde_json::from_str(r#"{"name":"a","image":"bridgescope-test/shell:latest"}"#);
    assert_eq!(
        read.ok(),
        Some(RunRequest {
            name: "a".into(),
            image: SHELL.into(),
            ..Default::default()
        })
    );
}
