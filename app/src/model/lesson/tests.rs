//! Every lesson is runnable as written: each step's names are valid Docker names, every
//! container a step acts on was run by an earlier step, every text exists in both languages.

use super::*;
use crate::model::{validate_name, NameKind};

fn names_acted_on(action: &Action) -> Vec<&'static str> {
    match *action {
        Action::Look | Action::CreateNetwork(_) | Action::SetGet { .. } => vec![],
        Action::Run { link, .. } => link.map(|(target, _)| vec![target]).unwrap_or_default(),
        Action::Stop(n) | Action::Start(n) | Action::Restart(n) | Action::ShowHosts(n) => vec![n],
        Action::Probe { from, to, .. } => {
            let mut names = vec![];
            if from != "host" {
                names.push(from);
            }
            match to {
                ProbeTo::IpOf(n) | ProbeTo::OldIpOf(n) => names.push(n),
                ProbeTo::Name(_) => {}
            }
            names
        }
    }
}

#[test]
fn every_step_acts_on_what_an_earlier_step_made() {
    for lesson in lessons() {
        let mut made: Vec<&str> = Vec::new();
        let mut networks: Vec<&str> = vec!["bridge"];
        for (i, step) in lesson.steps.iter().enumerate() {
            for name in names_acted_on(&step.action) {
                assert!(
                    made.contains(&name),
                    "{} step {i}: {name} was not run before",
                    lesson.id
                );
            }
            match step.action {
                Action::Run {
                    name,
                    network,
                    link,
                    ..
                } => {
                    assert!(validate_name(NameKind::Container, name).is_ok(), "{name}");
                    assert!(
                        networks.contains(&network),
                        "{} step {i}: no network {network}",
                        lesson.id
                    );
                    if let Some((_, alias)) = link {
                        assert!(validate_name(NameKind::Alias, alias).is_ok(), "{alias}");
                        assert_eq!(network, "bridge", "links live on the default bridge");
                    }
                    made.push(name);
                }
                Action::CreateNetwork(name) => {
                    assert!(validate_name(NameKind::Network, name).is_ok(), "{name}");
                    networks.push(name);
                }
                Action::Probe {
                    to: ProbeTo::Name(name),
                    ..
                } => {
                    assert!(validate_name(NameKind::Alias, name).is_ok(), "{name}");
                }
                _ => {}
            }
        }
    }
}

#[test]
fn every_text_exists_in_both_languages_and_every_step_shows_a_command() {
    assert_eq!(
        lessons().iter().map(|l| l.id).collect::<Vec<_>>(),
        ["default-bridge", "user-network", "links"]
    );
    for lesson in lessons() {
        let mut texts = vec![lesson.title];
        for step in lesson.steps {
            texts.push(step.title);
            texts.push(step.narration);
            assert!(
                !step.commands.is_empty(),
                "{}: {} shows no command",
                lesson.id,
                step.title.en
            );
        }
        for text in texts {
            assert!(
                !text.en.trim().is_empty(),
                "{}: an English text is empty",
                lesson.id
            );
            assert!(
                !text.zh.trim().is_empty(),
                "{}: no 繁體中文 for {:?}",
                lesson.id,
                text.en
            );
            assert_ne!(
                text.en, text.zh,
                "{}: {:?} is not translated",
                lesson.id, text.en
            );
            assert!(
                text.zh
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: {:?} has no Chinese characters",
                lesson.id,
                text.zh
            );
        }
    }
}

#[test]
fn the_first_lesson_reproduces_the_ip_change_and_probes_the_old_address() {
    let Some(first) = lesson("default-bridge") else {
        panic!("the default bridge lesson exists");
    };
    let actions: Vec<Action> = first.steps.iter().map(|s| s.action).collect();
    let stop = actions.iter().position(|a| *a == Action::Stop("web2"));
    let start = actions.iter().position(|a| *a == Action::Start("web2"));
    let old = actions.iter().position(|a| {
        matches!(
            a,
            Action::Probe {
                to: ProbeTo::OldIpOf("web2"),
                ..
            }
        )
    });
    assert!(matches!((stop, start, old), (Some(a), Some(b), Some(c)) if a < b && b < c));
    assert_eq!(Lang::parse("zh-tw"), Some(Lang::ZhTw));
    assert_eq!(Lang::parse("zh-Hant-TW").map(Lang::tag), Some("zh-Hant-TW"));
    assert_eq!(Lang::parse("fr"), None);
}
