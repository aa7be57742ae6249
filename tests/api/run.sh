#!/usr/bin/env bash
# Property-based API testing: schemathesis generates requests from
# /api/v1/openapi.json (valid ones, and ones the schema forbids) and checks
# every answer: no 5xx, the documented status and content type, a body
# that matches its schema, schema-invalid input refused. Bounded: a fixed
# number of examples per operation, deterministic generation.
#
# Usage: tests/api/run.sh [path/to/obligo]   (default: target/debug/obligo)
set -euo pipefail
cd "$(dirname "$0")/../.."

obligo="${1:-target/debug/obligo}"
examples="${SCHEMATHESIS_EXAMPLES:-100}"
port=18181

if ! command -v schemathesis >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check schemathesis==4.32.5
fi

"$obligo" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

schemathesis --config-file tests/api/schemathesis.toml run \
  "http://127.0.0.1:$port/api/v1/openapi.json" \
  --checks all --max-examples "$examples" --generation-deterministic \
  --request-timeout 10
