//! `kariz … | head`: a reader that goes away early is not an error.

use crate::common::{Env, NOW, USER};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let env = Env::new();
    env.ok(["demo"]);
    let demo = env.demo_db();
    // The activity table is far larger than a pipe buffer, so kariz is
    // still writing when the reader leaves.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("kariz"))
        .args(["--db", demo.to_str().unwrap(), "activity", "list"])
        .env("HOME", env.path("home"))
        .env("XDG_DATA_HOME", env.data_home())
        .env("XDG_CONFIG_HOME", env.config_home())
        .env("KARIZ_NOW", NOW)
        .env("KARIZ_TEST_USER", USER)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kariz");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("read a line");
    assert!(first.contains("SUBJECT"), "{first}");
    // The reader is dropped here, closing the pipe.
    let output = child.wait_with_output().expect("wait for kariz");
    assert!(output.status.success(), "exit {:?}", output.status.code());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
