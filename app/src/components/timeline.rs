//! The event timeline: the change log, shown newest first, as the server told it. Clicking a
//! line highlights in the diagram what it changed.

use leptos::prelude::*;

use crate::components::kept_attr::kept;
use crate::model::{ChangeLine, Subject};

/// The log oldest first (as it grows), each line with a key that never changes: its version
/// and its place among the lines of that version counted from the newest. Lines of one version
/// arrive together and the oldest are dropped first, so counting from the newest keeps every
/// key. A new line then adds one `<li>` at the end and a dropped one removes the first; the
/// others stay where they are (prepending instead made the keyed list move every `<li>`).
fn keyed_oldest_first(log: &[ChangeLine]) -> Vec<((u64, usize), ChangeLine)> {
    let mut keyed: Vec<((u64, usize), ChangeLine)> = Vec::with_capacity(log.len());
    for line in log.iter().rev() {
        let place = match keyed.last() {
            Some(((version, place), _)) if *version == line.version => place + 1,
            _ => 0,
        };
        keyed.push(((line.version, place), line.clone()));
    }
    keyed.reverse();
    keyed
}

#[component]
pub fn Timeline(log: Signal<Vec<ChangeLine>>, highlight: RwSignal<Vec<Subject>>) -> impl IntoView {
    view! {
        <section class="timeline panel">
            <h2>"What happened"</h2>
            // The list is in log order; CSS shows it newest first (column-reverse) inside a box
            // that scrolls from the top.
            <div class="timeline-scroll">
            <ol id="timeline">
                <For
                    each=move || log.with(|log| keyed_oldest_first(log))
                    key=|(key, _)| *key
                    children=move |(_, line)| {
                        let subjects = line.subjects;
                        view! {
                            <li
                                on:click=move |_| highlight.set(subjects.clone())
                                {..kept("data-version", line.version.to_string())}
                            >
                                <span class="version">{format!("v{}", line.version)}</span>
                                " "
                                {line.text}
                            </li>
                        }
                    }
                />
            </ol>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(version: u64, text: &str) -> ChangeLine {
        ChangeLine {
            version,
            text: text.into(),
            subjects: Vec::new(),
        }
    }

    #[test]
    fn keys_are_unique_and_survive_new_and_dropped_lines() {
        let mut log = vec![line(3, "a"), line(3, "b"), line(4, "c")];
        let keyed = |log: &[ChangeLine]| -> Vec<((u64, usize), String)> {
            keyed_oldest_first(log)
                .into_iter()
                .rev()
                .map(|(key, line)| (key, line.text))
                .collect()
        };
        let before = keyed(&log);
        assert_eq!(
            before,
            vec![
                ((4, 0), "c".into()),
                ((3, 0), "b".into()),
                ((3, 1), "a".into())
            ]
        );
        log.push(line(5, "d"));
        log.remove(0);
        let after = keyed(&log);
        for (key, text) in &after {
            if let Some((_, was)) = before.iter().find(|(k, _)| k == key) {
                assert_eq!(was, text, "key {key:?} now names another line");
            }
        }
        assert_eq!(after[0], ((5, 0), "d".into()));
    }
}
