//! The live site and API against a real server on a loopback port: every
//! route, the security headers, hostile input, slow clients, panics, and
//! graceful shutdown of the real binary.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::routing::get;
use obligo::server::{self, AppState};

mod common;

/// One server per test binary, with an extra route that panics.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let data = obligo::load::embedded().unwrap();
                let state = std::sync::Arc::new(AppState::new(data).unwrap());
                let app = server::harden(
                    server::routes()
                        .route(
                            "/test-panic",
                            get(|| async {
                                if std::hint::black_box(true) {
                                    panic!("a handler bug");
                                }
                                "unreachable"
                            }),
                        )
                        .route(
                            "/test-slow",
                            get(|| async {
                                tokio::time::sleep(Duration::from_secs(60)).await;
                                "too late"
                            }),
                        )
                        .with_state(state),
                );
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                server::serve(listener, app).await.unwrap();
            });
        });
        rx.recv().unwrap()
    })
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// A minimal HTTP/1.1 client: one request per connection.
fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let mut stream = TcpStream::connect(server()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading a large body; that is fine.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16)
                .unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            rest = &rest[line_end + 2 + size + 2..];
        }
        body = out;
    }
    Response {
        status,
        headers,
        body,
    }
}

fn get_path(path: &str) -> Response {
    request("GET", path, &[], b"")
}

fn post_json(path: &str, body: &str) -> Response {
    request(
        "POST",
        path,
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

const PAGES: &[(&str, &str)] = &[
    ("/", "Who must notify whom"),
    ("/index.html", "Coverage at a glance"),
    ("/jurisdictions.html", "California"),
    (
        "/jurisdiction/de.html",
        "Federal Office for Information Security",
    ),
    ("/jurisdiction/us-ca.html", "California Attorney General"),
    ("/regime/gdpr.html", "Art. 33"),
    ("/authority/de-bsi.html", "Rules that notify it"),
    ("/compare.html?j=DE&j=FR", "Compare jurisdictions"),
    ("/search.html?q=Germny", "jurisdiction/de.html"),
    ("/about.html", "How the engine decides"),
    ("/assess.html", "Became aware"),
];

#[test]
fn every_page_answers_with_its_content_and_the_notice() {
    for (path, needle) in PAGES {
        let r = get_path(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        let html = r.text();
        assert!(html.contains(needle), "{path} lacks {needle:?}");
        assert!(html.contains("Not legal advice"), "{path} lacks the notice");
    }
}

#[test]
fn pages_have_no_inline_code_and_only_https_links_from_the_data() {
    for (path, _) in PAGES {
        let html = get_path(path).text();
        assert!(!html.contains("<style"), "{path}: inline style element");
        assert!(!html.contains(" style="), "{path}: inline style attribute");
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{path}: inline script {tag}");
        }
        assert!(!html.contains("href=\"http://"), "{path}: plain http link");
        for (i, _) in html.match_indices(" on") {
            let name: String = html[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            let is_attribute = html[i + 1 + name.len()..].starts_with('=');
            assert!(!is_attribute, "{path}: event handler attribute {name}");
        }
    }
}

#[test]
fn every_response_carries_the_security_headers() {
    for path in [
        "/",
        "/assets/app.js",
        "/api/v1/jurisdictions/DE",
        "/no-such-page",
        "/api/v1/nope",
        "/healthz",
    ] {
        let r = get_path(path);
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("script-src 'self'")
                && csp.contains("style-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{path}");
        assert!(r.header("set-cookie").is_none(), "{path} sets a cookie");
    }
}

#[test]
fn unknown_pages_are_404_html_and_unknown_api_paths_404_json() {
    let r = get_path("/jurisdiction/zz.html");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("Not found"));
    let r = get_path("/api/v1/regimes/no-such-regime");
    assert_eq!(r.status, 404);
    assert!(
        r.json()["error"]
            .as_str()
            .unwrap()
            .contains("no-such-regime")
    );
}

#[test]
fn other_spellings_of_a_page_redirect_to_its_one_address() {
    for (asked, canonical) in [
        ("/jurisdiction/fr", "/jurisdiction/fr.html"),
        ("/jurisdiction/FR.html", "/jurisdiction/fr.html"),
        ("/jurisdiction/uk.html", "/jurisdiction/gb.html"),
        ("/jurisdictions/US-CA", "/jurisdiction/us-ca.html"),
        ("/jurisdiction/fr.html/", "/jurisdiction/fr.html"),
        ("/regime/gdpr", "/regime/gdpr.html"),
        ("/regimes/gdpr", "/regime/gdpr.html"),
        ("/jurisdictions", "/jurisdictions.html"),
        ("/jurisdictions/", "/jurisdictions.html"),
        ("/about", "/about.html"),
        ("/index", "/"),
        ("/search?q=gdpr", "/search.html?q=gdpr"),
        ("/compare?j=FR&j=DE", "/compare.html?j=FR&j=DE"),
    ] {
        let r = get_path(asked);
        assert_eq!(r.status, 308, "{asked}");
        assert_eq!(r.header("location"), Some(canonical), "{asked}");
        assert_eq!(get_path(canonical).status, 200, "{canonical}");
    }
    // A name that is nothing stays a 404, and a canonical page is served as is.
    for missing in ["/jurisdiction/zz", "/regime/no-such-regime", "/nowhere"] {
        assert_eq!(get_path(missing).status, 404, "{missing}");
    }
    assert_eq!(get_path("/jurisdiction/fr.html").status, 200);
}

#[test]
fn the_api_lists_and_finds_every_kind_of_record() {
    let data = obligo::load::embedded().unwrap();
    for (list, count) in [
        ("jurisdictions", data.jurisdictions.len()),
        ("regimes", data.regimes.len()),
        ("rules", data.rules.len()),
        ("authorities", data.authorities.len()),
    ] {
        let r = get_path(&format!("/api/v1/{list}"));
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.json().as_array().unwrap().len(), count, "{list}");
    }
    let de = get_path("/api/v1/jurisdictions/de").json();
    assert_eq!(de["code"], "DE");
    assert!(
        de["subdivisions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "DE-BE")
    );
    let uk = get_path("/api/v1/jurisdictions/UK").json();
    assert_eq!(uk["code"], "GB", "aliases resolve");
    let gdpr = get_path("/api/v1/regimes/gdpr").json();
    assert!(gdpr["source"].as_str().unwrap().starts_with("https://"));
    let rule = get_path("/api/v1/rules/gdpr-art33-processor").json();
    assert_eq!(rule["obligations"][0]["recipient"], "customer");
    let bsi = get_path("/api/v1/authorities/de-bsi").json();
    assert_eq!(bsi["jurisdiction"], "DE");
}

#[test]
fn search_tolerates_typos_prefixes_and_stray_syntax() {
    for (q, expect) in [
        ("Germny", "DE"),
        ("calfornia", "US-CA"),
        ("calif", "US-CA"),
        ("Deutschland", "DE"),
    ] {
        let r = get_path(&format!("/api/v1/search?q={q}"));
        assert_eq!(r.status, 200);
        let v = r.json();
        assert_eq!(v["hits"][0]["jurisdiction"], expect, "{q}: {v}");
    }
    for q in [
        "%2272%20hours",
        "AND%20OR",
        "%28%29%5B%5D%7B%7D%3A%5E~",
        "%22",
    ] {
        let r = get_path(&format!("/api/v1/search?q={q}"));
        assert_eq!(r.status, 200, "{q}");
        let page = get_path(&format!("/search.html?q={q}"));
        assert_eq!(page.status, 200, "{q}");
    }
    let v = get_path("/api/v1/search?q=calif&kind=regime").json();
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["kind"] == "regime")
    );
    assert_eq!(get_path("/api/v1/search?q=x&kind=planet").status, 400);
    assert_eq!(get_path("/api/v1/search").status, 400);
}

