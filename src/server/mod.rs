//! The live site and JSON API (axum). Stateless and read-only: nothing about
//! a request is stored or logged. Hardened for the open internet: body
//! limit, request timeout, header-read timeout against slow clients, panics
//! answered as a 500 page, strict security headers, graceful shutdown.

mod api;
mod openapi;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::Markup;
use schemars::JsonSchema;
use serde::Serialize;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::engine;
use crate::export;
use crate::format::{self, Tlp};
use crate::incident::{IncidentError, IncidentInput, Problem};
use crate::model::Dataset;
use crate::search::{DocKind, Filter, SearchIndex};
use crate::site::{self, Assessed, Download, Mode, Site};

/// Bodies larger than this are refused (an incident is a few kilobytes).
pub const BODY_LIMIT: usize = 1024 * 1024;
/// A request that takes longer is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A client must send its request headers within this time (slowloris).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// In-flight requests get this long to finish on shutdown.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Only scripts and styles from this site; no framing, no inline code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

mod cache;
mod connection;
mod memory;

pub use memory::limit_arenas;
mod redirects;

use api::*;

pub use connection::{IDLE_TIMEOUT, LISTEN_BACKLOG, MAX_CONNECTIONS, listen, serve};

/// What every handler reads: built once at start, never written.
pub struct AppState {
    pub data: Dataset,
    pub search: SearchIndex,
    openapi: String,
    dataset_json: String,
    /// Pages that depend only on the dataset, rendered once.
    pub pages: cache::PageCache,
    /// `obligo serve --now`: every answer as of this instant instead of the
    /// clock's (tabletop exercises; tests that compare answers).
    pub fixed_now: Option<jiff::Timestamp>,
}

impl AppState {
    pub fn new(data: Dataset) -> Result<AppState, crate::search::SearchError> {
        let search = SearchIndex::build(&data)?;
        let openapi = serde_json::to_string_pretty(&openapi::document(&data)).expect("openapi");
        let dataset_json = serde_json::to_string(&export::dataset(&data)).expect("dataset json");
        Ok(AppState {
            data,
            search,
            openapi,
            dataset_json,
            pages: cache::PageCache::default(),
            fixed_now: None,
        })
    }

    fn now(&self) -> jiff::Timestamp {
        self.fixed_now.unwrap_or_else(jiff::Timestamp::now)
    }

    fn site(&self) -> Site<'_> {
        Site {
            data: &self.data,
            mode: Mode::Server,
            offline_engine: false,
        }
    }
}

type Shared = Arc<AppState>;

/// An API error: a message a client can act on, and the incident's problems.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ApiError {
    pub error: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub problems: Vec<ProblemRecord>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ProblemRecord {
    pub field: String,
    pub message: String,
}

/// A path parameter that is not valid (e.g. not UTF-8): the documented JSON error.
fn bad_path(e: PathRejection) -> Response {
    api_error(StatusCode::BAD_REQUEST, format!("bad path: {e}"), &[])
}

fn api_error(status: StatusCode, error: impl Into<String>, problems: &[Problem]) -> Response {
    let body = ApiError {
        error: error.into(),
        problems: problems
            .iter()
            .map(|p| ProblemRecord {
                field: p.field.clone(),
                message: p.message.clone(),
            })
            .collect(),
    };
    (status, axum::Json(body)).into_response()
}

fn page(markup: Markup) -> Response {
    Html(markup.into_string()).into_response()
}

fn html_error(state: &AppState, status: StatusCode, title: &str, message: &str) -> Response {
    let root = "";
    (
        status,
        Html(site::error_page(state.site(), root, title, message).into_string()),
    )
        .into_response()
}

fn not_found(state: &AppState, what: &str) -> Response {
    html_error(
        state,
        StatusCode::NOT_FOUND,
        "Not found",
        &format!("There is no {what} here. Try the search."),
    )
}

/// Query pairs, decoded leniently (a malformed escape never fails the request).
fn pairs(query: &Option<String>) -> Vec<(String, String)> {
    query.as_deref().map(site::form_fields).unwrap_or_default()
}

fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The whole application: every route, with the protective layers.
pub fn router(state: AppState) -> Router {
    harden(routes().with_state(Arc::new(state)))
}

