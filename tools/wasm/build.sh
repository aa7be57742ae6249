#!/usr/bin/env bash
# Builds the static site's assessment engine: the library without its
# `native` feature (no search index, server or CLI), compiled to
# WebAssembly with the dataset of `data/` embedded, as in the binary.
# Prints the module's path, for `obligo build --engine`:
#
#   cargo run --release -- build --out site --engine "$(tools/wasm/build.sh)"
#
# Its own target directory keeps it clear of the native builds' locks.
set -euo pipefail
cd "$(dirname "$0")/../.."
if command -v rustup >/dev/null 2>&1; then
  rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
fi
export CARGO_TARGET_DIR="${OBLIGO_WASM_TARGET_DIR:-$PWD/target/wasm}"
cargo rustc --quiet --locked --lib --profile wasm --target wasm32-unknown-unknown \
  --no-default-features --crate-type cdylib >&2
echo "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm/obligo.wasm"
