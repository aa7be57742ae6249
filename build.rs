//! Rebuild when the dataset changes: it is embedded with `include_dir!`,
//! which cargo does not track on its own.
fn main() {
    println!("cargo:rerun-if-changed=data");
}
