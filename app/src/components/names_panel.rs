//! How a selected container finds names: its nameservers and search domains, its
//! `/etc/hosts` lines (marking the ones links wrote), and which names of other containers it
//! can resolve, against those it cannot, each with why. Read from the server when the
//! container is selected (the server reads the container's files; the browser cannot).

use leptos::prelude::*;

use crate::actions::get;
use crate::api::{paths, NameView};
use crate::model::reach::NameFact;

#[component]
pub fn NamesSection(#[prop(into)] container: Signal<Option<String>>) -> impl IntoView {
    let view_of = RwSignal::new(None::<Result<NameView, String>>);
    Effect::new(move |_| {
        let Some(name) = container.get() else {
            view_of.set(None);
            return;
        };
        let path = paths::fill(paths::CONTAINER_NAMES, &name, "");
        leptos::task::spawn_local(async move {
            let read = get::<NameView>(&path).await.map_err(|f| f.error);
            // Only when the selection did not move on meanwhile.
            if container.get_untracked().as_deref() == Some(name.as_str()) {
                view_of.set(Some(read));
            }
        });
    });
    move || {
        view_of.get().map(|read| match read {
            Ok(names) => view! { <NameFacts names/> }.into_any(),
            Err(error) => view! { <p class="hint-muted names-error">{error}</p> }.into_any(),
        })
    }
}

#[component]
fn NameFacts(names: NameView) -> impl IntoView {
    let resolver = if names.embedded_dns {
        format!(
            "asks {} (Docker's embedded DNS: this container is on a user-defined network)",
            names.nameservers.join(", ")
        )
    } else {
        format!(
            "asks {}, a copy of the host's resolver: no container names here",
            names.nameservers.join(", ")
        )
    };
    let search = (!names.search.is_empty()).then(|| format!("search {}", names.search.join(" ")));
    view! {
        <div class="names" id="names" data-embedded-dns=names.embedded_dns.to_string()>
            <h4>{format!("How {} finds names", names.container)}</h4>
            <p>"resolv.conf: " {resolver} {search.map(|s| format!("; {s}"))}</p>
            <p>"/etc/hosts:"</p>
            <ul class="hosts-lines">
                {names.hosts.into_iter().map(|line| {
                    let link = line.from_link.map(|alias| format!("  ← written by --link (alias {alias})"));
                    let linked = link.is_some().to_string();
                    view! { <li data-link=linked><code>{line.line}</code>{link}</li> }
                }).collect_view()}
            </ul>
            <p>"Resolves:"</p>
            <FactList facts=names.resolvable class="resolvable"/>
            <p>"Does not resolve:"</p>
            <FactList facts=names.unresolvable class="unresolvable"/>
        </div>
    }
}

#[component]
fn FactList(facts: Vec<NameFact>, class: &'static str) -> impl IntoView {
    let empty = facts
        .is_empty()
        .then(|| view! { <li class="hint-muted">"none"</li> });
    view! {
        <ul class=class>
            {empty}
            {facts.into_iter().map(|f| {
                let ip = f.ip.map(|ip| format!(" ({ip})")).unwrap_or_default();
                view! { <li><strong>{f.name}</strong>{ip}": "{f.why}</li> }
            }).collect_view()}
        </ul>
    }
}
