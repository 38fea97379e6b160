//! The event timeline: the change log, newest first, as the server told it. Clicking a line
//! highlights in the diagram what it changed.

use leptos::prelude::*;

use crate::model::{ChangeLine, Subject};

#[component]
pub fn Timeline(log: Signal<Vec<ChangeLine>>, highlight: RwSignal<Vec<Subject>>) -> impl IntoView {
    view! {
        <section class="timeline panel">
            <h2>"What happened"</h2>
            <ol id="timeline">
                {move || {
                    log.get()
                        .into_iter()
                        .rev()
                        .map(|line| {
                            let subjects = line.subjects.clone();
                            view! {
                                <li
                                    data-version=line.version.to_string()
                                    on:click=move |_| highlight.set(subjects.clone())
                                >
                                    <span class="version">{format!("v{}", line.version)}</span>
                                    " "
                                    {line.text}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
    .into_any()
}