/// Every route, before the protective layers (tests add their own routes here).
pub fn routes() -> Router<Arc<AppState>> {
    let api = Router::new()
        .route("/jurisdictions", get(api_jurisdictions))
        .route("/jurisdictions/{code}", get(api_jurisdiction))
        .route("/regimes", get(api_regimes))
        .route("/regimes/{id}", get(api_regime))
        .route("/rules", get(api_rules))
        .route("/rules/{id}", get(api_rule))
        .route("/authorities", get(api_authorities))
        .route("/authorities/{id}", get(api_authority))
        .route("/search", get(api_search))
        .route("/assess", axum::routing::post(api_assess))
        .route("/openapi.json", get(api_openapi))
        .fallback(api_not_found);
    Router::new()
        .route("/", get(home))
        .route("/index.html", get(home))
        .route("/jurisdictions.html", get(jurisdictions))
        .route("/jurisdiction/{file}", get(jurisdiction))
        .route("/regime/{file}", get(regime))
        .route("/authority/{file}", get(authority))
        .route("/compare.html", get(compare))
        .route("/search.html", get(search))
        .route("/about.html", get(about))
        .route("/assess.html", get(assess_html))
        .route("/assess.md", get(assess_markdown))
        .route("/assess.json", get(assess_json))
        .route("/assess.ics", get(assess_ics))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .route("/data/obligo.json", get(dataset_json))
        .route("/healthz", get(healthz))
        .nest("/api/v1", api)
        .fallback(fallback)
}

/// The layers every response goes through: compression, timeout, body
/// limit, security headers, and a panic turned into a 500 page.
pub fn harden(app: Router) -> Router {
    app.layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(refuse_declared_oversize))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CatchPanicLayer::custom(panic_response))
}

/// A body declared larger than the limit is refused from its header, at
/// once: without waiting for bytes that may never come, and without the
/// "100 Continue" that would invite them.
async fn refuse_declared_oversize(request: Request, next: axum::middleware::Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return api_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {BODY_LIMIT} bytes; an incident is a few kilobytes"),
            &[],
        );
    }
    next.run(request).await
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Server error · obligo</title></head><body><h1>Something went wrong on our side</h1><p>The request failed; nothing about it was stored. Please try again, and report the problem if it persists.</p></body></html>";
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, Html(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    response
}

/// A page that depends only on the dataset, from the cache.
fn cached(
    s: &AppState,
    key: &str,
    headers: &HeaderMap,
    render: impl FnOnce() -> Markup,
) -> Response {
    s.pages
        .get_or_render(key, || render().into_string())
        .respond(headers)
}

async fn home(State(s): State<Shared>, headers: HeaderMap) -> Response {
    cached(&s, "home", &headers, || site::home(s.site()))
}

async fn jurisdictions(State(s): State<Shared>, headers: HeaderMap) -> Response {
    cached(&s, "jurisdictions", &headers, || {
        site::jurisdictions(s.site())
    })
}

/// `de.html` → `DE`; `us-ca.html` → `US-CA`.
fn stem(file: &str) -> Option<&str> {
    file.strip_suffix(".html")
}

async fn jurisdiction(
    State(s): State<Shared>,
    Path(file): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    // Served only at its one address (`/jurisdiction/de.html`); other
    // spellings (`DE.html`, `uk.html`, `de`) redirect there.
    let found = stem(&file).and_then(|c| s.data.jurisdictions.get(&c.to_ascii_uppercase()));
    match found.filter(|j| {
        uri.path().strip_prefix('/') == Some(&crate::search::jurisdiction_path(&j.code))
    }) {
        Some(j) => cached(&s, &format!("jurisdiction/{}", j.code), &headers, || {
            site::jurisdiction(s.site(), j)
        }),
        None => redirect_or_not_found(&s, &uri, "jurisdiction"),
    }
}

async fn regime(
    State(s): State<Shared>,
    Path(file): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    match stem(&file).and_then(|id| s.data.regimes.get(id)) {
        Some(r) => cached(&s, &format!("regime/{}", r.id), &headers, || {
            site::regime(s.site(), r)
        }),
        None => redirect_or_not_found(&s, &uri, "regime"),
    }
}

async fn authority(
    State(s): State<Shared>,
    Path(file): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    match stem(&file).and_then(|id| s.data.authorities.get(id)) {
        Some(a) => cached(&s, &format!("authority/{}", a.id), &headers, || {
            site::authority(s.site(), a)
        }),
        None => redirect_or_not_found(&s, &uri, "authority"),
    }
}

/// A 308 to the canonical address of what `uri` names under another
/// spelling (`/jurisdiction/fr`, `/search?q=gdpr`), or the 404 page.
fn redirect_or_not_found(s: &AppState, uri: &Uri, what: &str) -> Response {
    let target = redirects::canonical_path(&s.data, uri.path())
        .map(|path| redirects::with_query(path, uri.query()));
    match target.and_then(|t| HeaderValue::from_str(&t).ok()) {
        Some(location) => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        None => not_found(s, what),
    }
}

