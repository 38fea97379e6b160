//! The page's language, English or 繁體中文 (zh-TW). The server renders the chosen one (no
//! flash of English): it reads `?lang=` first, then the `bridgescope.lang` cookie the switch
//! sets; the browser reads back what the server chose from `<html lang>`. `?lang=zh-TW` in the
//! address is therefore enough to open the page in Chinese, and the choice survives a reload.

use crate::model::lesson::Lang;

/// The cookie the language switch sets (a year, the whole site).
pub const LANG_COOKIE: &str = "bridgescope.lang";

/// The language of the page being rendered (server) or hydrated (browser).
pub fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        server::requested().unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|tag| Lang::parse(&tag))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// The language asked for by a query string (`lang=…`) or a `Cookie` header's value.
pub fn from_request(query: Option<&str>, cookies: Option<&str>) -> Option<Lang> {
    let asked = query.and_then(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(Lang::parse)
    });
    asked.or_else(|| {
        cookies.and_then(|c| {
            c.split(';')
                .find_map(|pair| pair.trim().strip_prefix(&format!("{LANG_COOKIE}=")))
                .and_then(Lang::parse)
        })
    })
}

#[cfg(feature = "ssr")]
mod server {
    use crate::model::lesson::Lang;

    pub fn requested() -> Option<Lang> {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        let cookies = parts
            .headers
            .get(http::header::COOKIE)
            .and_then(|v| v.to_str().ok());
        super::from_request(parts.uri.query(), cookies)
    }
}

/// Makes `lang` the page's: `<html lang>`, the cookie the server reads, local storage.
pub fn choose(lang: Lang) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
            let cookie = format!(
                "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                lang.code()
            );
            let _ = html.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = lang;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_over_the_cookie_and_unknown_words_are_ignored() {
        let cookie = Some("a=b; bridgescope.lang=zh-TW");
        assert_eq!(from_request(None, cookie), Some(Lang::ZhTw));
        assert_eq!(from_request(Some("lang=en"), cookie), Some(Lang::En));
        assert_eq!(from_request(Some("x=1&lang=zh-tw"), None), Some(Lang::ZhTw));
        assert_eq!(from_request(Some("lang=fr"), None), None);
        assert_eq!(from_request(None, None), None);
    }
}
