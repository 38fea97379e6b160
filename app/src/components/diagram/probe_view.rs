//! The latest probe's answer on the diagram: an arrow from A to B, green when B was reached,
//! red when a stage failed, labelled with the short reason. It fades after a while (a CSS
//! animation, restarted for every new answer since each answer is keyed by its id).

use leptos::prelude::*;

use crate::api::ProbeAnswer;
use crate::layout::{coord, probe_arrow, Layout};

pub fn probe_view(drawn: Memo<Layout>, probe: Signal<Option<ProbeAnswer>>) -> impl IntoView {
    let arrow = Memo::new(move |_| {
        let answer = probe.get()?;
        let to = answer.to_container.clone()?;
        let arrow = drawn
            .with(|d| probe_arrow(d, answer.from_container.as_deref(), &to, &answer.summary))?;
        Some((answer.id, answer.reached, failed_stage(&answer), arrow))
    });
    move || {
        arrow.get().map(|(id, reached, failed, arrow)| {
            let class = if reached {
                "probe-arrow ok"
            } else {
                "probe-arrow fail"
            };
            let label = arrow.label.clone();
            view! {
                <g class=class data-probe=id.to_string() data-failed=failed>
                    <line
                        class="probe-line"
                        x1=coord(arrow.from.x)
                        y1=coord(arrow.from.y)
                        x2=coord(arrow.to.x)
                        y2=coord(arrow.to.y)
                        marker-end="url(#bs-probe-arrow)"
                    />
                    <text
                        class="probe-label"
                        x=coord(label.at.x)
                        y=coord(label.at.y)
                        font-size=coord(label.size)
                        text-anchor="middle"
                    >
                        {label.text}
                    </text>
                </g>
            }
        })
    }
}

fn failed_stage(answer: &ProbeAnswer) -> &'static str {
    answer
        .failed_stage()
        .and_then(|s| s.stage)
        .map(|s| s.as_str())
        .unwrap_or("none")
}
