//! The site in a real browser (headless Chromium driven by Playwright, see
//! tests/e2e/site.mjs): search from the home page, the incident form and its
//! timeline, the permalink, and search in the static export from `file://`.
//! Fails on any console error. Screenshots land in target/e2e-screenshots.
//!
//! Needs Node.js, `npm ci` in tests/e2e and Debian's `chromium` (`.ci/run`
//! installs them). Without them the test is reported as ignored locally
//! (build.rs looks for them) and fails in CI.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    if !Path::new("tests/e2e/node_modules/playwright-core").is_dir() {
        missing.push("tests/e2e/node_modules (run `npm ci` in tests/e2e)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("Node.js".into());
    }
    missing
}

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Chromium, Node.js and `npm ci` in tests/e2e (see the README)"
)]
fn the_site_works_in_a_real_browser() {
    let missing = missing_tools();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser test cannot run in CI without: {missing:?}"
        );
        eprintln!("skipping the browser test; missing: {missing:?}");
        return;
    }
    let data = obligo::load::embedded().unwrap();
    let out = std::env::temp_dir().join(format!("obligo-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    obligo::export::static_site::build(&data, &out, None).unwrap();

    let (mut server, addr, _stderr) = common::spawn_server();
    let url = format!("http://{addr}");

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../e2e-screenshots");
    let result = Command::new("node")
        .arg("tests/e2e/site.mjs")
        .arg(&url)
        .arg(&out)
        .arg(&shots)
        .env("CHROMIUM", chromium())
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    println!("{stdout}");
    assert!(result.status.success(), "{stdout}\n{stderr}");
}
