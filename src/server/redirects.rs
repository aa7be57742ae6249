//! Canonical page addresses. People type `/jurisdiction/fr`, paste the
//! API's `/jurisdictions/FR`, or write `/search?q=gdpr`; each such address
//! answers with a permanent redirect to the one page that has the content,
//! so a link in a runbook keeps working and search engines see one URL.

use crate::model::Dataset;
use crate::search::{authority_path, jurisdiction_path, regime_path};

/// Pages whose canonical address ends in `.html`, by their bare name.
const BARE_PAGES: &[&str] = &["jurisdictions", "compare", "search", "about", "assess"];

/// Where `path` should live, if it names a page under another spelling.
/// `None` means the path is either canonical already or names nothing.
pub fn canonical_path(data: &Dataset, path: &str) -> Option<String> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return (path != "/").then(|| "/".to_string());
    }
    let rest = trimmed.strip_prefix('/')?;
    if rest == "index" {
        return Some("/".to_string());
    }
    if BARE_PAGES.contains(&rest) {
        return Some(format!("/{rest}.html"));
    }
    if let Some(page) = BARE_PAGES.iter().find(|p| rest == format!("{p}.html")) {
        // `/search.html/` (trailing slash only).
        return (trimmed != path).then(|| format!("/{page}.html"));
    }
    let (section, name) = rest.split_once('/')?;
    let name = name.strip_suffix(".html").unwrap_or(name);
    if name.is_empty() || name.contains('/') {
        return None;
    }
    let target = match section {
        "jurisdiction" | "jurisdictions" => {
            let upper = name.to_ascii_uppercase();
            let code = data.canonical_code(&upper);
            let j = data.jurisdictions.get(code)?;
            format!("/{}", jurisdiction_path(&j.code))
        }
        "regime" | "regimes" => {
            let r = data.regimes.get(name)?;
            format!("/{}", regime_path(&r.id))
        }
        "authority" | "authorities" => {
            let a = data.authorities.get(name)?;
            format!("/{}", authority_path(&a.id))
        }
        _ => return None,
    };
    (target != path).then_some(target)
}

/// `target` with the request's query string kept, so `/search?q=gdpr`
/// lands on the same results.
pub fn with_query(target: String, query: Option<&str>) -> String {
    match query {
        Some(q) if !q.is_empty() => format!("{target}?{q}"),
        _ => target,
    }
}
