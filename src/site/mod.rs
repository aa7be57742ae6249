//! The site's views (maud). The same functions render the live server's pages
//! and the static export, so the two never drift. Every link is relative to
//! the page (`root` is `""` at the top level and `"../"` one level down), so
//! the export works on any static host and from `file://`.

mod answer;
mod assess;
mod assessed;
mod compare;
mod form;
mod map;
mod pages;
mod records;

pub use assess::{Outcome, assess_page, query_string};
pub use assessed::{Assessed, Download, assess_fields, form_fields};
pub use compare::{CompareQuery, compare};
pub use form::{AssessForm, FormError, parse_form};
pub use pages::*;
pub use records::{authority, jurisdiction, regime};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::model::{Dataset, LegalStatus, ReviewStatus};

/// The stylesheet and script, from `templates/assets`, served and exported as files
/// (the Content-Security-Policy forbids inline style and script).
pub const STYLE_CSS: &str = include_str!("../../templates/assets/style.css");
pub const APP_JS: &str = include_str!("../../templates/assets/app.js");
/// The static copy's assessment in the browser (with `assets/engine.js`).
pub const OFFLINE_JS: &str = include_str!("../../templates/assets/offline.js");
/// MiniSearch 7.2.0 (MIT), as published on npm (`dist/umd/index.js`,
/// minified with terser; the file's first line says how to redo it): the
/// static site's search ranking, fed the server's boosts and weights.
pub const MINISEARCH_JS: &str = include_str!("../../templates/assets/vendor/minisearch.js");
pub const MINISEARCH_LICENSE: &str =
    include_str!("../../templates/assets/vendor/minisearch.LICENSE.txt");

/// The static copy's policy, as a `<meta>` so it holds on any host and from
/// `file://`: the server's, plus `'wasm-unsafe-eval'` for the assessment
/// engine (WebAssembly compiled from the page's own script, nothing else).
/// `frame-ancestors` cannot be set from a page; a host should send it.
pub const STATIC_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'";

/// Where the pages will be read: a live server answers forms and searches;
/// a static export searches in the browser and, when it carries the engine
/// ([`Site::offline_engine`]), assesses there too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Server,
    Static,
}

/// What every view needs.
#[derive(Clone, Copy)]
pub struct Site<'a> {
    pub data: &'a Dataset,
    pub mode: Mode,
    /// A static copy that carries the WebAssembly assessment engine
    /// (`obligo build --engine`): its assess page answers in the browser.
    pub offline_engine: bool,
}

/// The navigation entry a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Jurisdictions,
    Compare,
    Search,
    Assess,
    About,
    None,
}

/// A page being rendered: its depth decides the relative prefix of links.
pub struct Page<'a> {
    pub site: Site<'a>,
    /// `""` for top-level pages, `"../"` for pages in a folder.
    pub root: &'static str,
    pub nav: Nav,
}

impl Page<'_> {
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.root, path)
    }

    /// The assess page for the form fields in `query`. A static copy keeps
    /// them in the URL fragment, which the browser never sends to a host.
    pub fn assess_link(&self, query: &str) -> String {
        match self.site.mode {
            Mode::Server => self.link(&format!("assess.html?{query}")),
            Mode::Static => self.link(&format!("assess.html#{query}")),
        }
    }
}

/// A URL from the data, only when it is https: anything else is not rendered as a link.
pub fn safe_url(url: &str) -> Option<&str> {
    url.strip_prefix("https://")
        .filter(|rest| !rest.is_empty() && !rest.contains(['"', '<', '>', ' ', '\\']))
        .map(|_| url)
}

/// An external link that opens the official source, or plain text when the URL is not https.
pub fn external(url: &str, label: &str) -> Markup {
    match safe_url(url) {
        Some(u) => html! { a href=(u) rel="noopener noreferrer external" { (label) } },
        None => html! { span { (label) } },
    }
}

pub fn status_badge(status: LegalStatus) -> Markup {
    let class = match status {
        LegalStatus::InForce => "badge in-force",
        LegalStatus::Adopted => "badge adopted",
        LegalStatus::Proposed => "badge proposed",
        LegalStatus::Repealed => "badge repealed",
    };
    html! { span class=(class) { (status.label()) } }
}

pub fn review_badge(status: ReviewStatus) -> Markup {
    let class = match status {
        ReviewStatus::Verified => "badge verified",
        ReviewStatus::Unverified => "badge unverified",
        ReviewStatus::Outdated => "badge outdated",
    };
    html! { span class=(class) title="How far this was checked against the official text" { (status.label()) } }
}

