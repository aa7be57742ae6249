//! A constant-rate (open-loop) HTTP load generator for `benches/load.sh`:
//! requests are scheduled at a fixed rate whatever the server does, and
//! each latency is measured from when the request was due, not from when a
//! free connection sent it. A slow server therefore shows its queueing in
//! the percentiles instead of hiding it (no coordinated omission, as with
//! wrk's closed loop).
//!
//!   cargo run --release --example constant_rate -- URL RATE SECONDS [BODY_FILE]
//!
//! With BODY_FILE the request is a POST of that file as JSON. Prints the
//! percentiles in milliseconds and how many requests failed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Connections (one per worker thread), kept alive between requests.
const WORKERS: usize = 64;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(url), Some(rate), Some(seconds)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: constant_rate URL RATE SECONDS [BODY_FILE]");
        std::process::exit(2);
    };
    let rate: f64 = rate.parse().expect("RATE is requests per second");
    let seconds: f64 = seconds.parse().expect("SECONDS is a number");
    let body = args
        .get(3)
        .map(|f| std::fs::read(f).expect("the body file is readable"));
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let request = Arc::new(match &body {
        Some(b) => {
            let mut r = format!(
                "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                b.len()
            )
            .into_bytes();
            r.extend_from_slice(b);
            r
        }
        None => format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n\r\n")
            .into_bytes(),
    });

    let (due_tx, due_rx) = mpsc::channel::<Instant>();
    let due_rx = Arc::new(Mutex::new(due_rx));
    let (done_tx, done_rx) = mpsc::channel::<Option<Duration>>();
    for _ in 0..WORKERS {
        let (due_rx, done_tx, request, host) = (
            due_rx.clone(),
            done_tx.clone(),
            request.clone(),
            host.to_string(),
        );
        thread::spawn(move || {
            let mut connection: Option<BufReader<TcpStream>> = None;
            loop {
                let Ok(due) = due_rx.lock().unwrap().recv() else {
                    return;
                };
                let ok = exchange(&mut connection, &host, &request);
                let _ = done_tx.send(ok.then(|| due.elapsed()));
            }
        });
    }
    drop(done_tx);

    let total = (rate * seconds).round() as u64;
    let start = Instant::now();
    for i in 0..total {
        let due = start + Duration::from_secs_f64(i as f64 / rate);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            thread::sleep(wait);
        }
        if due_tx.send(due).is_err() {
            break;
        }
    }
    drop(due_tx);
    let mut latencies = Vec::new();
    let mut failed = 0;
    for result in done_rx {
        match result {
            Some(l) => latencies.push(l),
            None => failed += 1,
        }
    }
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "rate {rate}/s for {seconds} s: {} ok, {failed} failed; latency ms p50 {:.2} p90 {:.2} p99 {:.2} p99.9 {:.2} max {:.2}",
        latencies.len(),
        pick(0.5),
        pick(0.9),
        pick(0.99),
        pick(0.999),
        pick(1.0)
    );
}

/// One request on the worker's connection (opened again if needed); true
/// when a 2xx answer was read in full.
fn exchange(connection: &mut Option<BufReader<TcpStream>>, host: &str, request: &[u8]) -> bool {
    for _attempt in 0..2 {
        if connection.is_none() {
            let Ok(stream) = TcpStream::connect(host) else {
                return false;
            };
            let _ = stream.set_nodelay(true);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
            *connection = Some(BufReader::new(stream));
        }
        let reader = connection.as_mut().expect("connected");
        if reader.get_mut().write_all(request).is_ok() {
            if let Some(ok) = read_response(reader) {
                return ok;
            }
        }
        // The server closed a kept-alive connection: reconnect once.
        *connection = None;
    }
    false
}

/// Reads one response; `None` if the connection broke.
fn read_response(reader: &mut BufReader<TcpStream>) -> Option<bool> {
    let mut line = String::new();
    reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
    let ok = line.split(' ').nth(1).is_some_and(|s| s.starts_with('2'));
    let mut length = 0usize;
    let mut chunked = false;
    loop {
        line.clear();
        reader.read_line(&mut line).ok().filter(|n| *n > 0)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().ok()?;
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).ok()?;
            let size = usize::from_str_radix(line.trim_end(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
        }
    } else {
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
    }
    Some(ok)
}
