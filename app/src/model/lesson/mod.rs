//! The three guided lessons, as data: the default bridge, a user-defined network, legacy
//! links. Each step has a narration in English and in Traditional Chinese (the tutorial's own
//! language), the commands it equals, what to look at (the diagram highlights it), and the
//! real action it takes through the lab. The server runs the actions (`server/src/lesson`);
//! the page shows the step every screen is on. Pure data and checks: no I/O here.

mod steps;

use serde::{Deserialize, Serialize};

pub use steps::lessons;

/// The label every lesson resource carries (besides the lab's), valued with the lesson's id:
/// a lesson's reset removes exactly what has it (and is in the lab's record).
pub const LESSON_LABEL: &str = "bridgescope.lesson";

/// A text in both languages of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::ZhTw => self.zh,
        }
    }
}

/// The page's languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-TW")]
    ZhTw,
}

impl Lang {
    /// `en`, or `zh-TW` (also `zh`, `zh-Hant`, `zh-Hant-TW`, any case).
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            "zh" | "zh-tw" | "zh-hant" | "zh-hant-tw" => Some(Lang::ZhTw),
            _ => None,
        }
    }

    /// The value of `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhTw => "zh-Hant-TW",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhTw => "zh-TW",
        }
    }
}

/// An image a lesson runs: all built or found locally (no registry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonImage {
    /// bridgescope's own web app (`bridgescope/webapp:latest`, built by the lab): a page on 5000.
    WebApp,
    /// The Redis image the lab's demo uses.
    Redis,
}

/// Where a probe of a step goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeTo {
    /// A name, as the container would ask for it.
    Name(&'static str),
    /// The address a lesson container has now.
    IpOf(&'static str),
    /// The address a lesson container had when the lesson last read it (before its restart).
    OldIpOf(&'static str),
}

/// What a step does when the lecturer reaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Only narration: look at the picture.
    Look,
    CreateNetwork(&'static str),
    Run {
        name: &'static str,
        image: LessonImage,
        /// `bridge` for the default bridge.
        network: &'static str,
        /// `(target, alias)`: a legacy `--link`.
        link: Option<(&'static str, &'static str)>,
        /// Publish the web app's port 5000 on 127.0.0.1 (the demo's port).
        publish: bool,
    },
    Stop(&'static str),
    Start(&'static str),
    Restart(&'static str),
    /// `from` is a lesson container, or `host`.
    Probe {
        from: &'static str,
        to: ProbeTo,
        port: Option<u16>,
    },
    /// Sets `key` to `value` through the web app, then gets it back.
    SetGet {
        key: &'static str,
        value: &'static str,
    },
    /// Shows the container's `/etc/hosts` (the lines links wrote).
    ShowHosts(&'static str),
}

/// What the diagram highlights and zooms to during a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookAt {
    Nothing,
    Bridge(&'static str),
    Network(&'static str),
    Containers(&'static [&'static str]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: Text,
    pub narration: Text,
    pub commands: &'static [&'static str],
    pub action: Action,
    pub look_at: LookAt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub id: &'static str,
    pub title: Text,
    pub steps: &'static [Step],
}

impl Lesson {
    /// The container names the lesson runs (each must be free, or the lesson's own).
    pub fn containers(&self) -> Vec<&'static str> {
        self.steps
            .iter()
            .filter_map(|s| match s.action {
                Action::Run { name, .. } => Some(name),
                _ => None,
            })
            .collect()
    }

    pub fn networks(&self) -> Vec<&'static str> {
        self.steps
            .iter()
            .filter_map(|s| match s.action {
                Action::CreateNetwork(name) => Some(name),
                _ => None,
            })
            .collect()
    }
}

/// The lesson with `id`.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    lessons().iter().find(|l| l.id == id)
}

/// `GET /api/lessons`: each lesson in the reader's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonInfo {
    pub id: String,
    pub title: String,
    pub steps: Vec<StepInfo>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepInfo {
    pub title: String,
    pub narration: String,
    pub commands: Vec<String>,
}

impl Lesson {
    pub fn info(&self, lang: Lang) -> LessonInfo {
        LessonInfo {
            id: self.id.to_string(),
            title: self.title.get(lang).to_string(),
            steps: self.steps.iter().map(|s| s.info(lang)).collect(),
        }
    }
}

impl Step {
    pub fn info(&self, lang: Lang) -> StepInfo {
        StepInfo {
            title: self.title.get(lang).to_string(),
            narration: self.narration.get(lang).to_string(),
            commands: self.commands.iter().map(|c| c.to_string()).collect(),
        }
    }
}

/// Where the room is: published on `/api/events` as a `lesson` event, answered by every
/// `POST /api/lessons/ID/…`. `step` counts from 0; `outcomes[i]` is what step i did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonState {
    /// None: no lesson is running.
    pub lesson: Option<String>,
    pub step: usize,
    pub steps: usize,
    /// What each step reached so far did (its outcome, shown under the narration).
    pub outcomes: Vec<StepOutcome>,
    /// The containers the current step is about, by id (the diagram highlights them).
    pub look_at: Vec<String>,
    /// The network or bridge the step is about, by name.
    pub look_at_network: Option<String>,
    /// Bumped by every change, so a page tells a new state from one it has.
    pub serial: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StepOutcome {
    pub ok: bool,
    /// What happened, with the real names, addresses and answers, in both languages.
    pub said: Vec<Said>,
    /// The probe this step asked, when it asked one.
    #[serde(default)]
    pub probe: Option<crate::model::reach::ProbeAnswer>,
    /// `/etc/hosts` lines the step read (those a link wrote are marked by the names view).
    #[serde(default)]
    pub hosts: Vec<String>,
}

/// One sentence of an outcome in both languages (names and numbers are the same in both).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub en: String,
    pub zh: String,
}

impl Said {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhTw => &self.zh,
        }
    }
}

#[cfg(test)]
mod tests;
