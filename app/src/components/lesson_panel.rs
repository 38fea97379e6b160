//! The lesson panel: choose one of the three lessons, then walk it step by step. → or Space
//! goes on, ← back, R resets the lesson (removes what it made), Esc leaves it; every key is
//! also a button. The step is the server's: every screen in the room shows the same one (the
//! `lesson` event), and only the presenter moves it (the server checks).

use leptos::prelude::*;

use super::kept_attr::kept;
use crate::actions::post;
use crate::api::{paths, LessonState};
use crate::model::lesson::{lesson, lessons, Lang, StepOutcome};

/// The panel's own words, in both languages.
struct Words {
    heading: &'static str,
    start: &'static str,
    step_of: fn(usize, usize) -> String,
    prev: &'static str,
    next: &'static str,
    reset: &'static str,
    leave: &'static str,
    by_hand: &'static str,
    keys: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            heading: "Lessons",
            start: "Start",
            step_of: |n, m| format!("step {n} of {m}"),
            prev: "← back",
            next: "next →",
            reset: "R reset",
            leave: "Esc leave",
            by_hand: "By hand:",
            keys: "Keys: → or Space next, ← back, R reset, Esc leave",
        },
        Lang::ZhTw => Words {
            heading: "課程",
            start: "開始",
            step_of: |n, m| format!("第 {n} 步，共 {m} 步"),
            prev: "← 上一步",
            next: "下一步 →",
            reset: "R 重設",
            leave: "Esc 離開",
            by_hand: "手動指令：",
            keys: "按鍵：→ 或空白鍵下一步，← 上一步，R 重設，Esc 離開",
        },
    }
}

/// Sends `action` for lesson `id`; a refusal is shown in `error`.
pub fn send(
    id: String,
    action: &'static str,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    leptos::task::spawn_local(async move {
        let path = paths::fill(paths::LESSON_ACTION, &id, action);
        let answer = post::<LessonState>(&path, &serde_json::json!({})).await;
        error.set(answer.err().map(|failure| failure.error));
        busy.set(false);
    });
}

#[component]
pub fn LessonPanel(state: RwSignal<LessonState>, lang: RwSignal<Lang>) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    lesson_keys(state, busy, error);
    let list = move || {
        let lang = lang.get();
        let w = words(lang);
        lessons()
            .iter()
            .map(|l| {
                let id = l.id.to_string();
                view! {
                    <li>
                        <button
                            {..(kept("class", "lesson-start"), kept("id", format!("lesson-start-{}", l.id)))}
                            disabled=move || busy.get()
                            on:click=move |_| send(id.clone(), "start", busy, error)
                        >
                            {w.start}
                        </button>
                        " " {l.title.get(lang)}
                    </li>
                }
            })
            .collect_view()
    };
    let running = move || {
        let s = state.get();
        let id = s.lesson.clone()?;
        let lesson = lesson(&id)?;
        let step = lesson.steps.get(s.step)?;
        let lang = lang.get();
        let w = words(lang);
        let outcome = s.outcomes.get(s.step).cloned().unwrap_or_default();
        let (a, b, c, d) = (id.clone(), id.clone(), id.clone(), id);
        Some(view! {
            <div class="lesson-running" data-lesson=lesson.id data-step=s.step.to_string()>
                <h3 id="lesson-title">{lesson.title.get(lang)}</h3>
                <p id="lesson-step" class="hint-muted">{(w.step_of)(s.step + 1, s.steps)}</p>
                <h4 id="lesson-step-title">{step.title.get(lang)}</h4>
                <p id="lesson-narration" class="narration">{step.narration.get(lang)}</p>
                <p>{w.by_hand}</p>
                <ul class="commands">
                    {step.commands.iter().map(|c| view! { <li><code>{*c}</code></li> }).collect_view()}
                </ul>
                <Outcome outcome lang/>
                <div class="buttons lesson-buttons">
                    <button id="lesson-prev" class="small" disabled=move || busy.get()
                        on:click=move |_| send(a.clone(), "prev", busy, error)>{w.prev}</button>
                    <button id="lesson-next" disabled=move || busy.get()
                        on:click=move |_| send(b.clone(), "next", busy, error)>{w.next}</button>
                    <button id="lesson-reset" class="small danger" disabled=move || busy.get()
                        on:click=move |_| send(c.clone(), "reset", busy, error)>{w.reset}</button>
                    <button id="lesson-leave" class="small"
                        on:click=move |_| send(d.clone(), "leave", busy, error)>{w.leave}</button>
                </div>
                <p class="hint-muted">{w.keys}</p>
            </div>
        })
    };
    view! {
        <section class="lesson panel" id="lesson" aria-live="polite">
            <h2>{move || words(lang.get()).heading}</h2>
            {move || match running() {
                Some(view) => view.into_any(),
                None => view! { <ul class="lesson-list">{list}</ul> }.into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="error" id="lesson-error" role="alert">{e}</p> })}
        </section>
    }
}

#[component]
fn Outcome(outcome: StepOutcome, lang: Lang) -> impl IntoView {
    let class = if outcome.ok {
        "lesson-outcome ok"
    } else {
        "lesson-outcome failed"
    };
    let hosts = (!outcome.hosts.is_empty()).then(|| {
        view! { <pre class="hosts" id="lesson-hosts">{outcome.hosts.join("\n")}</pre> }
    });
    view! {
        <ul id="lesson-outcome" class=class data-ok=outcome.ok.to_string()>
            {outcome.said.iter().map(|s| view! { <li>{s.get(lang).to_string()}</li> }).collect_view()}
        </ul>
        {hosts}
    }
}

/// The lecturer's keys, on the whole page while a lesson runs (not while typing in a field).
fn lesson_keys(
    state: RwSignal<LessonState>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let Some(id) = state.with_untracked(|s| s.lesson.clone()) else {
                return;
            };
            let tag = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|e| e.tag_name())
                .unwrap_or_default();
            let typing = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA");
            // Space on a focused button is that button's own click.
            let clicking = tag == "BUTTON" && ev.key() == " ";
            if typing || clicking || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let action = match ev.key().as_str() {
                "ArrowRight" | " " => "next",
                "ArrowLeft" => "prev",
                "r" | "R" => "reset",
                "Escape" => "leave",
                _ => return,
            };
            ev.prevent_default();
            send(id, action, busy, error);
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, busy, error);
}
