//! The event timeline: the change log, newest first, as the server told it.

use leptos::prelude::*;

use crate::model::ChangeLine;

#[component]
pub fn Timeline(log: Signal<Vec<ChangeLine>>) -> impl IntoView {
    view! {
        <section class="timeline panel">
            <h2>"What happened"</h2>
            <ol id="timeline">
                {move || {
                    log.get()
                        .into_iter()
                        .rev()
                        .map(|line| {
                            view! {
                                <li data-version=line.version.to_string()>
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