#[test]
fn search_ranks_the_laws_that_reach_most_people_first() {
    // ~150 rules say "72 hours"; GDPR Art. 33 (reaching every EU member)
    // must come before one country's copy of the same words. Synonyms:
    // "72 h" finds the same, and "hhs" finds HIPAA.
    let top = |q: &str, n: usize| -> Vec<String> {
        let v = get_path(&format!("/api/v1/search?q={q}&kind=rule")).json();
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .take(n)
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    for q in ["72%20hours", "72%20h"] {
        let ids = top(q, 3);
        assert!(
            ids.iter().any(|id| id.starts_with("gdpr-art33")),
            "{q}: {ids:?}"
        );
    }
    let ids = top("hhs", 5);
    assert!(
        ids.iter().any(|id| id.starts_with("us-hipaa")),
        "hhs: {ids:?}"
    );
    // A proposed law ranks below the law in force with the same words.
    let ids = top("72%20hours", 20);
    let circia = ids
        .iter()
        .position(|id| id == "us-circia-covered-cyber-incident");
    let gdpr = ids
        .iter()
        .position(|id| id == "gdpr-art33-controller-established");
    assert!(gdpr < circia.or(Some(usize::MAX)), "{ids:?}");
}

#[test]
fn script_tags_in_a_query_are_shown_as_text() {
    let r = get_path("/search.html?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

const INCIDENT: &str = r#"{
  "aware_at": "2026-03-06T16:30:00+01:00[Europe/Berlin]",
  "kinds": ["personal-data-breach", "ransomware"],
  "data": ["name", "health"],
  "encrypted": false,
  "high_risk": true,
  "parties": [
    {"role": "organisation", "established_in": ["DE-BE"], "sectors": ["health"], "entity_types": ["nis2-essential"]},
    {"role": "affected-people", "jurisdiction": "DE", "count": 5000},
    {"role": "affected-people", "jurisdiction": "FR", "count": 1200}
  ]
}"#;

#[test]
fn assess_answers_exactly_as_the_cli() {
    let now = "2026-03-07T09:00:00Z";
    let r = post_json(
        &format!("/api/v1/assess?tz=Asia/Tokyo&tlp=AMBER&now={now}"),
        INCIDENT,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let data = obligo::load::embedded().unwrap();
    let incident = obligo::incident::IncidentInput::from_json(INCIDENT)
        .unwrap()
        .check(&data)
        .unwrap();
    let assessment = obligo::engine::assess(&data, &incident, now.parse().unwrap());
    let tz = jiff::tz::TimeZone::get("Asia/Tokyo").unwrap();
    let cli: serde_json::Value = serde_json::from_str(&obligo::format::json(
        &assessment,
        Some(&tz),
        obligo::format::Tlp::parse("AMBER"),
    ))
    .unwrap();
    assert_eq!(r.json(), cli);
    assert_eq!(cli["tlp"], "AMBER");
    assert!(
        cli["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["recipient"]["authority"]["id"] == "de-be-dpa")
    );
}

#[test]
fn hostile_assess_requests_get_a_clear_4xx() {
    let r = post_json("/api/v1/assess", "{\"aware_at\": ");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("JSON"));

    let unknown = INCIDENT.replace("\"FR\"", "\"Frnace\"");
    let r = post_json("/api/v1/assess", &unknown);
    assert_eq!(r.status, 422);
    let v = r.json();
    let problem = &v["problems"][0];
    assert_eq!(problem["field"], "parties[2].jurisdiction");
    assert!(problem["message"].as_str().unwrap().contains("FR"), "{v}");

    let bad_date = INCIDENT.replace("2026-03-06T16:30", "2026-02-30T16:30");
    let r = post_json("/api/v1/assess", &bad_date);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.json()["problems"][0]["field"], "aware_at");

    let party = r#"{"role": "affected-people", "jurisdiction": "DE", "count": 1}"#;
    let many = format!(
        r#"{{"aware_at": "2026-03-06T16:30:00Z", "parties": [{}]}}"#,
        vec![party; 10_000].join(",")
    );
    let r = post_json("/api/v1/assess", &many);
    assert_eq!(r.status, 422);
    assert!(
        r.json()["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1000")
    );

    let huge = vec![b' '; 10 * 1024 * 1024];
    let r = request(
        "POST",
        "/api/v1/assess",
        &[("Content-Type", "application/json")],
        &huge,
    );
    assert_eq!(r.status, 413);
    assert!(r.json()["error"].as_str().unwrap().contains("larger"));

    let r = request(
        "POST",
        "/api/v1/assess",
        &[("Content-Type", "text/plain")],
        INCIDENT.as_bytes(),
    );
    assert_eq!(r.status, 415);
    assert_eq!(
        post_json("/api/v1/assess?tz=Mars/Olympus", INCIDENT).status,
        400
    );
    assert_eq!(post_json("/api/v1/assess?tlp=PURPLE", INCIDENT).status, 400);
}

const FORM: &str = "aware=2026-03-06T16%3A30&tz=Europe%2FBerlin&kind=personal-data-breach&kind=ransomware&data=name&data=health&fact.encrypted=no&fact.high_risk=yes&p0.role=organisation&p0.established=DE-BE&p0.sector=health&p0.entity=nis2-essential&p1.role=affected-people&p1.where=FR&p1.count=1200&tlp=AMBER%2BSTRICT";

#[test]
fn the_incident_form_answers_with_a_timeline_permalink_and_downloads() {
    let r = get_path(&format!("/assess.html?{FORM}"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let html = r.text();
    assert!(html.contains("TLP:AMBER+STRICT"));
    assert!(
        html.contains("Berlin Commissioner for Data Protection"),
        "lead authority"
    );
    assert!(
        html.contains("2026-03-09 16:30 CET"),
        "GDPR 72 hours in Berlin time"
    );
    for ext in ["md", "json", "ics"] {
        assert!(html.contains(&format!("assess.{ext}?")), "{ext} link");
    }
    let ics = get_path(&format!("/assess.ics?{FORM}"));
    assert_eq!(
        ics.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert!(ics.text().contains("BEGIN:VEVENT") && ics.text().contains("TLP:AMBER+STRICT"));
    let md = get_path(&format!("/assess.md?{FORM}"));
    assert!(md.text().starts_with("**TLP:AMBER+STRICT**"));
    let json = get_path(&format!("/assess.json?{FORM}")).json();
    assert_eq!(json["tlp"], "AMBER+STRICT");
    assert!(
        json["obligations"][0]["deadline"]["due_in_zone"]
            .as_str()
            .unwrap()
            .ends_with("[Europe/Berlin]")
    );
}

#[test]
fn the_form_carries_determinations_and_sent_notices_in_the_permalink() {
    // Not assessed yet: the BSI reports are conditional and the form asks
    // only the determinations the laws of DE and the EU use.
    let html = get_path(&format!("/assess.html?{FORM}")).text();
    assert!(html.contains("name=\"det.nis2-significant-incident\""));
    assert!(
        !html.contains("name=\"det.sec-material-cybersecurity-incident\""),
        "SEC is not in reach"
    );
    assert!(html.contains("Mark as sent now"));
    // Assessed significant at 18:00, notification sent on 7 March at 12:30:
    // the final report is due one month after the real send.
    let answered = format!(
        "{FORM}&det.nis2-significant-incident=yes&det.nis2-significant-incident.at=2026-03-06T18%3A00&sent.de-bsig-32-incident.notification=2026-03-07T12%3A30"
    );
    let json = get_path(&format!("/assess.json?{answered}")).json();
    let obligations = json["obligations"].as_array().unwrap();
    let bsi = |id: &str| {
        obligations
            .iter()
            .find(|o| o["rule"] == "de-bsig-32-incident" && o["obligation"] == id)
            .unwrap()
    };
    assert_eq!(bsi("early-warning")["status"], "applies");
    assert_eq!(bsi("notification")["sent_at"], "2026-03-07T11:30:00Z");
    assert_eq!(
        bsi("final-report")["deadline"]["due"],
        "2026-04-07T10:30:00Z"
    );
    let html = get_path(&format!("/assess.html?{answered}")).text();
    assert!(
        html.contains("✓ sent 2026-03-07 12:30 CET"),
        "the card shows the send"
    );
    assert!(
        html.contains("value=\"2026-03-07T12:30\""),
        "the form keeps the send, editable"
    );
    // Determined "no": the BSIG rule does not apply.
    let no = format!("{FORM}&det.nis2-significant-incident=no");
    let json = get_path(&format!("/assess.json?{no}")).json();
    assert!(
        json["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["rule"] != "de-bsig-32-incident")
    );
}

#[test]
fn a_bad_form_is_shown_again_with_its_problems() {
    let r = get_path("/assess.html?aware=yesterday&p0.role=organisation&p0.established=Germny");
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("is not a date and time"));
    assert!(
        html.contains("value=\"Germny\""),
        "the form keeps what was typed"
    );
    let r = get_path(
        "/assess.html?aware=2026-03-06T16%3A30&tz=Europe%2FBerlin&p0.role=organisation&p0.established=Germny",
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("did you mean"), "{}", r.text());
    // Problems are named by the form's own labels, never by field paths.
    assert!(r.text().contains("Party 1: Established in"), "{}", r.text());
    let r = get_path(
        "/assess.html?aware=2026-03-06T16%3A30&tz=UTC&p0.role=organisation&p1.role=affected-people&p1.count=5",
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("Party 2: Affected people live in"), "{html}");
    assert!(
        !html.contains("parties["),
        "a field path on the page: {html}"
    );
    let r = get_path("/assess.html?aware=2026-03-06T16%3A30&p10000.role=organisation");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("beyond the limit"));
    let r =
        get_path("/assess.json?aware=2026-03-06T16%3A30&tz=Nowhere%2FCity&p0.role=organisation");
    assert_eq!(r.status, 422);
    assert!(
        r.json()["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("time zone")
    );
}

#[test]
fn the_form_takes_a_pasted_list_of_places_and_a_city_as_time_zone() {
    let r = get_path(
        "/assess.html?aware=2026-11-30T09%3A00&tz=New+York&kind=personal-data-breach&data=name&data=ssn\
         &p0.role=organisation&p0.established=US-NY&affected=US-CA+12%2C000%2C+US-NY+3000%0ADE+800",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    assert!(
        html.contains("times in America/New_York"),
        "a city finds its zone"
    );
    // The pasted places become the rows of one group of affected people.
    for (place, count) in [("US-CA", "12000"), ("US-NY", "3000"), ("DE", "800")] {
        assert!(
            html.contains(&format!(
                "name=\"p1.where\" value=\"{place}\" list=\"jurisdiction-list\""
            )) && html.contains(&format!("name=\"p1.count\" value=\"{count}\"")),
            "pasted {place} {count} became a row of party 2"
        );
    }
    assert!(
        html.contains("Notify individuals in California"),
        "the pasted people count"
    );
    // A pasted place that is not a jurisdiction is named by its row (the
    // pasted places are the rows of party 2).
    let r = get_path(
        "/assess.html?aware=2026-11-30T09%3A00&tz=UTC&p0.role=organisation&affected=US-CA+10%0ANarnia+5",
    );
    assert_eq!(r.status, 422);
    assert!(
        r.text()
            .contains("Party 2, place 2: Affected people live in"),
        "{}",
        r.text()
    );
    // An ambiguous or unknown city is refused with the way out.
    let r = get_path("/assess.html?aware=2026-11-30T09%3A00&tz=Atlantis&p0.role=organisation");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("type a city"), "{}", r.text());
}

#[test]
fn about_says_how_fresh_the_dataset_is_and_which_version() {
    let data = obligo::load::embedded().unwrap();
    let newest = data
        .regimes
        .values()
        .map(|r| r.review.last_reviewed)
        .chain(data.rules.iter().map(|r| r.review.last_reviewed))
        .chain(
            data.jurisdictions
                .values()
                .filter_map(|j| j.review.as_ref().map(|r| r.last_reviewed)),
        )
        .max()
        .unwrap();
    let html = get_path("/about.html").text();
    assert!(
        html.contains(&format!(
            "obligo {} · dataset as of",
            env!("CARGO_PKG_VERSION")
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("<strong>{newest}</strong>")),
        "{html}"
    );
    assert!(html.contains(&format!("{} rules", data.rules.len())));
}

#[test]
fn record_pages_keep_file_lines_and_review_notes_for_contributors_at_the_foot() {
    for path in [
        "/jurisdiction/de.html",
        "/regime/gdpr.html",
        "/authority/de-bsi.html",
    ] {
        let html = get_path(path).text();
        let (reader, contributors) = html
            .split_once("id=\"for-contributors\"")
            .unwrap_or_else(|| panic!("{path} has no section for contributors"));
        assert!(
            contributors.contains("data/jurisdictions/"),
            "{path}: the data file is named for contributors"
        );
        // What a reader sees has no data-file lines and no slugs.
        let visible: String = reader
            .split('<')
            .filter_map(|tag| tag.split_once('>').map(|(_, text)| text))
            .collect();
        for jargon in ["data/jurisdictions/", "data-protection-authority", ".toml:"] {
            assert!(
                !visible.contains(jargon),
                "{path} shows `{jargon}` to readers"
            );
        }
    }
    let gdpr = get_path("/regime/gdpr.html").text();
    let (_, contributors) = gdpr.split_once("id=\"for-contributors\"").unwrap();
    assert!(
        contributors.contains("class=\"note\""),
        "the review notes are there"
    );
}

/// The `data-j` of each row of the compare table.
fn compare_rows(html: &str) -> Vec<(String, String, String)> {
    html.split("<tr data-j=\"")
        .skip(1)
        .map(|row| {
            let attr = |name: &str| {
                row.split_once(&format!("{name}=\""))
                    .and_then(|(_, rest)| rest.split_once('"'))
                    .map(|(v, _)| v.to_string())
                    .unwrap_or_default()
            };
            let j = row
                .split_once('"')
                .map(|(j, _)| j.to_string())
                .unwrap_or_default();
            (j, attr("data-recipient"), attr("data-hours"))
        })
        .collect()
}

#[test]
fn compare_includes_laws_from_above_filters_and_refuses_unknown_places() {
    // France has no rule of its own: it is compared by the EU's and EEA's.
    let r = get_path("/compare.html?j=FR");
    assert_eq!(r.status, 200);
    let rows = compare_rows(&r.text());
    assert!(!rows.is_empty(), "France can be compared");
    assert!(
        rows.iter().any(|(j, _, _)| j == "EU"),
        "GDPR reaches France"
    );
    assert!(
        rows.iter()
            .all(|(j, _, _)| ["FR", "EU", "EEA"].contains(&j.as_str())),
        "{rows:?}"
    );
    assert!(r.text().contains("reaches France"));
    // Germany's own laws and the EU's, by recipient and outer limit.
    let r = get_path("/compare.html?j=DE&recipient=csirt&within=72");
    assert_eq!(r.status, 200);
    let rows = compare_rows(&r.text());
    assert!(rows.iter().any(|(j, _, _)| j == "DE"), "the BSI Act");
    assert!(
        rows.iter().all(|(_, recipient, hours)| recipient == "csirt"
            && hours.parse::<i64>().is_ok_and(|h| h <= 72)),
        "{rows:?}"
    );
    // Unknown places and values are said, not ignored.
    let r = get_path("/compare.html?j=Frnace&within=soon");
    assert_eq!(r.status, 400);
    let html = r.text();
    assert!(html.contains("did you mean"), "{html}");
    assert!(html.contains("is not a number of hours"), "{html}");
    // The unfiltered table lists every notice once.
    let all = compare_rows(&get_path("/compare.html").text());
    let data = obligo::load::embedded().unwrap();
    let notices: usize = data.rules.iter().map(|r| r.obligations.len()).sum();
    assert_eq!(all.len(), notices);
}

#[test]
fn a_panic_is_a_500_page_and_the_server_keeps_serving() {
    let r = get_path("/test-panic");
    assert_eq!(r.status, 500);
    assert!(r.text().contains("Something went wrong"));
    assert!(r.header("content-security-policy").is_some());
    assert_eq!(get_path("/healthz").status, 200);
}

#[test]
fn a_request_that_takes_too_long_is_answered_408() {
    let started = Instant::now();
    let r = get_path("/test-slow");
    assert_eq!(r.status, 408);
    assert!(started.elapsed() < server::REQUEST_TIMEOUT + Duration::from_secs(5));
}

/// Whether the server closed `stream` (EOF or reset) within `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    stream.set_read_timeout(Some(limit)).unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 256];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return None;
            }
            Err(_) => return Some(started.elapsed()),
        }
    }
}

#[test]
fn silent_and_idle_connections_are_cut_within_ten_seconds() {
    // A TCP connection that never sends a byte, an HTTP/2 preface followed
    // by silence, and a keep-alive connection never reused after its answer.
    let mut silent = TcpStream::connect(server()).unwrap();
    let mut h2 = TcpStream::connect(server()).unwrap();
    h2.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").unwrap();
    let mut kept = TcpStream::connect(server()).unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 64];
    let n = kept.read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..n]).starts_with("HTTP/1.1 200"));
    for (name, stream) in [
        ("silent", &mut silent),
        ("h2 preface", &mut h2),
        ("keep-alive", &mut kept),
    ] {
        let waited = closed_within(stream, Duration::from_secs(10));
        assert!(
            waited.is_some(),
            "the {name} connection was still open after 10 s"
        );
    }
    assert!(server::IDLE_TIMEOUT < Duration::from_secs(10));
}

