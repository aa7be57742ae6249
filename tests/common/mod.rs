//! Helpers shared by the integration tests.

use std::io::Read;
use std::net::SocketAddr;
use std::process::{Child, ChildStderr, Command, Stdio};

/// The real `obligo serve` on a free loopback port: the child, its address
/// (read from the startup line) and the rest of its stderr.
pub fn spawn_server() -> (Child, SocketAddr, ChildStderr) {
    spawn_server_with(&[])
}

/// `obligo serve` with more arguments (e.g. `--now`).
#[allow(
    dead_code,
    reason = "each test binary compiles this module; not all use it"
)]
pub fn spawn_server_with(args: &[&str]) -> (Child, SocketAddr, ChildStderr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_obligo"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the obligo binary starts");
    let mut stderr = child.stderr.take().unwrap();
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while stderr.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    let line = String::from_utf8(line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no address in the startup line {line:?}"));
    (child, addr, stderr)
}