async fn compare(State(s): State<Shared>, RawQuery(q): RawQuery, headers: HeaderMap) -> Response {
    let query = site::CompareQuery::parse(&s.data, &pairs(&q));
    // Only the unfiltered page is the same for everyone; a selection is
    // rendered per request (its combinations are unbounded).
    if q.as_deref().is_none_or(str::is_empty) {
        return cached(&s, "compare", &headers, || {
            site::compare(s.site(), &site::CompareQuery::default())
        });
    }
    let status = if query.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    (status, page(site::compare(s.site(), &query))).into_response()
}

fn filter_of(pairs: &[(String, String)]) -> Result<Filter, String> {
    let kind = match param(pairs, "kind").filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(DocKind::parse(k).ok_or_else(|| {
            format!("unknown kind `{k}`; use jurisdiction, authority, regime or rule")
        })?),
    };
    Ok(Filter {
        kind,
        jurisdiction: param(pairs, "j")
            .filter(|j| !j.is_empty())
            .map(str::to_string),
    })
}

async fn search(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let pairs = pairs(&q);
    let query = param(&pairs, "q").unwrap_or("");
    // A bad facet is ignored on the page: the results without it still help.
    let filter = filter_of(&pairs).unwrap_or_default();
    let results = (!query.trim().is_empty()).then(|| s.search.search(query, &filter));
    page(site::search_page(
        s.site(),
        query,
        &filter,
        results.as_ref(),
    ))
}

async fn about(State(s): State<Shared>) -> Response {
    page(site::about(s.site()))
}

/// The form's outcome, or the page saying it could not be read.
fn assess_form(state: &AppState, pairs: &[(String, String)]) -> Result<Assessed, Box<Response>> {
    site::assess_fields(&state.data, pairs, state.now()).map_err(|e| {
        Box::new(html_error(
            state,
            StatusCode::BAD_REQUEST,
            "The form could not be read",
            &e.to_string(),
        ))
    })
}

/// Pages that show an incident must not be cached by anyone in between.
fn private(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// At most this many incidents are checked and assessed at once, on the
/// blocking pool: CPU-bound work never holds up the async workers that
/// answer health checks and pages.
const ASSESS_SLOTS: usize = 4;

/// Runs CPU-bound work (parsing, checking and assessing an incident, and
/// rendering the answer) off the async workers, a bounded number at a time.
async fn off_the_workers(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(ASSESS_SLOTS);
    let Ok(_slot) = SLOTS.acquire().await else {
        return api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
            &[],
        );
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(response) => {
            memory::note_work();
            response
        }
        Err(_) => panic_response(Box::new("assessment task failed")),
    }
}

async fn assess_html(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    off_the_workers(move || assess_html_now(&s, &q)).await
}

fn assess_html_now(s: &AppState, q: &Option<String>) -> Response {
    let pairs = pairs(q);
    let response = match assess_form(s, &pairs) {
        Err(r) => *r,
        Ok(assessed) => {
            let status = match assessed {
                Assessed::Problems(..) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::OK,
            };
            (status, page(assessed.page(s.site(), &pairs))).into_response()
        }
    };
    private(response)
}

fn download(s: &AppState, q: &Option<String>, format: Download) -> Response {
    let pairs = pairs(q);
    let response = match assess_form(s, &pairs) {
        Err(r) => *r,
        Ok(Assessed::Blank(_)) => api_error(
            StatusCode::BAD_REQUEST,
            "no incident: give at least `aware` and the parties",
            &[],
        ),
        Ok(Assessed::Problems(_, problems)) => api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the incident has problems",
            &problems,
        ),
        Ok(Assessed::Answer(form, assessment, zone)) => (
            [(header::CONTENT_TYPE, format.content_type())],
            format.render(&assessment, &zone, form.tlp),
        )
            .into_response(),
    };
    private(response)
}

async fn assess_markdown(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    off_the_workers(move || download(&s, &q, Download::Markdown)).await
}

async fn assess_json(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    off_the_workers(move || download(&s, &q, Download::Json)).await
}

async fn assess_ics(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    off_the_workers(move || download(&s, &q, Download::Calendar)).await
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", site::STYLE_CSS)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", site::APP_JS)
}

async fn dataset_json(State(s): State<Shared>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        s.dataset_json.clone(),
    )
        .into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn fallback(State(s): State<Shared>, uri: Uri) -> Response {
    redirect_or_not_found(&s, &uri, "page")
}