#[test]
fn a_did_you_mean_bomb_gets_a_bounded_answer_quickly() {
    // 100 parties with 200 unknown four-letter codes each: 20,000 problems.
    let codes = vec!["\"QXQX\""; 200].join(",");
    let party = format!(r#"{{"role": "organisation", "established_in": [{codes}]}}"#);
    let body = format!(
        r#"{{"aware_at": "2026-03-06T16:30:00Z", "parties": [{}]}}"#,
        vec![party; 100].join(",")
    );
    let started = Instant::now();
    let r = post_json("/api/v1/assess", &body);
    let took = started.elapsed();
    assert_eq!(r.status, 422);
    let v = r.json();
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), obligo::incident::MAX_PROBLEMS + 1);
    assert!(
        problems.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .starts_with("and 19950 more")
    );
    assert!(
        r.body.len() < 20_000,
        "a bounded answer, not {} bytes",
        r.body.len()
    );
    assert!(took < Duration::from_secs(3), "took {took:?}");
}

#[test]
fn a_declared_oversize_body_gets_413_at_once_without_100_continue() {
    for expect in ["", "Expect: 100-continue\r\n"] {
        let mut stream = TcpStream::connect(server()).unwrap();
        let head = format!(
            "POST /api/v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5242880\r\n{expect}\r\n{{}}"
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(3)))
            .unwrap();
        let started = Instant::now();
        let mut buf = [0u8; 512];
        let n = stream.read(&mut buf).expect("an answer within 3 s");
        let answer = String::from_utf8_lossy(&buf[..n]);
        assert!(answer.starts_with("HTTP/1.1 413"), "{expect:?}: {answer}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let mut stream = TcpStream::connect(server()).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    // The server closes the connection (perhaps after a 408) instead of waiting forever.
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => continue,
        }
    }
    let waited = started.elapsed();
    assert!(
        waited < server::HEADER_READ_TIMEOUT + Duration::from_secs(4),
        "held for {waited:?}"
    );
    assert!(waited >= server::HEADER_READ_TIMEOUT - Duration::from_secs(1));
}

