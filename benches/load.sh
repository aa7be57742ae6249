#!/usr/bin/env bash
# Load test of the live server with wrk, side by side with nginx serving
# obligo's own static export of the same page (Debian packages `wrk` and
# `nginx-light`): a jurisdiction page, a search, and POST /api/v1/assess
# with the 10-party incident of issue 10 (a DE-BE organisation; people in
# DE, FR, NL, US-CA, US-NY, US-TX, GB, SG and AU).
# Prints requests/s and latency percentiles of each, the ratios to nginx,
# the p99 latency at half each maximum rate from a constant-rate client
# (examples/constant_rate.rs) and the server's RSS after the test. Run it
# several times and compare medians: the machine is noisy.
#
#   benches/load.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

cargo build --release --quiet --bin obligo --example constant_rate
# OBLIGO_BIN: another build of obligo to measure (e.g. an older commit's).
bin="${OBLIGO_BIN:-./target/release/obligo}"
work=$(mktemp -d)
# nginx's workers run as an unprivileged user: they must be able to read the export.
chmod 755 "$work"
addr=127.0.0.1:18181
nginx_addr=127.0.0.1:18182
"$bin" serve --addr "$addr" 2>/dev/null &
server=$!
nginx_pid=""
cleanup() {
  kill "$server" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# nginx on the static export, if installed.
if command -v nginx >/dev/null; then
  "$bin" build --out "$work/site" >/dev/null
  mkdir -p "$work/nginx"
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server {
    listen $nginx_addr;
    root $work/site;
    location / { default_type text/html; }
  }
}
CONF
  nginx -c "$work/nginx.conf" &
  nginx_pid=$!
fi
for _ in $(seq 50); do curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# A baseline that answers errors is no baseline: nginx must serve the page.
if [ -n "$nginx_pid" ]; then
  for _ in $(seq 50); do curl -fsS "http://$nginx_addr/jurisdiction/de.html" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS -o /dev/null "http://$nginx_addr/jurisdiction/de.html" \
    || { echo "nginx does not serve the exported page; see $work/nginx/error.log" >&2; exit 1; }
fi

post="$work/post.lua"
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
  {"role": "affected-people", "jurisdiction": "NL", "count": 400},
  {"role": "affected-people", "jurisdiction": "US-CA", "count": 600},
  {"role": "affected-people", "jurisdiction": "US-NY", "count": 300},
  {"role": "affected-people", "jurisdiction": "US-TX", "count": 250},
  {"role": "affected-people", "jurisdiction": "GB", "count": 80},
  {"role": "affected-people", "jurisdiction": "SG", "count": 700},
  {"role": "affected-people", "jurisdiction": "AU", "count": 90}]}]]
LUA

# Prints the wrk summary and leaves requests/s in $rate.
rate=0
run() {
  local label=$1
  shift
  echo "== $label"
  local out
  out=$(wrk --latency -t2 -c"$connections" -d"${duration}s" "$@")
  echo "$out" | grep -E "Requests/sec|^ +(50|75|90|99)%|Non-2xx|Socket errors" || true
  rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

run "obligo: jurisdiction page" "http://$addr/jurisdiction/de.html"
page=$rate
run "obligo: search" "http://$addr/search.html?q=72+hours+health"
search=$rate
run "obligo: POST /api/v1/assess" -s "$post" "http://$addr/api/v1/assess"
assess=$rate
# Latency at half the measured maximum, from a constant-rate client (wrk's
# closed loop hides queueing: a slow answer delays the next request).
half() { awk -v r="$1" 'BEGIN { printf "%d", r / 2 }'; }
body="$work/body.json"
sed -n '/^wrk.body = \[\[/,/\]\]$/p' "$post" | sed '1s/^wrk.body = \[\[//; $s/\]\]$//' > "$body"
echo "== constant rate at half the maximum (latency from when each request was due)"
echo -n "jurisdiction page: "; ./target/release/examples/constant_rate "http://$addr/jurisdiction/de.html" "$(half "$page")" "$duration"
echo -n "search page:       "; ./target/release/examples/constant_rate "http://$addr/search.html?q=72+hours+health" "$(half "$search")" "$duration"
echo -n "assess:            "; ./target/release/examples/constant_rate "http://$addr/api/v1/assess" "$(half "$assess")" "$duration" "$body"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
echo "== obligo serve RSS after the load test: $((rss / 1024)) MB (target < 64 MB)"

if [ -n "$nginx_pid" ]; then
  run "nginx: the same jurisdiction page from the export" "http://$nginx_addr/jurisdiction/de.html"
  nginx=$rate
  echo "== ratios to nginx serving the exported page (same run)"
  echo "jurisdiction page: $(ratio "$page" "$nginx")"
  echo "search page:       $(ratio "$search" "$nginx")"
  echo "assess (10 parties): $(ratio "$assess" "$nginx")"
else
  echo "== nginx is not installed (apt-get install nginx-light): no ratios"
fi
