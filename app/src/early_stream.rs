//! The event stream, opened by the page itself before its wasm has loaded. The server writes a
//! small inline script after the snapshot: it opens `/api/events` for the snapshot's version
//! and queues whatever arrives. When the wasm starts following, it adopts that connection and
//! takes the queue first, then every later message, in order.
//!
//! Why: opened by the wasm, the request left only after the frame that follows hydration, so
//! the page went live later (docs/BENCHMARKS.md, "Page choice: the page's own event stream").

use crate::live::{
    LESSON_EVENT, PROBE_EVENT, PROGRESS_EVENT, RESUME_EVENT, SNAPSHOT_EVENT, UPDATE_EVENT,
};

/// The page global the script leaves its connection in, until the wasm takes it.
pub const GLOBAL: &str = "__bsEarlyStream";

/// The stream's address for a page that holds `version` of the server `instance`: the server
/// then answers with a `resume` while that is still current, not with the whole snapshot.
pub fn events_url(version: u64, instance: u64) -> String {
    format!(
        "{}?since={version}&instance={instance}",
        crate::live::EVENTS_PATH
    )
}

/// How many messages the script queues for a wasm that has not come; beyond, it closes the
/// stream and leaves the wasm (should it come) to open its own.
pub const MAX_QUEUED: usize = 1000;

/// The inline script that opens the stream for `version` of `instance`. Each message, and each
/// `error` (the browser then reconnects by itself), goes to `sink` once the wasm has set it,
/// into the queue `q` until then.
pub fn script(version: u64, instance: u64) -> String {
    let url = events_url(version, instance);
    format!(
        "try{{const b=window.{GLOBAL}={{q:[],sink:null,url:\"{url}\",es:new EventSource(\"{url}\")}};\
         for(const k of[\"{SNAPSHOT_EVENT}\",\"{UPDATE_EVENT}\",\"{PROGRESS_EVENT}\",\"{RESUME_EVENT}\",\"{PROBE_EVENT}\",\"{LESSON_EVENT}\",\"error\"])\
         b.es.addEventListener(k,e=>{{if(b.sink)return b.sink(k,e);\
         if(b.q.push([k,e])>{MAX_QUEUED}){{b.es.close();delete window.{GLOBAL}}}}})}}catch(e){{}}"
    )
}

#[cfg(feature = "hydrate")]
pub use browser::{adopt, Adopted, Messages};

#[cfg(feature = "hydrate")]
mod browser {
    use futures::channel::mpsc::{unbounded, UnboundedSender};
    use futures::stream::LocalBoxStream;
    use futures::StreamExt;
    use gloo_net::eventsource::EventSourceError;
    use js_sys::{Array, Reflect};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{EventSource, MessageEvent};

    use super::GLOBAL;

    /// The stream's messages, by kind, in arrival order; an `error` as `Err`.
    pub type Messages = LocalBoxStream<'static, Result<(String, MessageEvent), EventSourceError>>;

    type Sink = Closure<dyn FnMut(String, JsValue)>;

    /// The page's own connection, now fed to the wasm.
    pub struct Adopted {
        source: EventSource,
        _sink: Sink,
    }

    impl Adopted {
        pub fn close(self) {
            self.source.close();
        }
    }

    /// Takes over the connection the page's script opened, if it opened one for `url`. Either
    /// way the script's global is gone afterwards: a later reconnection opens its own stream.
    pub fn adopt(url: &str) -> Option<(Adopted, Messages)> {
        let window: JsValue = web_sys::window()?.into();
        let early = Reflect::get(&window, &GLOBAL.into()).ok()?;
        if !early.is_object() {
            return None;
        }
        let _ = Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &GLOBAL.into());
        let field = |name: &str| Reflect::get(&early, &name.into()).ok();
        let source: EventSource = field("es")?.dyn_into().ok()?;
        if field("url")?.as_string().as_deref() != Some(url) {
            source.close();
            return None;
        }
        let (sender, receiver) = unbounded();
        let queued: Array = field("q")?.dyn_into().ok()?;
        for item in queued.iter() {
            let pair: Array = item.unchecked_into();
            forward(
                &sender,
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1),
            );
        }
        // Set in the same task as the queue was read: no message can come in between.
        let sink: Sink = Closure::new(move |kind: String, event: JsValue| {
            forward(&sender, kind, event);
        });
        Reflect::set(&early, &"sink".into(), sink.as_ref()).ok()?;
        let adopted = Adopted {
            source,
            _sink: sink,
        };
        Some((adopted, receiver.boxed_local()))
    }

    fn forward(
        sender: &UnboundedSender<Result<(String, MessageEvent), EventSourceError>>,
        kind: String,
        event: JsValue,
    ) {
        let message = match event.dyn_into::<MessageEvent>() {
            Ok(event) if kind != "error" => Ok((kind, event)),
            _ => Err(EventSourceError::ConnectionError),
        };
        let _ = sender.unbounded_send(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_opens_the_stream_for_the_held_state_and_queues_every_kind() {
        let script = script(42, 7);
        assert_eq!(events_url(42, 7), "/api/events?since=42&instance=7");
        assert!(script.contains("new EventSource(\"/api/events?since=42&instance=7\")"));
        assert!(script.contains(&format!("window.{GLOBAL}=")));
        for kind in [
            SNAPSHOT_EVENT,
            UPDATE_EVENT,
            PROGRESS_EVENT,
            RESUME_EVENT,
            PROBE_EVENT,
            LESSON_EVENT,
            "error",
        ] {
            assert!(
                script.contains(&format!("\"{kind}\"")),
                "{kind} not listened to"
            );
        }
        assert!(
            !script.contains("</"),
            "nothing that could end the script element"
        );
        assert!(
            script.contains(&format!(
                ">{MAX_QUEUED}){{b.es.close();delete window.{GLOBAL}}}"
            )),
            "a page whose wasm never comes stops queueing: {script}"
        );
    }
}
