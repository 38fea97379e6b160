//! The HTML page at `/`: what this app is, and where it sits on the network.
//!
//! The page is the first thing a person sees after `docker run -p 5000:5000 …`, so it answers
//! the questions of the lesson at a glance: which Redis does this app look for (a *name*,
//! resolved by Docker's DNS), what is this container's hostname (its container ID, unless set),
//! and which IP addresses did Docker give it (one per network it is attached to).
//!
//! Everything is read again on every request: `docker network connect` adds an interface to a
//! running container, and reloading the page should show it.

use std::fmt::Write as _;

use if_addrs::IfAddr;

use crate::store::RedisTarget;

/// What this container looks like from the inside.
#[derive(Debug, Clone)]
pub struct ContainerView {
    pub hostname: String,
    /// `(interface, address/prefix)`, loopback left out: `("eth0", "172.18.0.3/16")`.
    pub addresses: Vec<(String, String)>,
}

impl ContainerView {
    /// Reads the hostname and the interface addresses of the network namespace we run in.
    pub fn read() -> Self {
        ContainerView {
            hostname: hostname(),
            addresses: addresses(),
        }
    }
}

/// Docker writes the container's hostname to `/etc/hostname` (bind-mounted, so it is there even
/// in a `FROM scratch` image). `/proc/sys/kernel/hostname` is the kernel's view, the same as
/// `gethostname()`, for when the app runs outside a container.
fn hostname() -> String {
    ["/etc/hostname", "/proc/sys/kernel/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| text.trim().to_string())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "(unknown)".to_string())
}

fn addresses() -> Vec<(String, String)> {
    match if_addrs::get_if_addrs() {
        Ok(interfaces) => interfaces
            .into_iter()
            .filter(|iface| !iface.is_loopback())
            .map(|iface| {
                let prefix = match &iface.addr {
                    IfAddr::V4(v4) => v4.prefixlen,
                    IfAddr::V6(v6) => v6.prefixlen,
                };
                (iface.name.clone(), format!("{}/{prefix}", iface.ip()))
            })
            .collect(),
        Err(e) => {
            tracing::warn!("cannot list network interfaces: {e}");
            Vec::new()
        }
    }
}

/// Renders the page. Plain HTML, no scripts, no external resources.
pub fn render(redis: &RedisTarget, view: &ContainerView) -> String {
    let redis = escape(&redis.to_string());
    let hostname = escape(&view.hostname);
    let mut addresses = String::new();
    if view.addresses.is_empty() {
        addresses.push_str("<li>none besides loopback</li>");
    }
    for (iface, addr) in &view.addresses {
        // Writing to a String cannot fail.
        let _ = write!(
            addresses,
            "<li><code>{}</code>: <code>{}</code></li>",
            escape(iface),
            escape(addr)
        );
    }

    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bridgescope demo web app</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
code {{ background: #f2f2f2; padding: 0 .25em; border-radius: 3px; }}
</style>
</head>
<body>
<h1>bridgescope demo web app</h1>
<p>This is the demo web app of <strong>bridgescope</strong>, the dashboard that shows how Docker
containers talk to each other. It stores and reads keys in Redis over HTTP.</p>

<h2>Where it runs</h2>
<ul>
<li>Redis: <code>{redis}</code> (set with <code>REDIS_HOST</code> and <code>REDIS_PORT</code>)</li>
<li>Hostname of this container: <code>{hostname}</code></li>
<li>IP addresses of this container:
<ul>
{addresses}
</ul></li>
</ul>

<h2>Try it</h2>
<ul>
<li><code>GET /redis/set?key=K&amp;value=V</code> stores V under K and answers <code>success</code>:
<a href="/redis/set?key=greeting&amp;value=hello%20from%20bridgescope">/redis/set?key=greeting&amp;value=hello%20from%20bridgescope</a></li>
<li><code>GET /redis/get?key=K</code> answers the value stored under K:
<a href="/redis/get?key=greeting">/redis/get?key=greeting</a></li>
</ul>
<p>If Redis cannot be reached, the answer says why: a name that does not resolve usually means
the two containers are not on the same user-defined network.</p>
</body>
</html>
"#
    )
}

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn page_names_redis_and_addresses() {
        let view = ContainerView {
            hostname: "c0ffee".to_string(),
            addresses: vec![("eth0".to_string(), "172.18.0.3/16".to_string())],
        };
        let target = RedisTarget {
            host: "redis".to_string(),
            port: 6379,
        };
        let page = render(&target, &view);
        assert!(page.contains("<code>redis:6379</code>"));
        assert!(page.contains("c0ffee"));
        assert!(page.contains("<code>eth0</code>: <code>172.18.0.3/16</code>"));
    }
}