#[test]
fn large_pages_are_compressed_when_asked() {
    let r = request("GET", "/assess.html", &[("Accept-Encoding", "gzip")], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), Some("gzip"));
}

#[test]
fn assets_health_and_dataset_are_served() {
    let css = get_path("/assets/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let js = get_path("/assets/app.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(get_path("/healthz").text(), "ok\n");
    let data = get_path("/data/obligo.json").json();
    assert!(data["jurisdictions"].as_array().unwrap().len() > 100);
}

/// Validates `value` against the component schema `name` of the OpenAPI document.
fn validate(doc: &serde_json::Value, schema: serde_json::Value, value: &serde_json::Value) {
    let mut root = schema;
    root["components"] = doc["components"].clone();
    let validator = jsonschema::draft202012::new(&root).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// An incident that uses every engine v2 field: determinations (an instant,
/// `true` and `false`), a notice already sent, targeting, a representative,
/// and an establishment in Germany without a Land (candidate authorities).
const INCIDENT_V2: &str = r#"{
  "aware_at": "2026-10-01T08:00:00-04:00[America/New_York]",
  "kinds": ["personal-data-breach", "service-disruption"],
  "data": ["name", "financial-account"],
  "encrypted": false, "high_risk": false,
  "facts": {"risk_unlikely": false, "client_financial_interests_affected": false},
  "determinations": {
    "dora-major-ict-incident": "2026-10-01T10:00:00-04:00[America/New_York]",
    "sec-material-cybersecurity-incident": true,
    "nis2-significant-incident": false
  },
  "determined_at": "2026-10-02T09:00:00-04:00",
  "sent": [{"rule": "dora-art19-major-incident", "obligation": "initial", "at": "2026-10-01T12:00:00-04:00"}],
  "parties": [
    {"role": "organisation", "established_in": ["US-NY", "DE"], "targets": ["EU"], "representative_in": "DE-BY",
     "sectors": ["finance"], "entity_types": ["dora-financial-entity", "sec-registrant"]},
    {"role": "affected-people", "jurisdiction": "DE", "count": 300},
    {"role": "affected-people", "jurisdiction": "US-NY", "count": 20}
  ]
}"#;

#[test]
fn the_v2_fields_come_back_in_the_answer() {
    let r = post_json("/api/v1/assess?now=2026-10-01T13:00:00-04:00", INCIDENT_V2);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["now"], "2026-10-01T17:00:00Z");
    let obligations = v["obligations"].as_array().unwrap();
    let find = |rule: &str, obligation: &str| {
        obligations
            .iter()
            .find(|o| o["rule"] == rule && o["obligation"] == obligation)
            .unwrap_or_else(|| panic!("no {rule}/{obligation} in {v}"))
    };
    // Sent at 16:00Z: the intermediate report runs 72 h from the real send.
    assert_eq!(
        find("dora-art19-major-incident", "initial")["sent_at"],
        "2026-10-01T16:00:00Z"
    );
    assert_eq!(
        find("dora-art19-major-incident", "intermediate")["deadline"]["due"],
        "2026-10-04T16:00:00Z"
    );
    // The final report waits for the intermediate one: projected, not due.
    let last = &find("dora-art19-major-incident", "final")["deadline"];
    assert!(last["due"].is_null());
    assert!(
        last["projected"].is_string() && last["waiting_for"].is_string(),
        "{last}"
    );
    // Materiality `true` with no instant of its own uses `determined_at`:
    // Fri 2 Oct 09:00 EDT + 4 business days = Thu 8 Oct 13:00Z.
    assert_eq!(
        find("us-sec-8k-105-filing", "form-8-k")["deadline"]["due"],
        "2026-10-08T13:00:00Z"
    );
    // Not significant: no NIS2 rule applies (and none is in reach anyway).
    assert!(obligations.iter().all(|o| o["regime"] != "de-bsig-nis2"));
}

