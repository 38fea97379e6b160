//! "Run the demo": network `app`, a `redis` container and the `web` app on it, the web app
//! published on 127.0.0.1. Idempotent: what the lab made is kept (and started when stopped).
//! A `redis` or `web` the lab did not make is never replaced: the demo stops and says how to
//! free the name. A network `app` made by hand is used as it is (the tutorial makes it with
//! `docker network create app`). The web app's image is built on the spot from the static
//! binary, so no registry is needed.

use bridgescope_app::model::{Container, ContainerState, NetworkRequest, LAB_LABEL};

use super::{ActionError, Lab, Outcome};
use crate::docker::{ContainerId, Engine, LabContainer, Lifecycle};

pub const DEMO_NETWORK: &str = "app";
pub const WEBAPP_IMAGE: &str = "bridgescope/webapp:latest";

impl Lab {
    pub async fn run_demo(&self) -> Result<Outcome, ActionError> {
        let _turn = self.one_at_a_time.lock().await;
        let engine = self.engine()?;
        let redis_image = self.config.redis_image.clone();
        if !engine.has_image(&redis_image).await? {
            return Err(ActionError::Refused(format!(
                "the Redis image {redis_image} is not on this engine and no registry is \
                 reachable: load one (docker load) or build one (scripts/build-test-images.sh \
                 makes bridgescope-test/redis:latest) and start bridgescope with \
                 --redis-image bridgescope-test/redis:latest"
            )));
        }
        let mut outcome = Outcome {
            message: "the demo runs: redis and web on network app".into(),
            ..Default::default()
        };
        if engine.network_named(DEMO_NETWORK).await?.is_none() {
            let request = NetworkRequest {
                name: DEMO_NETWORK.into(),
                driver: "bridge".into(),
                ..Default::default()
            };
            let created = self.create_network_now(&request, &[]).await?;
            outcome.commands.extend(created.commands);
            self.step(&mut outcome, "created network app");
        } else {
            self.step(&mut outcome, "network app exists");
        }
        self.step(&mut outcome, format!("checking the image {WEBAPP_IMAGE}…"));
        for line in self.ensure_webapp_image(&engine).await? {
            self.step(&mut outcome, line);
        }
        let port = self.config.demo_port;
        let redis = LabContainer {
            name: "redis",
            image: &redis_image,
            network: DEMO_NETWORK,
            env: Vec::new(),
            publish: None,
        };
        let web = LabContainer {
            name: "web",
            image: WEBAPP_IMAGE,
            network: DEMO_NETWORK,
            env: vec!["REDIS_HOST=redis".into(), "REDIS_PORT=6379".into()],
            publish: Some((port, 5000)),
        };
        for spec in [&redis, &web] {
            self.refuse_foreign_name(&engine, spec.name).await?;
        }
        for spec in [redis, web] {
            let step = self.ensure_running(&engine, &spec).await?;
            self.step(&mut outcome, step);
        }
        outcome.commands.extend([
            format!("docker run -d --name redis --network app {redis_image}"),
            format!(
                "docker run -d --name web --network app -e REDIS_HOST=redis \
                 -p 127.0.0.1:{port}:5000 {WEBAPP_IMAGE}"
            ),
        ]);
        Ok(outcome)
    }

    /// Refuses when a container called `name` exists that the lab did not make: the demo
    /// never removes, replaces or renames it. Asked of Docker, not the topology, so a container
    /// made a moment ago counts too.
    async fn refuse_foreign_name(&self, engine: &Engine, name: &str) -> Result<(), ActionError> {
        let Some(read) = engine.container(name).await? else {
            return Ok(());
        };
        if self.made_by_lab(&read.container).is_some() {
            return Ok(());
        }
        Err(ActionError::Refused(format!(
            "a container called {name} exists that this lab did not make, and the demo needs \
             that name: bridgescope will not replace it. Free the name yourself (docker rename \
             {name} {name}-old, or docker rm -f {name}), then run the demo again"
        )))
    }

    /// The id of `container` when the lab made it (its label and the lab's record).
    fn made_by_lab(&self, container: &Container) -> Option<ContainerId> {
        let id = ContainerId::parse(&container.id)?;
        (container.labels.contains_key(LAB_LABEL) && self.ledger.has_container(&id)).then_some(id)
    }

