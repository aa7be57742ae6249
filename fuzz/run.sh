#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time (libFuzzer, nightly).
#
#   fuzz/run.sh            # FUZZ_SECONDS (default 30) per target
#   FUZZ_SECONDS=600 fuzz/run.sh incident_json
#
# The corpus starts from fuzz/seeds/<target> (forms and queries written by
# hand) plus what the repository already holds: every scenario's incident
# (TOML and JSON) and a few real jurisdiction files. A crash stops the run
# with the input in fuzz/artifacts/<target>/; add it to the normal suite as
# a regression test (tests/fuzz.rs) before fixing it.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-30}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(incident_toml incident_json assess_form data_file search_query)
fi

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal >/dev/null
  cargo install cargo-fuzz --locked --quiet
fi

mkdir -p corpus
python3 - <<'PY'
import json, pathlib, shutil, tomllib
root = pathlib.Path("..")
out = pathlib.Path("corpus")
for target in ("incident_toml", "incident_json", "assess_form", "data_file", "search_query"):
    (out / target).mkdir(exist_ok=True)
    seeds = pathlib.Path("seeds") / target
    if seeds.is_dir():
        for f in seeds.iterdir():
            shutil.copy(f, out / target / f.name)
for path in sorted((root / "tests/scenarios").glob("*.toml")):
    doc = tomllib.loads(path.read_text())
    incident = doc["incident"]
    (out / "incident_json" / f"{path.stem}.json").write_text(json.dumps(incident))
    # The TOML target reads the same table; a scenario's own text has
    # expectations around it, which the incident parser refuses.
    text = path.read_text()
    start = text.index("[incident]")
    end = min((i for i in (text.find("\n[[expect]]", start), text.find("\n[[not_applicable]]", start)) if i >= 0), default=len(text))
    body = text[start + len("[incident]"):end].replace("[incident.", "[")
    (out / "incident_toml" / f"{path.stem}.toml").write_text(body)
for code in ("de", "sg", "gb", "us-ca", "au", "br"):
    shutil.copy(root / f"data/jurisdictions/{code}.toml", out / "data_file" / f"{code}.toml")
shutil.copy(root / "tests/fixtures/valid/jurisdictions/zz.toml", out / "data_file" / "zz.toml")
PY

for target in "${targets[@]}"; do
  echo "== fuzz $target for ${seconds}s"
  log="corpus/$target.log"
  if ! cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$log"
done