#[test]
fn unknown_codes_and_bad_now_get_a_clear_4xx() {
    let zz = INCIDENT.replace("\"FR\"", "\"ZZ\"");
    let r = post_json("/api/v1/assess", &zz);
    assert_eq!(r.status, 422);
    assert!(
        r.json()["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("private use")
    );
    let typo = INCIDENT.replace("\"FR\"", "\"US-CAL\"");
    let r = post_json("/api/v1/assess", &typo);
    assert_eq!(r.status, 422);
    assert!(
        r.json()["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `US-CA`")
    );
    let old_kind = INCIDENT.replace("\"ransomware\"", "\"significant-incident\"");
    let r = post_json("/api/v1/assess", &old_kind);
    assert_eq!(r.status, 422);
    assert!(
        r.json()["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nis2-significant-incident")
    );
    let r = post_json("/api/v1/assess?now=yesterday", INCIDENT);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().starts_with("now:"));
}

#[test]
fn the_openapi_document_matches_the_real_responses() {
    let doc = get_path("/api/v1/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let response_schema = |path: &str, method: &str| {
        paths[path][method]["responses"]["200"]["content"]["application/json"]["schema"].clone()
    };
    for (path, real) in [
        ("/api/v1/jurisdictions", "/api/v1/jurisdictions"),
        (
            "/api/v1/jurisdictions/{code}",
            "/api/v1/jurisdictions/US-CA",
        ),
        ("/api/v1/regimes", "/api/v1/regimes"),
        ("/api/v1/regimes/{id}", "/api/v1/regimes/gdpr"),
        ("/api/v1/rules", "/api/v1/rules"),
        ("/api/v1/rules/{id}", "/api/v1/rules/gdpr-art33-processor"),
        ("/api/v1/authorities", "/api/v1/authorities"),
        ("/api/v1/authorities/{id}", "/api/v1/authorities/de-bsi"),
        ("/api/v1/search", "/api/v1/search?q=72%20hours"),
    ] {
        let value = get_path(real).json();
        validate(&doc, response_schema(path, "get"), &value);
    }
    let assessed = post_json("/api/v1/assess?tz=UTC&tlp=RED", INCIDENT).json();
    validate(&doc, response_schema("/api/v1/assess", "post"), &assessed);
    let assessed = post_json(
        "/api/v1/assess?tz=UTC&now=2026-10-01T13:00:00-04:00",
        INCIDENT_V2,
    )
    .json();
    assert!(
        assessed["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["recipient"]["candidates"]
                .as_array()
                .is_some_and(|c| !c.is_empty())),
        "the v2 incident exercises candidate authorities"
    );
    validate(&doc, response_schema("/api/v1/assess", "post"), &assessed);
    let error = post_json("/api/v1/assess", "{").json();
    let error_schema =
        paths["/api/v1/assess"]["post"]["responses"]["400"]["content"]["application/json"]["schema"].clone();
    validate(&doc, error_schema, &error);
    let request_schema =
        paths["/api/v1/assess"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            .clone();
    for incident in [INCIDENT, INCIDENT_V2] {
        validate(
            &doc,
            request_schema.clone(),
            &serde_json::from_str(incident).unwrap(),
        );
    }
}

#[test]
fn the_binary_serves_logs_nothing_about_queries_and_stops_on_sigterm() {
    let (mut child, addr, mut stderr) = common::spawn_server();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /search.html?q=secret-incident-term HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let code = loop {
        if let Some(code) = child.try_wait().unwrap() {
            break code;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(code.success(), "{code:?}");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert!(
        !rest.contains("secret") && !stdout.contains("secret"),
        "{rest}{stdout}"
    );
    assert!(rest.contains("stopped"));
}

#[test]
fn none_of_these_makes_sectors_and_entity_types_known() {
    let base = "aware=2026-03-06T16%3A30&tz=Europe%2FBerlin&kind=personal-data-breach&data=name&data=health&fact.encrypted=no&fact.high_risk=no&fact.risk_unlikely=no&p0.role=organisation&p0.established=DE-BE";
    let unknown = get_path(&format!("/assess.json?{base}")).json();
    let asks = |v: &serde_json::Value| {
        v["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["status"] == "conditional")
    };
    assert!(
        asks(&unknown),
        "unknown entity types leave conditional obligations: {unknown}"
    );
    let known = get_path(&format!(
        "/assess.json?{base}&p0.sector=none&p0.entity=none"
    ))
    .json();
    assert!(!asks(&known), "{known}");
    assert!(
        known["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["rule"] == "gdpr-art33-controller-established")
    );
}

#[test]
fn the_dataset_and_every_page_state_their_licences() {
    let v = get_path("/data/obligo.json").json();
    assert_eq!(v["licence"], "CC0-1.0");
    let html = get_path("/").text();
    assert!(html.contains("Software: Apache-2.0. Dataset: CC0-1.0"));
    assert!(
        std::fs::read_to_string("LICENSE")
            .unwrap()
            .contains("Apache License")
    );
    assert!(
        std::fs::read_to_string("data/LICENSE")
            .unwrap()
            .contains("CC0 1.0 Universal")
    );
}

#[test]
fn api_contract_gaps_are_closed() {
    // An empty kind is a 400, like one outside the enum.
    assert_eq!(get_path("/api/v1/search?q=gdpr&kind=").status, 400);
    assert_eq!(get_path("/api/v1/search?q=gdpr&kind=law").status, 400);
    // A path that is not UTF-8 gets the documented JSON error.
    for path in [
        "/api/v1/rules/%ff",
        "/api/v1/regimes/%ff",
        "/api/v1/authorities/%ff",
        "/api/v1/jurisdictions/%ff",
    ] {
        let r = get_path(path);
        assert_eq!(r.status, 400, "{path}");
        assert!(
            r.json()["error"].as_str().unwrap().starts_with("bad path"),
            "{path}"
        );
    }
    // An array is not an incident, even one serde could read as a struct.
    let r = post_json("/api/v1/assess", r#"["2026-03-06T16:30:00Z"]"#);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("JSON object"));
    // The schema says what `aware_at` must look like.
    let doc = get_path("/api/v1/openapi.json").json();
    assert!(
        doc["components"]["schemas"]["IncidentInput"]["properties"]["aware_at"]["pattern"]
            .is_string()
    );
}

#[test]
fn edge_instants_are_refused_with_a_reason() {
    for (aware, why) in [
        ("9999-12-30T00:00:00Z", "from 1970 to 2200"),
        ("2026-06-30T23:59:60Z", "leap second"),
    ] {
        let body = INCIDENT.replace("2026-03-06T16:30:00+01:00[Europe/Berlin]", aware);
        let r = post_json("/api/v1/assess", &body);
        assert_eq!(r.status, 422, "{aware}");
        assert!(r.text().contains(why), "{aware}: {}", r.text());
    }
    // The form's local times: a DST gap and a fold are refused, not shifted.
    for (local, why) in [
        ("2026-03-29T02:30", "does not exist"),
        ("2026-10-25T02:30", "occurs twice"),
    ] {
        let r = get_path(&format!(
            "/assess.json?aware={}&tz=Europe%2FBerlin&p0.role=organisation&p0.established=DE",
            local.replace(':', "%3A")
        ));
        assert_eq!(r.status, 422, "{local}");
        assert!(r.text().contains(why), "{local}: {}", r.text());
    }
}

#[test]
fn dataset_pages_are_served_from_memory_with_etag_304_and_precompressed_bodies() {
    let first = request("GET", "/jurisdiction/de.html", &[], b"");
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("a strong ETag").to_string();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    assert_eq!(first.header("vary"), Some("accept-encoding"));
    // The same page again: the same validator; a revalidation is a 304
    // without a body.
    let again = request(
        "GET",
        "/jurisdiction/de.html",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    // Precompressed bodies, brotli preferred, gzip otherwise; each decodes to
    // the identity body.
    let br = request(
        "GET",
        "/jurisdiction/de.html",
        &[("Accept-Encoding", "gzip, br")],
        b"",
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(
        &mut brotli::Decompressor::new(&br.body[..], 4096),
        &mut decoded,
    )
    .unwrap();
    assert_eq!(decoded, first.body);
    let gz = request(
        "GET",
        "/jurisdiction/de.html",
        &[("Accept-Encoding", "gzip")],
        b"",
    );
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&gz.body[..]),
        &mut decoded,
    )
    .unwrap();
    assert_eq!(decoded, first.body);
    // `br;q=0` refuses brotli.
    let no_br = request(
        "GET",
        "/jurisdiction/de.html",
        &[("Accept-Encoding", "br;q=0, gzip")],
        b"",
    );
    assert_eq!(no_br.header("content-encoding"), Some("gzip"));
    // An alias is sent to the one cached page, which then revalidates.
    let uk = get_path("/jurisdiction/uk.html");
    assert_eq!(uk.status, 308);
    let gb = request(
        "GET",
        uk.header("location").unwrap(),
        &[("If-None-Match", "*")],
        b"",
    );
    assert_eq!(gb.status, 304);
}

#[test]
fn the_answer_page_shows_time_left_overdue_a_checklist_and_the_questions() {
    // Aware six days ago in Berlin: the GDPR 72 hours have passed.
    let aware = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Berlin").unwrap())
        .checked_sub(jiff::Span::new().days(6))
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let form = format!(
        "aware={}&tz=Europe%2FBerlin&kind=personal-data-breach&data=name&data=health&fact.risk_unlikely=no&p0.role=organisation&p0.established=DE-BE&p0.sector=health&p1.role=affected-people&p1.where=FR&p1.count=1200",
        aware.replace(':', "%3A")
    );
    let html = get_path(&format!("/assess.html?{form}")).text();
    assert!(html.contains("as of"), "the page says as of when");
    assert!(
        html.contains("class=\"overdue-box\""),
        "overdue deadlines come first"
    );
    assert!(
        html.contains("⚠ OVERDUE"),
        "a text marker, not colour alone"
    );
    assert!(html.contains("Berlin Commissioner"), "{html}");
    assert!(html.contains("Checklist by recipient"));
    assert!(html.contains("Questions that settle the most"));
    // A fact question can be answered from the panel: the link reloads the
    // permalink with the fact.
    assert!(
        html.contains("fact.high_risk=yes"),
        "answer links for facts"
    );
    let md = get_path(&format!("/assess.md?{form}")).text();
    assert!(md.contains("## Next deadlines (as of"), "{md}");
    assert!(md.contains("ago"), "time left in the Markdown too: {md}");
}

#[test]
fn a_jurisdiction_page_opens_with_its_key_deadlines_and_folds_the_history() {
    let section = |html: &str, start: &str, end: &str| -> String {
        let from = html
            .find(start)
            .unwrap_or_else(|| panic!("{start} missing"));
        let rest = &html[from..];
        rest[..rest.find(end).unwrap_or(rest.len())].to_string()
    };
    let de = get_path("/jurisdiction/de.html").text();
    let key = section(&de, "class=\"key-deadlines\"", "</section>");
    // GDPR's 72 hours come from above, for anyone; DORA's 4 hours and the
    // BSI's 24 hours only for some, so they are listed apart.
    let (general, limited) = key
        .split_once("Shorter, for some sectors")
        .expect("two lists");
    assert!(
        general.contains("72 hours") && general.contains("regime/gdpr.html#rule-gdpr-art33"),
        "{general}"
    );
    assert!(!general.contains("DORA"), "{general}");
    assert!(
        limited.contains("4 hours") && limited.contains("DORA"),
        "{limited}"
    );
    assert!(
        limited.contains("24 hours") && limited.contains("BSIG"),
        "{limited}"
    );
    // The box comes before the long lists.
    assert!(de.find("key-deadlines") < de.find("<h2>Authorities</h2>"));
    // The UK's PECR notice of 24 hours before the DUAA change is history:
    // folded, with its end date; in the current list a start date already
    // past is not shown as news.
    let gb = get_path("/jurisdiction/gb.html").text();
    let history = section(&gb, "<details class=\"history\"", "</details>");
    assert!(history.contains("before the DUAA change"), "{history}");
    let current = section(
        &gb,
        "Obligations, relative to awareness",
        "<details class=\"history\"",
    );
    assert!(!current.contains("before the DUAA change"));
    assert!(!current.contains("badge adopted\">from "), "{current}");
    // A place with no law of its own still gets the key deadlines from above.
    let by = get_path("/jurisdiction/de-by.html").text();
    assert!(section(&by, "class=\"key-deadlines\"", "</section>").contains("72 hours"));
}

#[test]
fn one_group_of_affected_people_can_live_in_several_places() {
    // Party 2 is one group with three places; its counts pair with its
    // places in order, and a blank count is unknown, not zero.
    let q = "aware=2026-11-30T09%3A00&tz=UTC&kind=personal-data-breach&data=name&data=ssn\
             &p0.role=organisation&p0.established=US-NY\
             &p1.role=affected-people&p1.name=customers\
             &p1.where=US-CA&p1.count=600&p1.where=US-TX&p1.count=&p1.where=US-FL&p1.count=501";
    let html = get_path(&format!("/assess.html?{q}")).text();
    for state in ["California", "Texas", "Florida"] {
        assert!(html.contains(&format!("in {state}")), "{state} assessed");
    }
    for (place, count) in [("US-CA", "600"), ("US-TX", ""), ("US-FL", "501")] {
        assert!(
            html.contains(&format!("name=\"p1.where\" value=\"{place}\""))
                && html.contains(&format!("name=\"p1.count\" value=\"{count}\"")),
            "{place} kept its count {count:?} in the form"
        );
    }
    // A problem in one place is named by the form's own labels, whether the
    // form finds it (a count) or the incident's check (a code).
    let problems = |q: String| {
        let html = get_path(&format!("/assess.html?{q}")).text();
        let start = html.find("class=\"problems\"").expect("problems shown");
        html[start..start + html[start..].find("</div>").unwrap()].to_string()
    };
    let shown = problems(q.replace("p1.count=501", "p1.count=lots"));
    assert!(shown.contains("Party 2, place 3: How many"), "{shown}");
    let shown = problems(q.replace("US-TX", "US-ZZ"));
    assert!(
        shown.contains("Party 2, place 2: Affected people live in"),
        "{shown}"
    );
    assert!(!shown.contains("parties["), "no field paths: {shown}");
}