    async fn ensure_running(
        &self,
        engine: &Engine,
        spec: &LabContainer<'_>,
    ) -> Result<String, ActionError> {
        let existing = engine.container(spec.name).await?.and_then(|read| {
            let container = read.container;
            let id = self.made_by_lab(&container)?;
            Some((id, container.state, publishes(&container, spec)))
        });
        match existing {
            // A lab container published on another port than asked: make it again.
            Some((id, _, false)) => {
                engine.lifecycle(&id, Lifecycle::Remove).await?;
                self.forget_container(&id, spec.name)?;
                self.run_recorded(engine, spec).await?;
                Ok(format!("ran {} again, published as asked", spec.name))
            }
            Some((_, ContainerState::Running, true)) => Ok(format!("{} runs already", spec.name)),
            Some((id, _, true)) => {
                engine.lifecycle(&id, Lifecycle::Start).await?;
                Ok(format!("started {}", spec.name))
            }
            None => {
                self.run_recorded(engine, spec).await?;
                Ok(format!("ran {}", spec.name))
            }
        }
    }

    /// Runs a lab container and writes it into the lab's record.
    async fn run_recorded(
        &self,
        engine: &Engine,
        spec: &LabContainer<'_>,
    ) -> Result<(), ActionError> {
        let id = engine.run_container(spec).await?;
        self.ledger
            .add_container(&id)
            .map_err(|source| ActionError::NotRecorded {
                what: format!("container {} was started", spec.name),
                source,
            })
    }

    /// Builds the web app's image unless one built from this very binary exists (its image
    /// carries the binary's fingerprint as a label).
    /// Builds the web app's image when it is missing or older than the binary (lessons run it).
    pub async fn ensure_webapp(&self) -> Result<(), ActionError> {
        let engine = self.engine()?;
        self.ensure_webapp_image(&engine).await.map(|_| ())
    }

    /// The image Redis runs from.
    pub fn redis_image(&self) -> &str {
        &self.config.redis_image
    }

    /// The port the web app is published on, on 127.0.0.1.
    pub fn demo_port(&self) -> u16 {
        self.config.demo_port
    }

    async fn ensure_webapp_image(&self, engine: &Engine) -> Result<Vec<String>, ActionError> {
        let Some(binary) = self.config.webapp_binary.clone() else {
            return Err(ActionError::Refused(
                "the web app binary was not found: build it with scripts/build-release.sh \
                 (it lands beside bridgescope as bridgescope-webapp) or pass --webapp-binary"
                    .into(),
            ));
        };
        let bytes = std::fs::read(&binary).map_err(|source| ActionError::Internal {
            what: format!("cannot read the web app binary {}", binary.display()),
            source,
        })?;
        let fingerprint = fingerprint(&bytes);
        if engine
            .image_label(WEBAPP_IMAGE, FINGERPRINT_LABEL)
            .await
            .as_deref()
            == Some(&fingerprint)
        {
            return Ok(vec![format!("{WEBAPP_IMAGE} is up to date")]);
        }
        let context = build_context(&bytes).map_err(|source| ActionError::Internal {
            what: "cannot pack the web app's image".into(),
            source,
        })?;
        let labels = [(FINGERPRINT_LABEL, fingerprint)];
        let progress = self.progress.clone();
        let on_line = move |line: String| {
            let _ = progress.send(line);
        };
        engine
            .build_image(WEBAPP_IMAGE, context, &labels, &on_line)
            .await?;
        Ok(vec![format!("built {WEBAPP_IMAGE}")])
    }
}

/// Whether `container` publishes what `spec` asks (always true when it asks for nothing).
fn publishes(container: &Container, spec: &LabContainer<'_>) -> bool {
    let Some((host, inside)) = spec.publish else {
        return true;
    };
    container
        .ports
        .iter()
        .any(|p| p.host_ip == "127.0.0.1" && p.host_port == host && p.container_port == inside)
}

/// The label that records which web app binary an image was built from.
const FINGERPRINT_LABEL: &str = "bridgescope.webapp.fingerprint";

/// FNV-1a over the binary: enough to tell two builds apart (not a security measure).
fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}-{}", bytes.len())
}

const DOCKERFILE: &str = "FROM scratch\n\
COPY webapp /webapp\n\
EXPOSE 5000\n\
ENTRYPOINT [\"/webapp\"]\n";

/// A tar build context: the Dockerfile and the static binary.
fn build_context(binary: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut archive = tar::Builder::new(Vec::new());
    for (name, data, mode) in [
        ("Dockerfile", DOCKERFILE.as_bytes(), 0o644),
        ("webapp", binary, 0o755),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(mode);
        header.set_cksum();
        archive.append_data(&mut header, name, data)?;
    }
    archive.into_inner()
}
