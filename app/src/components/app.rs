//! The document shell (server only) and the root component.

use leptos::nonce::use_nonce;
use leptos::prelude::*;

use super::dashboard::Dashboard;

/// Puts the room's display choices (theme, projector mode; see `display.rs`) on the root element
/// before the first frame. Set later, by the wasm, they showed the light theme first and then
/// restyled and laid out the whole page again (with projector mode's larger type).
const DISPLAY_CHOICES: &str = "try{for(const[a,k,d]of[['data-theme','bridgescope.theme','light'],\
['data-projector','bridgescope.projector','off']])document.documentElement.setAttribute(a,\
localStorage.getItem(k)||d)}catch(e){}";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=crate::lang::page_lang().tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <link id="leptos" rel="stylesheet" href="/pkg/bridgescope.css"/>
                // Named, so that no browser asks for /favicon.ico (a 404 on every load).
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                // The first frame waits until the diagram is parsed (the details panel comes
                // right after it): otherwise the browser lays out and paints the half-parsed
                // diagram again and again while a large page arrives (five rounds at 300
                // containers instead of one).
                <link rel="expect" href="#details" blocking="render"/>
                <script nonce=use_nonce() inner_html=DISPLAY_CHOICES></script>
                <title>"bridgescope"</title>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The one page. No router: there is one route, and the page waits for nothing (its state is
/// in the server's memory), so it streams in order as it is. Title and stylesheet are fixed and
/// written by the shell, so the wasm carries no head management.
#[component]
pub fn App() -> impl IntoView {
    view! { <Dashboard/> }
}
