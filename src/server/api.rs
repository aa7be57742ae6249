//! The JSON API (`/api/v1/...`): the dataset's records, search and the
//! assessment, as documented in its OpenAPI document (`openapi.rs`).

use super::*;

pub(super) async fn api_not_found() -> Response {
    api_error(
        StatusCode::NOT_FOUND,
        "no such API endpoint; see /api/v1/openapi.json",
        &[],
    )
}

pub(super) fn json<T: Serialize>(value: &T) -> Response {
    axum::Json(value).into_response()
}

pub(super) async fn api_jurisdictions(State(s): State<Shared>) -> Response {
    let list: Vec<_> = s
        .data
        .jurisdictions
        .values()
        .map(|j| export::jurisdiction(&s.data, j))
        .collect();
    json(&list)
}

pub(super) async fn api_jurisdiction(
    State(s): State<Shared>,
    code: Result<Path<String>, PathRejection>,
) -> Response {
    let code = match code {
        Ok(Path(v)) => v,
        Err(e) => return bad_path(e),
    };
    let code = code.to_ascii_uppercase();
    match s.data.jurisdictions.get(s.data.canonical_code(&code)) {
        Some(j) => json(&export::jurisdiction(&s.data, j)),
        None => api_error(
            StatusCode::NOT_FOUND,
            format!("no jurisdiction `{code}`"),
            &[],
        ),
    }
}

pub(super) async fn api_regimes(State(s): State<Shared>) -> Response {
    let list: Vec<_> = s
        .data
        .regimes
        .values()
        .map(|r| export::regime(&s.data, r))
        .collect();
    json(&list)
}

pub(super) async fn api_regime(
    State(s): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match id {
        Ok(Path(v)) => v,
        Err(e) => return bad_path(e),
    };
    match s.data.regimes.get(&id) {
        Some(r) => json(&export::regime(&s.data, r)),
        None => api_error(StatusCode::NOT_FOUND, format!("no regime `{id}`"), &[]),
    }
}

pub(super) async fn api_rules(State(s): State<Shared>) -> Response {
    let list: Vec<_> = s.data.rules.iter().map(export::rule).collect();
    json(&list)
}

pub(super) async fn api_rule(
    State(s): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match id {
        Ok(Path(id)) => id,
        Err(e) => return bad_path(e),
    };
    match s.data.rules.iter().find(|r| r.id == id) {
        Some(r) => json(&export::rule(r)),
        None => api_error(StatusCode::NOT_FOUND, format!("no rule `{id}`"), &[]),
    }
}

pub(super) async fn api_authorities(State(s): State<Shared>) -> Response {
    let list: Vec<_> = s.data.authorities.values().map(export::authority).collect();
    json(&list)
}

pub(super) async fn api_authority(
    State(s): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match id {
        Ok(Path(v)) => v,
        Err(e) => return bad_path(e),
    };
    match s.data.authorities.get(&id) {
        Some(a) => json(&export::authority(a)),
        None => api_error(StatusCode::NOT_FOUND, format!("no authority `{id}`"), &[]),
    }
}

pub(super) async fn api_search(State(s): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let pairs = pairs(&q);
    if pairs.iter().any(|(k, v)| k == "kind" && v.is_empty()) {
        return api_error(
            StatusCode::BAD_REQUEST,
            "`kind` is empty; use jurisdiction, authority, regime or rule, or leave it out",
            &[],
        );
    }
    let Some(query) = param(&pairs, "q") else {
        return api_error(
            StatusCode::BAD_REQUEST,
            "missing `q`: the words to search for",
            &[],
        );
    };
    match filter_of(&pairs) {
        Ok(filter) => json(&s.search.search(query, &filter)),
        Err(message) => api_error(StatusCode::BAD_REQUEST, message, &[]),
    }
}

pub(super) async fn api_openapi(State(s): State<Shared>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        s.openapi.clone(),
    )
        .into_response()
}

pub(super) async fn api_assess(
    State(s): State<Shared>,
    RawQuery(q): RawQuery,
    request: Request,
) -> Response {
    let pairs = pairs(&q);
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.is_empty() && !content_type.starts_with("application/json") {
        return api_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("the body must be JSON (Content-Type: application/json), not `{content_type}`"),
            &[],
        );
    }
    let body: Bytes = match axum::body::to_bytes(request.into_body(), BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the body is larger than {BODY_LIMIT} bytes; an incident is a few kilobytes"
                ),
                &[],
            );
        }
    };
    let zone = match param(&pairs, "tz").filter(|z| !z.is_empty()) {
        None => None,
        Some(name) => match jiff::tz::TimeZone::get(name) {
            Ok(z) => Some(z),
            Err(_) => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    format!("unknown time zone `{name}`; use an IANA name such as Europe/Berlin"),
                    &[],
                );
            }
        },
    };
    let now = match param(&pairs, "now").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match crate::incident::parse_instant(t) {
            Ok((t, _)) => Some(t),
            Err(m) => return api_error(StatusCode::BAD_REQUEST, format!("now: {m}"), &[]),
        },
    };
    let tlp = match param(&pairs, "tlp").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match Tlp::parse(t) {
            Some(t) => Some(t),
            None => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "unknown TLP marking `{t}`; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED"
                    ),
                    &[],
                );
            }
        },
    };
    off_the_workers(move || assess_body(&s, &body, zone, now, tlp)).await
}

/// The CPU-bound part of `POST /api/v1/assess`: the body to the answer.
pub(super) fn assess_body(
    s: &AppState,
    body: &[u8],
    zone: Option<jiff::tz::TimeZone>,
    now: Option<jiff::Timestamp>,
    tlp: Option<Tlp>,
) -> Response {
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(_) => return api_error(StatusCode::BAD_REQUEST, "the body is not UTF-8", &[]),
    };
    let input = match IncidentInput::from_json(text) {
        Ok(i) => i,
        Err(e) => return api_error(StatusCode::BAD_REQUEST, e.to_string(), &[]),
    };
    let incident = match input.check(&s.data) {
        Ok(i) => i,
        Err(IncidentError::Invalid(problems)) => {
            return api_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("the incident has {} problem(s)", problems.len()),
                &problems,
            );
        }
        Err(e) => return api_error(StatusCode::BAD_REQUEST, e.to_string(), &[]),
    };
    let assessment = engine::assess(&s.data, &incident, now.unwrap_or_else(|| s.now()));
    let document = format::AssessmentDocument::new(&assessment, zone.as_ref(), tlp);
    private(json(&document))
}
