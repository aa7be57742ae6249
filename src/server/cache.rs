//! Pages that depend only on the dataset (home, jurisdictions, regimes,
//! authorities, compare without a selection) are rendered once, on their
//! first request, and kept in memory with precompressed gzip and brotli
//! bodies and a strong `ETag`, so they are served at static-file speed and
//! a revalidation costs a `304`. The cache holds at most one entry per page
//! of the dataset: only known pages are ever inserted.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One rendered page in every encoding a client may ask for.
pub struct CachedPage {
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    etag: HeaderValue,
}

impl CachedPage {
    fn new(html: String) -> CachedPage {
        let identity = Bytes::from(html);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        identity.hash(&mut hasher);
        let etag =
            HeaderValue::from_str(&format!("\"{:016x}-{}\"", hasher.finish(), identity.len()))
                .expect("an ETag of hex digits is a valid header");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        let gzip = gz
            .write_all(&identity)
            .and_then(|()| gz.finish())
            .map(Bytes::from)
            .unwrap_or_default();
        let mut br = Vec::new();
        let brotli = {
            let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 6, 22);
            let ok = writer.write_all(&identity).is_ok();
            drop(writer);
            if ok { Bytes::from(br) } else { Bytes::new() }
        };
        CachedPage {
            identity,
            gzip,
            brotli,
            etag,
        }
    }

    /// The response for a request with these headers: `304` when the client
    /// already has this version, else the best encoding it accepts.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let matches = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| {
                tags.split(',')
                    .map(|t| t.trim().trim_start_matches("W/"))
                    .any(|t| t == "*" || t.as_bytes() == self.etag.as_bytes())
            });
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        if matches {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        let accepts = |coding: &str| {
            request
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|list| {
                    list.split(',').any(|item| {
                        let mut parts = item.trim().split(';');
                        let name = parts.next().unwrap_or("").trim();
                        let refused = parts.any(|p| {
                            p.trim()
                                .strip_prefix("q=")
                                .and_then(|q| q.trim().parse::<f32>().ok())
                                == Some(0.0)
                        });
                        name.eq_ignore_ascii_case(coding) && !refused
                    })
                })
        };
        let (body, coding) = if accepts("br") && !self.brotli.is_empty() {
            (self.brotli.clone(), Some("br"))
        } else if accepts("gzip") && !self.gzip.is_empty() {
            (self.gzip.clone(), Some("gzip"))
        } else {
            (self.identity.clone(), None)
        };
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        (StatusCode::OK, headers, body).into_response()
    }
}

/// Rendered pages by key (`jurisdiction/DE`, `home`).
#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<CachedPage>>>,
}

impl PageCache {
    /// The page under `key`, rendering it with `render` the first time.
    pub fn get_or_render(&self, key: &str, render: impl FnOnce() -> String) -> Arc<CachedPage> {
        if let Some(page) = self.pages.read().ok().and_then(|p| p.get(key).cloned()) {
            return page;
        }
        let page = Arc::new(CachedPage::new(render()));
        if let Ok(mut pages) = self.pages.write() {
            pages.entry(key.to_string()).or_insert_with(|| page.clone());
        }
        page
    }

    pub fn len(&self) -> usize {
        self.pages.read().map(|p| p.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
