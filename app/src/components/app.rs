//! The document shell (server only) and the root component with its single route.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    SsrMode, StaticSegment,
};

use super::dashboard::Dashboard;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/bridgescope.css"/>
        <Title text="bridgescope"/>
        <Router>
            <Routes fallback=|| "Page not found.".into_view()>
                // Async: the server waits for the snapshot (it is in memory, so at once) and sends
                // the page in order. The default out-of-order streaming sends it in a <template>
                // that a script then clones into place: at 300 containers that doubled the time
                // to the first picture.
                <Route path=StaticSegment("") view=Dashboard ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
