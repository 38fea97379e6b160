//! Typed errors of the Docker adapter. The message is what the page shows after
//! "cannot reach Docker at …:", so it must read well on its own: a failed connection or read
//! keeps bollard's error as its source, and its message is that error with its causes on one
//! line (a page cannot walk a chain of sources).

use std::error::Error as _;

#[derive(Debug, thiserror::Error)]
pub enum DockerError {
    /// The engine could not be reached or did not answer the handshake.
    #[error("{}", describe(.0))]
    Connect(#[source] bollard::errors::Error),
    /// A read failed after the connection was made.
    #[error("{}", describe(.0))]
    Read(#[source] bollard::errors::Error),
    /// Docker answered something that is not an id where an id belongs (never seen; checked
    /// so nothing else is ever passed on as an id).
    #[error("Docker answered {0:?} where an id belongs")]
    UnexpectedId(String),
    /// Docker refused an action; its own message, verbatim.
    #[error("Docker refused: {0}")]
    Refused(String),
    /// Docker closed its event stream.
    #[error("the engine closed its event stream")]
    StreamEnded,
}

impl DockerError {
    pub fn connect(error: bollard::errors::Error) -> Self {
        DockerError::Connect(error)
    }

    pub fn read(error: bollard::errors::Error) -> Self {
        DockerError::Read(error)
    }

    /// Docker answered `id` where an id belongs.
    pub fn unexpected_id(id: &str) -> Self {
        DockerError::UnexpectedId(id.to_string())
    }

    /// An action Docker answered with an error: keep Docker's own message.
    pub fn refused(error: bollard::errors::Error) -> Self {
        match error {
            bollard::errors::Error::DockerResponseServerError { message, .. } => {
                DockerError::Refused(message)
            }
            other => DockerError::Read(other),
        }
    }
}

/// The error and its causes on one line, e.g. "error trying to connect: Connection refused".
fn describe(error: &bollard::errors::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An I/O error under a name, as a failed connection looks: "connecting: <cause>".
    #[derive(Debug, thiserror::Error)]
    #[error("connecting to the socket")]
    struct Named(#[source] std::io::Error);

    fn refused_socket() -> bollard::errors::Error {
        let cause = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "nobody listens");
        let named = std::io::Error::other(Named(cause));
        bollard::errors::Error::from(named)
    }

    #[test]
    fn a_failed_connection_reads_as_one_line_and_keeps_its_source() {
        let error = DockerError::connect(refused_socket());
        let text = error.to_string();
        assert_eq!(text, "connecting to the socket: nobody listens");
        assert!(!text.contains('\n'));
        let source = error.source().map(ToString::to_string);
        assert_eq!(source, Some(refused_socket().to_string()));
    }

    #[test]
    fn docker_refusing_keeps_its_message_and_anything_else_is_a_read() {
        let answer = bollard::errors::Error::DockerResponseServerError {
            status_code: 409,
            message: "network app has active endpoints".into(),
        };
        let refused = DockerError::refused(answer);
        assert!(matches!(refused, DockerError::Refused(_)));
        assert_eq!(
            refused.to_string(),
            "Docker refused: network app has active endpoints"
        );
        let other = DockerError::refused(refused_socket());
        assert!(matches!(other, DockerError::Read(_)));
        assert!(other.source().is_some());
    }

    #[test]
    fn an_unexpected_id_is_named() {
        let error = DockerError::unexpected_id("not-an-id");
        assert_eq!(
            error.to_string(),
            "Docker answered \"not-an-id\" where an id belongs"
        );
    }

    #[test]
    fn the_error_crosses_tasks() {
        fn send_sync<T: Send + Sync + std::fmt::Debug + 'static>() {}
        send_sync::<DockerError>();
    }
}
