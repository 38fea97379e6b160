//! The lab panel's "Run a container" form: name, a local image (listed by the server: nothing is
//! ever pulled), network, alias, a legacy link, a port published on 127.0.0.1 and the command.
//! It shows the equivalent `docker run` as the user types and checks the input with the same
//! pure rules (`model::validate_run`) the server applies again before calling Docker. A real
//! `<form>` with a label on every control: usable by keyboard alone, Enter submits.

use leptos::prelude::*;

use super::lab_panel::{act, text_input, ActionReport};
use crate::actions::get;
use crate::api::{paths, LinkRequest, RunRequest};
use crate::model::{
    parse_command, parse_publish, run_command, suggested_command, validate_run, RunError, Topology,
    DEFAULT_NETWORK,
};

/// The engine's local images, as far as the page knows them.
#[derive(Clone, Debug, PartialEq)]
enum Images {
    Loading,
    Loaded(Vec<String>),
    Failed(String),
}

/// What the form holds, one signal per field, as typed.
#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    image: RwSignal<String>,
    network: RwSignal<String>,
    alias: RwSignal<String>,
    link_target: RwSignal<String>,
    link_alias: RwSignal<String>,
    host_port: RwSignal<String>,
    container_port: RwSignal<String>,
    command: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Fields {
            name: text(),
            image: text(),
            network: RwSignal::new(DEFAULT_NETWORK.to_string()),
            alias: text(),
            link_target: text(),
            link_alias: text(),
            host_port: text(),
            container_port: text(),
            command: text(),
        }
    }

    /// The request as typed, and what keeps it from being sent (ports that are not numbers).
    fn draft(&self) -> (RunRequest, Option<RunError>) {
        let (publish, problem) =
            match parse_publish(&self.host_port.get(), &self.container_port.get()) {
                Ok(publish) => (publish, None),
                Err(problem) => (None, Some(problem)),
            };
        let request = draft_request(
            &self.name.get(),
            &self.image.get(),
            &self.network.get(),
            &self.alias.get(),
            (&self.link_target.get(), &self.link_alias.get()),
            publish,
            &self.command.get(),
        );
        (request, problem)
    }

    /// Chooses `image` and offers the command it needs to keep running.
    fn pick_image(&self, image: String) {
        self.command.set(suggested_command(&image).to_string());
        self.image.set(image);
    }
}

/// A run request from the form's text (an empty alias or link target means none).
fn draft_request(
    name: &str,
    image: &str,
    network: &str,
    alias: &str,
    (link_target, link_alias): (&str, &str),
    publish: Option<crate::api::Publish>,
    command: &str,
) -> RunRequest {
    let links = if link_target.trim().is_empty() {
        Vec::new()
    } else {
        vec![LinkRequest {
            target: link_target.to_string(),
            alias: link_alias.to_string(),
        }]
    };
    RunRequest {
        name: name.to_string(),
        image: image.to_string(),
        network: network.to_string(),
        alias: (!alias.trim().is_empty()).then(|| alias.to_string()),
        links,
        publish,
        command: parse_command(command),
    }
}

/// The image the form starts with: the first that needs a command to keep running (the busybox
/// shell, the lesson's client), else the first.
fn preferred_image(images: &[String]) -> String {
    images
        .iter()
        .find(|i| !suggested_command(i).is_empty())
        .or_else(|| images.first())
        .cloned()
        .unwrap_or_default()
}

/// The networks a container can be run on: bridge networks, the default bridge first.
fn network_choices(topology: &Topology) -> Vec<String> {
    let mut names: Vec<String> = topology
        .networks
        .values()
        .filter(|n| n.driver == "bridge" && n.name != DEFAULT_NETWORK)
        .map(|n| n.name.clone())
        .collect();
    names.sort();
    names.insert(0, DEFAULT_NETWORK.to_string());
    names
}

/// The containers a link can point to: the running ones, by name.
fn link_targets(topology: &Topology) -> Vec<String> {
    topology.running_names()
}

/// `<option>`s for `(value, text)` pairs; the one equal to `chosen` is selected.
fn options(choices: Vec<(String, String)>, chosen: RwSignal<String>) -> impl IntoView {
    choices
        .into_iter()
        .map(|(value, text)| {
            let mine = value.clone();
            view! { <option value=value prop:selected=move || chosen.get() == mine>{text}</option> }
        })
        .collect_view()
}

