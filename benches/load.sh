#!/usr/bin/env bash
# Load test of the live server with wrk (Debian package `wrk`): a
# jurisdiction page, a search, and POST /api/v1/assess. Prints requests/s
# and the latency distribution (p50/p75/p90/p99) of each.
#
#   benches/load.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

cargo build --release --quiet
addr=127.0.0.1:18181
./target/release/obligo serve --addr "$addr" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

post=$(mktemp)
cat > "$post" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"aware_at": "2026-03-06T16:30:00+01:00[Europe/Berlin]",
 "kinds": ["personal-data-breach", "ransomware"], "data": ["name", "health", "ssn"],
 "encrypted": false, "high_risk": true,
 "parties": [
  {"role": "organisation", "established_in": ["DE-BE"], "sectors": ["health"], "entity_types": ["nis2-essential"]},
  {"role": "affected-people", "jurisdiction": "DE", "count": 5000},
  {"role": "affected-people", "jurisdiction": "FR", "count": 1200},
  {"role": "affected-people", "jurisdiction": "US-CA", "count": 600},
  {"role": "affected-people", "jurisdiction": "US-NY", "count": 300}]}]]
LUA

run() {
  echo "== $1"
  shift
  wrk --latency -t2 -c"$connections" -d"${duration}s" "$@" | grep -E "Requests/sec|^ +(50|75|90|99)%|Non-2xx|Socket errors"
}
run "jurisdiction page" "http://$addr/jurisdiction/de.html"
run "search" "http://$addr/search.html?q=72+hours+health"
run "POST /api/v1/assess" -s "$post" "http://$addr/api/v1/assess"
rm -f "$post"
