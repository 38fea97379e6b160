//! The guided lessons (`model::lesson`), run for the whole room: one lesson at a time, its
//! step the server's, published to every page as a `lesson` event. Each step's action is done
//! through the lab (so the lab's rule holds: lesson resources are labelled, recorded, and only
//! they are removed) or the probe. A step runs once: stepping back and forward again shows
//! what it did, it does not do it twice.
//!
//! Starting a lesson removes what an earlier run of it left (its own label) and refuses when a
//! name it needs belongs to anything else.

mod act;

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::{watch, Mutex};

use bridgescope_app::model::lesson::{
    lesson, Lesson, LessonState, LookAt, StepOutcome, LESSON_LABEL,
};
use bridgescope_app::model::Topology;

use crate::engine_task::Subscription;
use crate::lab::{ActionError, Lab};
use crate::probe::Prober;

#[derive(Debug, thiserror::Error)]
pub enum LessonError {
    #[error("no lesson called {0:?}: the lessons are default-bridge, user-network and links")]
    Unknown(String),
    #[error("unknown lesson action {0:?}: use start, next, prev, reset or leave")]
    UnknownAction(String),
    #[error("lesson {running} is running: leave it (Esc) or reset it (R) first")]
    Busy { running: String },
    #[error("lesson {0} is not running: start it first")]
    NotRunning(String),
    #[error(
        "{kind} {name} exists and was not made by this lesson: the lesson needs the name. \
         Remove or rename it (or reset the lab if the lab made it), then start again"
    )]
    NameTaken { kind: &'static str, name: String },
    #[error(transparent)]
    Action(#[from] ActionError),
}

/// Where the running lesson is.
#[derive(Default)]
struct Progress {
    lesson: Option<&'static Lesson>,
    step: usize,
    outcomes: Vec<StepOutcome>,
    /// The address each lesson container had before it was last stopped or restarted.
    old_ips: BTreeMap<String, String>,
    serial: u64,
}

#[derive(Clone)]
pub struct Lessons {
    lab: Lab,
    prober: Prober,
    live: Subscription,
    progress: Arc<Mutex<Progress>>,
    state: Arc<watch::Sender<Arc<LessonState>>>,
}

impl Lessons {
    pub fn new(lab: Lab, prober: Prober, live: Subscription) -> Self {
        Self {
            lab,
            prober,
            live,
            progress: Arc::default(),
            state: Arc::new(watch::channel(Arc::new(LessonState::default())).0),
        }
    }

    /// The state every page follows (the current one first).
    pub fn follow(&self) -> watch::Receiver<Arc<LessonState>> {
        self.state.subscribe()
    }

    pub fn current(&self) -> Arc<LessonState> {
        self.state.borrow().clone()
    }

    /// `start`, `next`, `prev`, `reset` or `leave` lesson `id`.
    pub async fn act(&self, id: &str, action: &str) -> Result<Arc<LessonState>, LessonError> {
        let lesson = lesson(id).ok_or_else(|| LessonError::Unknown(id.to_string()))?;
        let mut progress = self.progress.lock().await;
        match (action, progress.lesson) {
            ("start", Some(running)) if running.id != id => {
                return Err(LessonError::Busy {
                    running: running.id.to_string(),
                })
            }
            ("start", _) => self.start(&mut progress, lesson).await?,
            ("reset", _) => self.reset(&mut progress, lesson).await?,
            ("next" | "prev" | "leave", Some(running)) if running.id == id => match action {
                "next" => self.next(&mut progress).await,
                "prev" => progress.step = progress.step.saturating_sub(1),
                _ => *progress = Progress::default(),
            },
            ("next" | "prev" | "leave", _) => return Err(LessonError::NotRunning(id.to_string())),
            (other, _) => return Err(LessonError::UnknownAction(other.to_string())),
        }
        Ok(self.publish(&mut progress))
    }

    async fn start(
        &self,
        progress: &mut Progress,
        lesson: &'static Lesson,
    ) -> Result<(), LessonError> {
        self.refuse_taken_names(lesson)?;
        self.lab.remove_labelled(LESSON_LABEL, lesson.id).await?;
        *progress = Progress {
            lesson: Some(lesson),
            serial: progress.serial,
            ..Progress::default()
        };
        let outcome = act::run(self, progress, 0).await;
        progress.outcomes.push(outcome);
        Ok(())
    }

    async fn next(&self, progress: &mut Progress) {
        let Some(lesson) = progress.lesson else {
            return;
        };
        if progress.step + 1 >= lesson.steps.len() {
            return;
        }
        progress.step += 1;
        if progress.outcomes.len() == progress.step {
            let outcome = act::run(self, progress, progress.step).await;
            progress.outcomes.push(outcome);
        }
    }

    async fn reset(
        &self,
        progress: &mut Progress,
        lesson: &'static Lesson,
    ) -> Result<(), LessonError> {
        if progress.lesson.is_some_and(|l| l.id == lesson.id) {
            *progress = Progress {
                serial: progress.serial,
                ..Progress::default()
            };
        }
        self.lab.remove_labelled(LESSON_LABEL, lesson.id).await?;
        Ok(())
    }

    /// A name the lesson needs, held by anything that is not this lesson's.
    fn refuse_taken_names(&self, lesson: &Lesson) -> Result<(), LessonError> {
        let topology = self.topology();
        let ours = |labels: &BTreeMap<String, String>| {
            labels.get(LESSON_LABEL).map(String::as_str) == Some(lesson.id)
        };
        for name in lesson.containers() {
            if let Some(c) = topology.container_by_name(name) {
                if !ours(&c.labels) {
                    return Err(LessonError::NameTaken {
                        kind: "container",
                        name: name.to_string(),
                    });
                }
            }
        }
        for name in lesson.networks() {
            if let Some(n) = topology.network_by_name(name) {
                if !ours(&n.labels) {
                    return Err(LessonError::NameTaken {
                        kind: "network",
                        name: name.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    fn topology(&self) -> Topology {
        self.live.snapshots.borrow().topology.clone()
    }

    fn publish(&self, progress: &mut Progress) -> Arc<LessonState> {
        progress.serial += 1;
        let topology = self.topology();
        let step = progress.lesson.and_then(|l| l.steps.get(progress.step));
        let (look_at, look_at_network) = match step.map(|s| s.look_at) {
            Some(LookAt::Containers(names)) => (
                names
                    .iter()
                    .filter_map(|n| topology.container_by_name(n).map(|c| c.id.clone()))
                    .collect(),
                None,
            ),
            Some(LookAt::Network(name)) | Some(LookAt::Bridge(name)) => {
                (Vec::new(), Some(name.to_string()))
            }
            _ => (Vec::new(), None),
        };
        let state = Arc::new(LessonState {
            lesson: progress.lesson.map(|l| l.id.to_string()),
            step: progress.step,
            steps: progress.lesson.map(|l| l.steps.len()).unwrap_or(0),
            outcomes: progress.outcomes.clone(),
            look_at,
            look_at_network,
            serial: progress.serial,
        });
        self.state.send_replace(state.clone());
        state
    }
}
