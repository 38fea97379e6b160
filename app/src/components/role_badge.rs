//! Says plainly whether this screen may act ("presenter") or only watch. A projected page in a
//! lecture hall and a student's laptop look alike; which one holds the buttons should not be
//! a guess, nor found out by pressing one. The server asks the same guard the actions pass
//! (`GET /api/access` with this tab's token), so the badge cannot say "presenter" to a page
//! whose actions would be refused.

use leptos::prelude::*;

use crate::api::{paths, AccessInfo};
use crate::model::lesson::Lang;

/// What this screen is, as far as it knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Not asked yet (the server's page, before the browser asks).
    Unknown,
    Presenter,
    Watching,
    /// The dashboard runs with `--read-only`: nobody acts.
    ReadOnly,
    /// This tab holds a token the server refused.
    WrongToken,
}

impl Role {
    pub fn of(info: &AccessInfo, holds_token: bool) -> Self {
        match (info.read_only, info.presenter, holds_token) {
            (true, _, _) => Role::ReadOnly,
            (false, true, _) => Role::Presenter,
            (false, false, true) => Role::WrongToken,
            (false, false, false) => Role::Watching,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Unknown => "unknown",
            Role::Presenter => "presenter",
            Role::Watching => "watching",
            Role::ReadOnly => "read-only",
            Role::WrongToken => "wrong-token",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Unknown, Lang::En) => "…",
            (Role::Unknown, Lang::ZhTw) => "…",
            (Role::Presenter, Lang::En) => "presenter",
            (Role::Presenter, Lang::ZhTw) => "主講人",
            (Role::Watching, Lang::En) => "watching",
            (Role::Watching, Lang::ZhTw) => "觀看中",
            (Role::ReadOnly, Lang::En) => "watching (read-only)",
            (Role::ReadOnly, Lang::ZhTw) => "觀看中（唯讀）",
            (Role::WrongToken, Lang::En) => "watching: the presenter token was refused",
            (Role::WrongToken, Lang::ZhTw) => "觀看中：主講人代碼不正確",
        }
    }

    pub fn explanation(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Presenter, Lang::En) => "this screen may press the buttons",
            (Role::Presenter, Lang::ZhTw) => "這個畫面可以操作按鈕",
            (Role::Unknown, _) => "",
            (_, Lang::En) => "this screen shows what happens; only the presenter acts",
            (_, Lang::ZhTw) => "這個畫面只顯示發生的事；只有主講人可以操作",
        }
    }
}

#[component]
pub fn RoleBadge(lang: RwSignal<Lang>, live: Signal<bool>) -> impl IntoView {
    let role = RwSignal::new(Role::Unknown);
    // Asked once the page is live: the first picture and its stream come first, and the
    // badge's change of class is not mixed into hydration.
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        if !live.get() || asked.get_value() {
            return;
        }
        asked.set_value(true);
        leptos::task::spawn_local(async move {
            let asked = crate::actions::get::<AccessInfo>(paths::ACCESS).await;
            let holds = crate::actions::holds_token();
            role.set(match asked {
                Ok(info) => Role::of(&info, holds),
                Err(_) if holds => Role::WrongToken,
                Err(_) => Role::Watching,
            });
        });
    });
    view! {
        <span
            id="role"
            class=move || format!("pill role {}", role.get().code())
            title=move || role.get().explanation(lang.get())
        >
            {move || role.get().label(lang.get())}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(read_only: bool, presenter: bool) -> AccessInfo {
        AccessInfo {
            read_only,
            needs_token: true,
            presenter,
        }
    }

    #[test]
    fn the_server_decides_and_a_refused_token_is_named() {
        assert_eq!(Role::of(&info(false, true), true), Role::Presenter);
        assert_eq!(Role::of(&info(false, false), false), Role::Watching);
        assert_eq!(Role::of(&info(false, false), true), Role::WrongToken);
        assert_eq!(Role::of(&info(true, false), true), Role::ReadOnly);
    }

    #[test]
    fn every_role_reads_in_both_languages() {
        for role in [
            Role::Presenter,
            Role::Watching,
            Role::ReadOnly,
            Role::WrongToken,
        ] {
            assert_ne!(role.label(Lang::En), role.label(Lang::ZhTw));
            assert_ne!(role.explanation(Lang::En), role.explanation(Lang::ZhTw));
        }
    }
}
