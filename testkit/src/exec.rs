//! `docker exec` in a test container: the truth a probe's answer is checked against (the
//! busybox test image has ping, nslookup, nc and cat).

use bollard::exec::{CreateExecOptions, StartExecResults};
use futures::StreamExt;

use crate::Lab;

/// What a command printed and how it ended.
#[derive(Clone, Debug)]
pub struct Exec {
    pub code: i64,
    pub output: String,
}

impl Exec {
    pub fn succeeded(&self) -> bool {
        self.code == 0
    }
}

impl Lab {
    /// Runs `command` inside `container` and waits for it to end.
    pub async fn exec(&self, container: &str, command: &[&str]) -> Exec {
        let options = CreateExecOptions {
            cmd: Some(command.iter().map(|c| c.to_string()).collect()),
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            ..Default::default()
        };
        let created = match self.docker().create_exec(container, options).await {
            Ok(created) => created,
            Err(error) => panic!("cannot exec {command:?} in {container}: {error}"),
        };
        let mut output = String::new();
        match self.docker().start_exec(&created.id, None).await {
            Ok(StartExecResults::Attached {
                output: mut stream, ..
            }) => {
                while let Some(chunk) = stream.next().await {
                    match chunk {
                        Ok(chunk) => output.push_str(&chunk.to_string()),
                        Err(error) => panic!("exec {command:?} in {container}: {error}"),
                    }
                }
            }
            Ok(StartExecResults::Detached) => panic!("exec {command:?} detached unexpectedly"),
            Err(error) => panic!("cannot start {command:?} in {container}: {error}"),
        }
        let code = match self.docker().inspect_exec(&created.id).await {
            Ok(inspect) => match inspect.exit_code {
                Some(code) => code,
                None => panic!("exec {command:?} in {container} has no exit code"),
            },
            Err(error) => panic!("cannot inspect exec {command:?} in {container}: {error}"),
        };
        Exec { code, output }
    }
}
