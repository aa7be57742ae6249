//! Rebuild when the dataset changes: it is embedded with `include_dir!`,
//! which cargo does not track on its own. Tell the browser test whether its
//! tools are here, so that without them `cargo test` reports it as ignored
//! (with the reason) rather than as passed; under `CI` it is never ignored,
//! so a CI machine without them fails. And for the WebAssembly engine
//! (`tools/wasm/build.sh`), write the copy of the data files with comment
//! lines blanked that `load` embeds on that target (see
//! src/load/comment_lines.rs for why).

use std::path::{Path, PathBuf};

#[path = "src/load/comment_lines.rs"]
mod comment_lines;

fn main() {
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=src/load/comment_lines.rs");
    println!("cargo:rerun-if-changed=tests/e2e/node_modules");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=CHROMIUM");
    println!("cargo:rustc-check-cfg=cfg(browser_tools_missing)");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        write_blanked_data();
        return;
    }
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let present = Path::new(&chromium).is_file()
        && Path::new("tests/e2e/node_modules/playwright-core").is_dir()
        && node;
    if !present && std::env::var_os("CI").is_none() {
        println!("cargo:rustc-cfg=browser_tools_missing");
    }
}

fn write_blanked_data() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("data");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("jurisdictions")).expect("creating OUT_DIR/data");
    copy_blanked(Path::new("data/taxonomy.toml"), &out.join("taxonomy.toml"));
    for entry in std::fs::read_dir("data/jurisdictions").expect("reading data/jurisdictions") {
        let path = entry.expect("a data file").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().expect("a file name");
            copy_blanked(&path, &out.join("jurisdictions").join(name));
        }
    }
}

fn copy_blanked(from: &Path, to: &Path) {
    let text = std::fs::read_to_string(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    let mut blanked = String::with_capacity(text.len());
    for line in comment_lines::without_comment_lines(&text) {
        blanked.push_str(line);
        blanked.push('\n');
    }
    std::fs::write(to, blanked).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
}
