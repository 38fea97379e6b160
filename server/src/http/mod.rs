//! The HTTP surface: the server-rendered page (Leptos), its server functions, the JSON API, the
//! Server-Sent Events stream and the embedded static site.

mod api;
mod assets;
mod events;
mod guard;
mod lab;
mod lesson;
mod places;
mod presenter;
mod probe;
mod rejections;
mod serve;

use std::net::SocketAddr;

use axum::{extract::FromRef, middleware, routing::get, Router};
use bridgescope_app::{live::LiveState, shell, App};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::engine_task::Subscription;
use crate::lab::Lab;
use crate::lesson::Lessons;
use crate::probe::Prober;

pub use guard::{new_token, Access, HostPolicy};
pub use serve::Limits;

/// What every handler can reach: Leptos' options and the read side of the live state.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub live: Subscription,
    pub lab: Lab,
    pub prober: Prober,
    pub lessons: Lessons,
    pub access: Access,
    /// Wrong presenter tokens by address.
    pub tries: presenter::TokenTries,
    /// Open event streams by address.
    pub streams: places::Places,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// What the handlers serve: the shared state, the lab, the probe and the lessons.
pub struct Services {
    pub live: Subscription,
    pub lab: Lab,
    pub prober: Prober,
    pub lessons: Lessons,
}

/// Serves the dashboard on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    services: Services,
    access: Access,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let Services {
        live,
        lab,
        prober,
        lessons,
    } = services;
    let state = AppState {
        leptos_options: leptos_options(addr),
        live,
        lab,
        prober,
        lessons,
        access,
        tries: presenter::TokenTries::default(),
        streams: places::Places::new(limits.streams_per_address, limits.streams_total),
    };
    tracing::info!("bridgescope serves http://{addr}");
    serve::serve(listener, router(state, limits), limits, shutdown).await;
}

fn router(state: AppState, limits: Limits) -> Router {
    let routes = generate_route_list(App);
    let live = LiveState::new(state.live.snapshots.clone());
    let options = state.leptos_options.clone();
    let actions = lab::routes()
        .merge(probe::actions())
        .merge(lesson::actions())
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            guard::require_presenter,
        ));
    let page = Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(live.clone());
                provide_page_nonce();
            },
            move || shell(options.clone()),
        )
        .layer(page_compression());
    let body_read = limits.body_read;
    Router::new()
        .merge(actions)
        .route(bridgescope_app::api::paths::ACCESS, get(guard::info))
        .route(bridgescope_app::api::paths::TOPOLOGY, get(api::topology))
        .merge(probe::reads())
        .merge(lesson::reads())
        .route(bridgescope_app::live::EVENTS_PATH, get(events::stream))
        .merge(page)
        .fallback(assets::serve)
        .layer(middleware::from_fn(move |request, next| {
            serve::read_body_within(body_read, request, next)
        }))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::require_known_host,
        ))
        .layer(middleware::from_fn(rejections::as_json))
        .layer(middleware::from_fn(guard::security_headers))
        .with_state(state)
}

/// Gives the page the nonce its inline scripts carry in this answer (`guard::security_headers`
/// made it and named it in the Content-Security-Policy).
fn provide_page_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<guard::PageNonce>().cloned());
    if let Some(guard::PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The page is compressed for browsers that accept it: it carries its snapshot and the whole
/// diagram (about 1 MB at 300 containers, about 100 KB compressed), and in a lecture hall it
/// crosses the room's network once per student. Level 4: brotli's own default (11) takes about
/// a second for a page that size; at 4 both codecs take milliseconds.
fn page_compression() -> CompressionLayer {
    CompressionLayer::new()
        .gzip(true)
        .br(true)
        .quality(CompressionLevel::Precise(4))
}

/// The site is embedded, so these options only name files; cargo-leptos passes the output name
/// at build time.
fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("bridgescope"))
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

/// Ends the server on Ctrl-C or SIGTERM, letting open requests finish.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!("cannot listen for SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
