//! Hostile load, all at once, against the real binary: hundreds of idle
//! connections, clients that send their headers or body a byte at a time,
//! answers as large as the input caps allow, and "did you mean" bombs.
//! Through it all a health check must answer fast, and once the attack
//! stops the server's memory must come back near where it started.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The server's resident memory, in kB, from /proc.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

/// One request on a fresh connection; the status and the whole body.
fn exchange(addr: SocketAddr, head_and_body: &[u8]) -> Option<(u16, usize)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    stream.write_all(head_and_body).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let status = std::str::from_utf8(answer.get(9..12)?).ok()?.parse().ok()?;
    Some((status, answer.len()))
}

fn post(path: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// As many parties as an incident may have, each in a different
/// jurisdiction where it can be: the largest answer the caps allow.
fn amplification_body() -> String {
    let codes = [
        "DE", "FR", "US-CA", "US-NY", "US-TX", "GB", "SG", "AU", "BR", "JP",
    ];
    let mut parties = vec![r#"{"role": "organisation", "established_in": ["DE-BE"]}"#.to_string()];
    for i in 0..obligo::incident::MAX_PARTIES - 1 {
        parties.push(format!(
            r#"{{"role": "affected-people", "jurisdiction": "{}", "count": {}}}"#,
            codes[i % codes.len()],
            1000 + i
        ));
    }
    format!(
        r#"{{"aware_at": "2026-11-30T09:00:00Z", "kinds": ["personal-data-breach", "ransomware"], "data": ["health", "ssn", "name"], "parties": [{}]}}"#,
        parties.join(",")
    )
}

/// 100 parties of 200 unknown codes each: 20,000 problems to explain.
fn did_you_mean_body() -> String {
    let codes = vec!["\"QXQX\""; 200].join(",");
    let party = format!(r#"{{"role": "organisation", "established_in": [{codes}]}}"#);
    format!(
        r#"{{"aware_at": "2026-03-06T16:30:00Z", "parties": [{}]}}"#,
        vec![party; 100].join(",")
    )
}

#[test]
fn under_hostile_load_health_stays_fast_and_memory_comes_back() {
    let (mut child, addr, _stderr) = common::spawn_server();
    let pid = child.id();
    let amplification = Arc::new(post("/api/v1/assess", &amplification_body()));
    let bomb = Arc::new(post("/api/v1/assess", &did_you_mean_body()));

    // Warm up what a normal day touches, so the baseline is a serving server.
    for path in ["/", "/jurisdiction/de.html", "/search.html?q=72+hours"] {
        let get = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert_eq!(exchange(addr, get.as_bytes()).unwrap().0, 200, "{path}");
    }
    let (status, size) = exchange(addr, &amplification).unwrap();
    assert_eq!(status, 200);
    assert!(
        size < 8_000_000,
        "a capped incident's answer is {size} bytes"
    );
    let baseline = rss_kb(pid);

    let stop = Arc::new(AtomicBool::new(false));
    let mut attackers = Vec::new();

    // 400 connections that never send a byte, held open as long as allowed.
    attackers.push(thread::spawn(move || {
        let idle: Vec<TcpStream> = (0..400)
            .filter_map(|_| TcpStream::connect(addr).ok())
            .collect();
        thread::sleep(Duration::from_secs(9));
        drop(idle);
    }));
    // Slow headers and slow bodies, a byte every 300 ms.
    for slow_body in [false, true] {
        for _ in 0..10 {
            let stop = stop.clone();
            attackers.push(thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(addr) else {
                    return;
                };
                let head: &[u8] = if slow_body {
                    b"POST /api/v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n"
                } else {
                    b"GET / HTTP/1.1\r\n"
                };
                if slow_body && s.write_all(head).is_err() {
                    return;
                }
                let drip = if slow_body { b"{" } else { b"X" };
                while !stop.load(Ordering::Relaxed) {
                    if s.write_all(drip).is_err() {
                        return;
                    }
                    thread::sleep(Duration::from_millis(300));
                }
            }));
        }
    }
    // Largest answers and did-you-mean bombs, back to back.
    for body in [&amplification, &amplification, &amplification, &bomb, &bomb] {
        let stop = stop.clone();
        let body = body.clone();
        attackers.push(thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = exchange(addr, &body);
            }
        }));
    }

    thread::sleep(Duration::from_millis(500));
    let mut latencies = Vec::new();
    let attack_started = Instant::now();
    while attack_started.elapsed() < Duration::from_secs(8) {
        let started = Instant::now();
        let answer = exchange(
            addr,
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        latencies.push(started.elapsed());
        assert_eq!(answer.map(|a| a.0), Some(200), "/healthz under attack");
        thread::sleep(Duration::from_millis(100));
    }
    let peak = rss_kb(pid);
    stop.store(true, Ordering::Relaxed);
    for a in attackers {
        a.join().unwrap();
    }

    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let worst = *latencies.last().unwrap();
    eprintln!(
        "healthz under attack: {} checks, median {median:?}, worst {worst:?}; RSS baseline {baseline} kB, peak {peak} kB",
        latencies.len()
    );
    assert!(
        worst < Duration::from_millis(100),
        "a health check took {worst:?} under attack (median {median:?})"
    );

    // Memory comes back once the attack is over (the server trims its heap
    // after a burst of large answers).
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut after = rss_kb(pid);
    while after * 5 > baseline * 6 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(250));
        after = rss_kb(pid);
    }
    eprintln!(
        "RSS after the attack: {after} kB ({:.2}x baseline)",
        after as f64 / baseline as f64
    );
    assert!(
        after * 5 <= baseline * 6,
        "RSS {after} kB after the attack, baseline {baseline} kB (peak {peak} kB)"
    );
    child.kill().ok();
    child.wait().ok();
}