#[component]
pub fn RunForm(
    topology: Signal<Topology>,
    report: RwSignal<Option<ActionReport>>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let fields = Fields::new();
    let images = RwSignal::new(Images::Loading);
    // In the browser, once the form is there (effects do not run on the server).
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match get::<Vec<String>>(paths::IMAGES).await {
                Ok(list) => {
                    fields.pick_image(preferred_image(&list));
                    images.set(Images::Loaded(list));
                }
                Err(failure) => images.set(Images::Failed(failure.error)),
            }
        });
    });
    let networks = Memo::new(move |_| topology.with(network_choices));
    let targets = Memo::new(move |_| topology.with(link_targets));
    let problem = move || problem_of(fields, topology, images);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match fields.draft() {
            (_, Some(problem)) => report.set(Some(ActionReport {
                ok: false,
                message: problem.to_string(),
                ..Default::default()
            })),
            (request, None) => {
                let body = serde_json::to_value(&request).unwrap_or_default();
                act(report, busy, paths::CONTAINERS.into(), body);
            }
        }
    };
    let image_choices = move || match images.get() {
        Images::Loading => vec![(String::new(), "loading the local images…".to_string())],
        Images::Failed(_) => vec![(String::new(), "cannot list the images".to_string())],
        Images::Loaded(list) if list.is_empty() => {
            vec![(String::new(), "no local images".to_string())]
        }
        Images::Loaded(list) => list.into_iter().map(|i| (i.clone(), i)).collect(),
    };
    let network_options = move || {
        networks
            .get()
            .into_iter()
            .map(|n| (n.clone(), n))
            .collect::<Vec<_>>()
    };
    let target_options = move || {
        let none = (String::new(), "no link".to_string());
        let running = targets.get().into_iter().map(|n| (n.clone(), n));
        std::iter::once(none).chain(running).collect::<Vec<_>>()
    };
    view! {
        <form class="network-form run-form" on:submit=submit>
            <h3>"Run a container"</h3>
            {text_input("run-name", "Name", "client", fields.name)}
            <label for="run-image">"Image"</label>
            <select id="run-image" on:change=move |e| fields.pick_image(event_target_value(&e))>
                {move || options(image_choices(), fields.image)}
            </select>
            <label for="run-network">"Network"</label>
            <select id="run-network" on:change=move |e| fields.network.set(event_target_value(&e))>
                {move || options(network_options(), fields.network)}
            </select>
            {text_input("run-alias", "Alias (optional)", "cache-user", fields.alias)}
            <label for="run-link-target">"Link to (optional)"</label>
            <select
                id="run-link-target"
                on:change=move |e| fields.link_target.set(event_target_value(&e))
            >
                {move || options(target_options(), fields.link_target)}
            </select>
            {text_input("run-link-alias", "Link alias", "db", fields.link_alias)}
            {text_input("run-host-port", "Host port on 127.0.0.1", "8081", fields.host_port)}
            {text_input("run-container-port", "Container port", "80", fields.container_port)}
            {text_input("run-command", "Command (optional)", "the image's own", fields.command)}
            <p class="hint" id="run-problem" role="status">{problem}</p>
            <code class="command" id="run-equivalent">{move || run_command(&fields.draft().0)}</code>
            <button id="run-submit" type="submit" disabled=move || busy.get()>
                "Run container"
            </button>
        </form>
    }
}

/// What is wrong with the form as typed: nothing before a name is typed; the image list's
/// failure; the ports; then the rules the server applies.
fn problem_of(
    fields: Fields,
    topology: Signal<Topology>,
    images: RwSignal<Images>,
) -> Option<String> {
    if let Images::Failed(error) = images.get() {
        return Some(format!("cannot list the local images: {error}"));
    }
    if fields.name.get().is_empty() {
        return None;
    }
    let (request, problem) = fields.draft();
    if let Some(problem) = problem {
        return Some(problem.to_string());
    }
    // Until the list arrives, the chosen image is taken as it is (the server checks it).
    let known = match images.get() {
        Images::Loaded(list) => list,
        _ => vec![request.image.clone()],
    };
    topology.with(|t| {
        validate_run(&request, t, &known)
            .err()
            .map(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Container, ContainerState, Network};

    #[test]
    fn the_form_starts_with_the_shell_image_and_offers_bridge_networks_and_running_targets() {
        let list = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let images = list(&[
            "bridgescope-test/redis:latest",
            "bridgescope-test/shell:latest",
        ]);
        assert_eq!(preferred_image(&images), "bridgescope-test/shell:latest");
        assert_eq!(
            preferred_image(&images[..1]),
            "bridgescope-test/redis:latest"
        );
        assert_eq!(preferred_image(&[]), "");

        let mut t = Topology::default();
        for (id, name, driver) in [
            ("1", "zeta", "bridge"),
            ("2", "bridge", "bridge"),
            ("3", "host", "host"),
            ("4", "app", "bridge"),
        ] {
            let network = Network {
                id: id.into(),
                name: name.into(),
                driver: driver.into(),
                ..Default::default()
            };
            t.networks.insert(id.into(), network);
        }
        assert_eq!(network_choices(&t), ["bridge", "app", "zeta"]);
        for (id, name, state) in [
            ("a", "web", ContainerState::Running),
            ("b", "old", ContainerState::Exited),
            ("c", "db", ContainerState::Running),
        ] {
            let container = Container {
                id: id.into(),
                name: name.into(),
                state,
                ..Default::default()
            };
            t.containers.insert(id.into(), container);
        }
        assert_eq!(link_targets(&t), ["db", "web"]);
    }

    #[test]
    fn the_draft_leaves_out_what_was_not_typed() {
        let request = draft_request("c", "img", "bridge", " ", ("", "x"), None, " sleep 3600 ");
        assert_eq!((request.alias, request.links.len()), (None, 0));
        assert_eq!(request.command, ["sleep", "3600"]);
        let linked = draft_request("c", "img", "bridge", "", ("db", ""), None, "");
        assert_eq!(
            linked.links,
            [LinkRequest {
                target: "db".into(),
                alias: String::new()
            }]
        );
    }
}
