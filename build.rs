//! Rebuild when the dataset changes: it is embedded with `include_dir!`,
//! which cargo does not track on its own. And tell the browser test whether
//! its tools are here, so that without them `cargo test` reports it as
//! ignored (with the reason) rather than as passed; under `CI` it is never
//! ignored, so a CI machine without them fails.
fn main() {
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=tests/e2e/node_modules");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=CHROMIUM");
    println!("cargo:rustc-check-cfg=cfg(browser_tools_missing)");
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let present = std::path::Path::new(&chromium).is_file()
        && std::path::Path::new("tests/e2e/node_modules/playwright-core").is_dir()
        && node;
    if !present && std::env::var_os("CI").is_none() {
        println!("cargo:rustc-cfg=browser_tools_missing");
    }
}
