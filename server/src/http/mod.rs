//! The HTTP surface: the server-rendered page (Leptos), its server functions, the JSON API, the
//! Server-Sent Events stream and the embedded static site.

mod api;
mod assets;
mod events;
mod guard;
mod lab;

use std::net::SocketAddr;

use axum::{extract::FromRef, routing::get, Router};
use bridgescope_app::{live::LiveState, shell, App};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::engine_task::Subscription;
use crate::lab::Lab;

pub use guard::{new_token, Access};

/// What every handler can reach: Leptos' options and the read side of the live state.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub live: Subscription,
    pub lab: Lab,
    pub access: Access,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the HTTP server stopped: {0}")]
    Serve(std::io::Error),
}

pub async fn serve(
    addr: SocketAddr,
    live: Subscription,
    lab: Lab,
    access: Access,
) -> Result<(), ServeError> {
    let state = AppState {
        leptos_options: leptos_options(addr),
        live,
        lab,
        access,
    };
    let router = router(state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    tracing::info!("bridgescope serves http://{addr}");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(ServeError::Serve)
}

fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let live = LiveState::new(state.live.snapshots.clone());
    let options = state.leptos_options.clone();
    let actions = lab::routes().route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        guard::require_presenter,
    ));
    let page = Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(live.clone()),
            move || shell(options.clone()),
        )
        .layer(page_compression());
    Router::new()
        .merge(actions)
        .route("/api/access", get(guard::info))
        .route("/api/topology", get(api::topology))
        .route(bridgescope_app::live::EVENTS_PATH, get(events::stream))
        .merge(page)
        .fallback(assets::serve)
        .with_state(state)
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
async fn shutdown_signal() {
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