/// The frame of every page: header with navigation and search, the notice,
/// the content and the footer.
pub fn layout(page: &Page<'_>, title: &str, content: Markup) -> Markup {
    let nav = [
        (Nav::Home, "index.html", "Home"),
        (Nav::Jurisdictions, "jurisdictions.html", "Jurisdictions"),
        (Nav::Compare, "compare.html", "Compare"),
        (Nav::Search, "search.html", "Search"),
        (Nav::Assess, "assess.html", "Assess an incident"),
        (Nav::About, "about.html", "About"),
    ];
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · obligo" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href=(page.link("assets/style.css"));
                @if page.site.mode == Mode::Static {
                    meta http-equiv="Content-Security-Policy" content=(STATIC_CONTENT_SECURITY_POLICY);
                    // Only the search page searches (the header's box leads there).
                    @if page.nav == Nav::Search {
                        script src=(page.link("assets/vendor/minisearch.js")) defer {}
                        script src=(page.link("assets/search-index.js")) defer {}
                    }
                    @if page.nav == Nav::Assess && page.site.offline_engine {
                        script src=(page.link("assets/engine.js")) defer {}
                    }
                }
                script src=(page.link("assets/app.js")) defer {}
                @if page.site.mode == Mode::Static && page.nav == Nav::Assess && page.site.offline_engine {
                    script src=(page.link("assets/offline.js")) defer {}
                }
            }
            body data-root=(page.root) data-mode=(if page.site.mode == Mode::Static { "static" } else { "server" }) {
                a class="skip" href="#main" { "Skip to content" }
                header class="top" {
                    div class="wrap top-inner" {
                        a class="brand" href=(page.link("index.html")) { span class="logo" { "ob" } "obligo" }
                        nav aria-label="Main" {
                            ul {
                                @for (which, path, label) in nav {
                                    li {
                                        @if which == page.nav {
                                            a href=(page.link(path)) aria-current="page" { (label) }
                                        } @else {
                                            a href=(page.link(path)) { (label) }
                                        }
                                    }
                                }
                            }
                        }
                        form class="top-search" role="search" action=(page.link("search.html")) method="get" {
                            label class="visually-hidden" for="top-q" { "Search" }
                            input id="top-q" type="search" name="q" placeholder="Search laws, authorities, places…" autocomplete="off";
                        }
                    }
                }
                div class="notice" role="note" {
                    div class="wrap" { strong { "Not legal advice. " } "obligo summarises notification rules to help you find and read them. Check every obligation against its source with counsel." }
                }
                main id="main" class="wrap" {
                    (content)
                }
                footer class="bottom" {
                    div class="wrap" {
                        p {
                            "obligo — a community dataset of breach-notification obligations. "
                            (page.site.data.jurisdictions.len()) " jurisdictions, "
                            (page.site.data.regimes.len()) " regimes, "
                            (page.site.data.rules.len()) " rules. "
                            a href=(page.link("about.html")) { "How the data is curated" } " · "
                            a href=(page.link("data/obligo.json")) { "Dataset (JSON)" }
                            @if page.site.mode == Mode::Server {
                                " · " a href=(page.link("api/v1/openapi.json")) { "API" }
                            }
                        }
                        p class="small" { "Nothing you type here is stored or logged. Software: Apache-2.0. Dataset: " (crate::export::DATA_LICENCE) " (public domain dedication)." }
                    }
                }
            }
        }
    }
}

/// A page for a problem (404, 400): same frame, a clear message, a way on.
pub fn error_page(site: Site<'_>, root: &'static str, title: &str, message: &str) -> Markup {
    let page = Page {
        site,
        root,
        nav: Nav::None,
    };
    layout(
        &page,
        title,
        html! {
            h1 { (title) }
            p class="error-message" { (message) }
            p { a href=(page.link("index.html")) { "Back to the home page" } " or " a href=(page.link("search.html")) { "search" } "." }
        },
    )
}

/// Raw text as a `<script>`-safe JSON value (for the static search index).
pub fn script_json(value: &impl serde::Serialize) -> PreEscaped<String> {
    let json = serde_json::to_string(value).expect("serialisable");
    PreEscaped(json.replace('<', "\\u003c").replace('>', "\\u003e"))
}
