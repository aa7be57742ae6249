//! The site in a real browser (headless Chromium driven by Playwright, see
//! tests/e2e/site.mjs): search from the home page, the incident form and its
//! timeline, the permalink, and search in the static export from `file://`.
//! And the static export's own assessment (tests/e2e/offline.mjs): the
//! engine built for WebAssembly must answer as the server does.
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

/// Whether the browser tools are here; in CI their absence is a failure.
/// (build.rs already marks the tests ignored when they are missing locally.)
fn tools_are_here(test: &str) -> bool {
    let missing = missing_tools();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the {test} cannot run in CI without: {missing:?}"
        );
        eprintln!("skipping the {test}; missing: {missing:?}");
    }
    missing.is_empty()
}

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Chromium, Node.js and `npm ci` in tests/e2e (see the README)"
)]
fn the_site_works_in_a_real_browser() {
    if !tools_are_here("browser test") {
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

/// The most the static assess page may download, gzipped: the engine with
/// the world dataset, the page, the stylesheet and the script.
const OFFLINE_ASSESS_BUDGET: usize = 1_500_000;

fn gzipped(path: &Path) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&std::fs::read(path).unwrap()).unwrap();
    gz.finish().unwrap().len()
}

#[test]
#[cfg_attr(
    browser_tools_missing,
    ignore = "needs Chromium, Node.js and `npm ci` in tests/e2e (see the README)"
)]
fn the_static_site_assesses_as_the_server_does() {
    if !tools_are_here("offline assessment test") {
        return;
    }
    // The engine, built from this checkout as a user would (the script adds
    // the wasm32 target with rustup when it is missing).
    let built = Command::new("bash")
        .arg("tools/wasm/build.sh")
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "tools/wasm/build.sh failed:\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let engine_path = String::from_utf8(built.stdout).unwrap();
    let engine = std::fs::read(engine_path.trim()).unwrap();

    let data = obligo::load::embedded().unwrap();
    let out = std::env::temp_dir().join(format!("obligo-offline-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    obligo::export::static_site::build(&data, &out, Some(&engine)).unwrap();
    let download: usize = [
        "assess.html",
        "assets/engine.js",
        "assets/style.css",
        "assets/app.js",
        "assets/offline.js",
    ]
    .iter()
    .map(|file| gzipped(&out.join(file)))
    .sum();
    println!("the static assess page downloads {download} bytes gzipped");
    assert!(
        download <= OFFLINE_ASSESS_BUDGET,
        "the static assess page downloads {download} bytes gzipped, over {OFFLINE_ASSESS_BUDGET}"
    );

    const NOW: &str = "2026-03-08T09:15:00Z";
    let (mut server, addr, _stderr) = common::spawn_server_with(&["--now", NOW]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../e2e-screenshots");
    let result = Command::new("node")
        .arg("tests/e2e/offline.mjs")
        .arg(format!("http://{addr}"))
        .arg(&out)
        .arg(NOW)
        .arg(&shots)
        .env("CHROMIUM", chromium())
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&out);
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    println!("{stdout}");
    assert!(result.status.success(), "{stdout}\n{stderr}");
}
