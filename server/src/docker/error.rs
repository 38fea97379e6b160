//! Typed errors of the Docker adapter. The message is what the page shows after
//! "cannot reach Docker at …:", so it must read well on its own.

use std::error::Error as _;

#[derive(Debug, thiserror::Error)]
pub enum DockerError {
    /// The engine could not be reached or did not answer the handshake.
    #[error("{0}")]
    Connect(String),
    /// A read failed after the connection was made.
    #[error("{0}")]
    Read(String),
    /// Docker refused an action; its own message, verbatim.
    #[error("Docker refused: {0}")]
    Refused(String),
    /// Docker closed its event stream.
    #[error("the engine closed its event stream")]
    StreamEnded,
}

impl DockerError {
    pub fn connect(error: bollard::errors::Error) -> Self {
        DockerError::Connect(describe(&error))
    }

    pub fn read(error: bollard::errors::Error) -> Self {
        DockerError::Read(describe(&error))
    }

    /// Docker answered an id that is not one (never seen; checked so nothing else is ever
    /// passed on as an id).
    pub fn unexpected_id(id: &str) -> Self {
        DockerError::Read(format!("Docker answered {id:?} where an id belongs"))
    }

    /// An action Docker answered with an error: keep Docker's own message.
    pub fn refused(error: bollard::errors::Error) -> Self {
        match error {
            bollard::errors::Error::DockerResponseServerError { message, .. } => {
                DockerError::Refused(message)
            }
            other => DockerError::Read(describe(&other)),
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
