//! Set and Get against the demo's web app, as a browser would call it through its published
//! port: status, body and latency of each call, with a history.

use crate::actions::post;
use crate::api::{paths, WebAppAnswer, WebAppCall};
use crate::model::validate_key;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct Call {
    what: String,
    status: Option<u16>,
    body: String,
    millis: f64,
}

#[component]
pub fn SetGetPanel() -> impl IntoView {
    let key = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let history = RwSignal::new(Vec::<Call>::new());
    let call = move |set: bool| {
        let key_text = key.get_untracked();
        if let Err(error) = validate_key(&key_text) {
            history.update(|h| {
                h.insert(
                    0,
                    Call {
                        what: if set { "set" } else { "get" }.into(),
                        status: None,
                        body: error.to_string(),
                        millis: 0.0,
                    },
                )
            });
            return;
        }
        let value_text = value.get_untracked();
        let body = WebAppCall {
            value: set.then(|| value_text.clone()),
            key: key_text.clone(),
        };
        let what = if set {
            format!("set {key_text}={value_text}")
        } else {
            format!("get {key_text}")
        };
        leptos::task::spawn_local(async move {
            let entry = match post::<WebAppAnswer>(paths::WEBAPP, &body).await {
                Ok(answer) => Call {
                    what,
                    status: Some(answer.status),
                    body: answer.body,
                    millis: answer.millis,
                },
                Err(failure) => Call {
                    what,
                    status: None,
                    body: failure.error,
                    millis: 0.0,
                },
            };
            history.update(|h| h.insert(0, entry));
        });
    };
    view! {
        <section class="setget panel">
            <h2>"Test the web app"</h2>
            <div class="row">
                <input
                    id="kv-key"
                    placeholder="key"
                    prop:value=move || key.get()
                    on:input=move |e| key.set(event_target_value(&e))
                />
                <input
                    id="kv-value"
                    placeholder="value"
                    prop:value=move || value.get()
                    on:input=move |e| value.set(event_target_value(&e))
                />
                <button id="kv-set" on:click=move |_| call(true)>"Set"</button>
                <button id="kv-get" on:click=move |_| call(false)>"Get"</button>
            </div>
            <ol id="kv-history" class="history">
                {move || {
                    history
                        .get()
                        .into_iter()
                        .map(|c| {
                            let status = c
                                .status
                                .map(|s| s.to_string())
                                .unwrap_or_else(|| "refused".into());
                            let class = if c.status == Some(200) { "ok" } else { "failed" };
                            view! {
                                <li class=class>
                                    <span class="what">{c.what}</span>
                                    " → "
                                    <span class="call-status">{status}</span>
                                    " "
                                    <code class="body">{c.body}</code>
                                    <span class="millis">{format!(" {:.1} ms", c.millis)}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}
