//! One jurisdiction file, checked with the real taxonomy and the EU and
//! EEA files it may refer to: it loads or gets diagnostics, never a panic.
#![no_main]

use obligo::load::{self, LoadOptions, SourceFile};

fn base() -> Vec<SourceFile> {
    load::embedded_files()
        .into_iter()
        .filter(|f| {
            matches!(
                f.relative.as_str(),
                "taxonomy.toml" | "jurisdictions/eu.toml" | "jurisdictions/eea.toml"
            )
        })
        .collect()
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut files = base();
    files.push(SourceFile {
        relative: "jurisdictions/xx.toml".into(),
        display: "xx.toml".into(),
        text: String::from_utf8_lossy(bytes).into_owned(),
    });
    if let Err(problems) = load::load(&files, LoadOptions::default()) {
        for p in &problems.0 {
            let _ = p.to_string();
        }
    }
});
