//! The static site's assessment engine: this library's engine and answer
//! views, compiled to WebAssembly by `tools/wasm/build.sh` with the dataset
//! embedded as in the binary. `templates/assets/app.js` calls it with the
//! incident from the page's URL fragment and the browser's clock as `now`,
//! so nothing about the incident leaves the machine.
//!
//! Plain exports over linear memory, no generated glue: the script asks
//! [`obligo_alloc`] for a buffer, writes the UTF-8 input into it and passes
//! it on (the callee frees it); a result is returned as `pointer << 32 |
//! length` and stays valid until the next call.

use std::cell::RefCell;
use std::sync::OnceLock;

use jiff::Timestamp;

use crate::model::Dataset;
use crate::site::{self, Assessed, Download, Mode, Site};

thread_local! {
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn dataset() -> Result<&'static Dataset, &'static str> {
    static DATA: OnceLock<Result<Dataset, String>> = OnceLock::new();
    DATA.get_or_init(|| {
        crate::load::embedded().map_err(|d| format!("the embedded dataset is invalid: {d}"))
    })
    .as_ref()
    .map_err(String::as_str)
}

/// Keeps `text` as the current result and returns where it is.
fn output(text: String) -> u64 {
    OUTPUT.with(|out| {
        let mut out = out.borrow_mut();
        *out = text.into_bytes();
        ((out.as_ptr() as u64) << 32) | out.len() as u64
    })
}

/// Takes back a buffer the script filled; text that is not UTF-8 is replaced.
///
/// # Safety
/// `ptr` and `len` must come from one [`obligo_alloc`] call, used once.
unsafe fn input(ptr: *mut u8, len: usize) -> String {
    // SAFETY: the caller passes a boxed slice `obligo_alloc` made with this length.
    let bytes = unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) }.into_vec();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn fields(fragment: &str) -> Vec<(String, String)> {
    site::form_fields(fragment.trim_start_matches('#'))
}

fn site(data: &Dataset) -> Site<'_> {
    Site {
        data,
        mode: Mode::Static,
        offline_engine: true,
    }
}

/// A buffer of `len` bytes for the script to write an input into.
#[unsafe(no_mangle)]
pub extern "C" fn obligo_alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast::<u8>()
}

/// The dataset's digest, to check against the page's: an engine built
/// from other data must not answer for this copy.
#[unsafe(no_mangle)]
pub extern "C" fn obligo_digest() -> u64 {
    output(match dataset() {
        Ok(data) => data.digest.clone(),
        Err(e) => format!("error: {e}"),
    })
}

/// The whole assess page for the form fields in `fragment`, as of
/// `now_ms` (milliseconds since the Unix epoch).
///
/// # Safety
/// `ptr` and `len` must come from one [`obligo_alloc`] call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn obligo_assess_page(ptr: *mut u8, len: usize, now_ms: f64) -> u64 {
    // SAFETY: forwarded from the caller.
    let fragment = unsafe { input(ptr, len) };
    output(assess_page(&fragment, now_ms))
}

fn now(now_ms: f64) -> Timestamp {
    Timestamp::from_millisecond(now_ms as i64).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn assess_page(fragment: &str, now_ms: f64) -> String {
    let data = match dataset() {
        Ok(d) => d,
        Err(e) => return format!("error: {e}"),
    };
    let pairs = fields(fragment);
    match site::assess_fields(data, &pairs, now(now_ms)) {
        Ok(assessed) => assessed.page(site(data), &pairs).into_string(),
        Err(e) => site::error_page(site(data), "", "The form could not be read", &e.to_string())
            .into_string(),
    }
}

/// One of the answer's downloads (`md`, `json`, `ics`) for the fields in
/// `fragment`; the text starts with `error: ` when there is no answer.
///
/// # Safety
/// `ptr` and `len` must come from one [`obligo_alloc`] call, and
/// `format_ptr`, `format_len` from another.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn obligo_download(
    format_ptr: *mut u8,
    format_len: usize,
    ptr: *mut u8,
    len: usize,
    now_ms: f64,
) -> u64 {
    // SAFETY: forwarded from the caller.
    let (format, fragment) = unsafe { (input(format_ptr, format_len), input(ptr, len)) };
    output(download(&format, &fragment, now_ms))
}

fn download(format: &str, fragment: &str, now_ms: f64) -> String {
    let Some(format) = Download::from_extension(format) else {
        return format!("error: no download format `{format}`");
    };
    let data = match dataset() {
        Ok(d) => d,
        Err(e) => return format!("error: {e}"),
    };
    match site::assess_fields(data, &fields(fragment), now(now_ms)) {
        Ok(Assessed::Answer(form, assessment, zone)) => format.render(&assessment, &zone, form.tlp),
        Ok(Assessed::Blank(_)) => {
            "error: no incident: give at least `aware` and the parties".into()
        }
        Ok(Assessed::Problems(_, problems)) => format!(
            "error: the incident has problems: {}",
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Err(e) => format!("error: {e}"),
    }
}
