#!/usr/bin/env bash
# Deploy benchmark on the local emulators: a cold deploy of a reference blueprint under a fresh
# lake name, then a no-change deploy of the same blueprint. Prints wall time, AWS calls (reads
# and writes) and calls per resource for each.
#
#   benches/deploy.sh [BLUEPRINT]          default: blueprints/retail-analytics.yaml
#   LAKECTL_BIN=target/debug/lakectl benches/deploy.sh   use a given binary (default: release build)
#   RUNS=3 benches/deploy.sh               repeat with fresh lake names, print every run
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
blueprint=${1:-$root/blueprints/retail-analytics.yaml}
runs=${RUNS:-1}
command -v python3 >/dev/null || { echo "deploy.sh: python3 is needed to read lakectl's JSON" >&2; exit 2; }

eval "$("$root/localstack/up")"

bin=${LAKECTL_BIN:-}
if [[ -z $bin ]]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  bin=${CARGO_TARGET_DIR:-$root/target}/release/lakectl
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# deploy FILE OUT: runs one deploy with JSON output, fails the bench on a failed deploy.
deploy() {
  if ! "$bin" deploy "$1" --output json >"$2" 2>"$2.err"; then
    echo "deploy.sh: deploy of $1 failed:" >&2
    cat "$2.err" >&2
    exit 2
  fi
}

summary() {
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys
label, path = sys.argv[1], sys.argv[2]
wall = float(sys.argv[4]) - float(sys.argv[3])
report = json.load(open(path))
counts, calls = report["counts"], report["calls"]
resources = sum(counts.values())
reads = calls["total"] - calls["mutating"]
print(f"{label:<10} {wall:6.2f} s  {resources:3d} resources  {calls['total']:4d} calls "
      f"({reads} reads, {calls['mutating']} writes, {calls['attempts']} attempts)  "
      f"{calls['total'] / resources:5.2f} calls/resource")
PY
}

for run in $(seq "$runs"); do
  lake="b$(date +%s%N | tail -c 10 | head -c 8)$run"
  # A fresh lake name (first `name:` of the lake block) and no fixed account: deploy asks STS.
  sed -e "0,/^  name: .*/s//  name: $lake/" -e '/^  account_id:/d' "$blueprint" >"$tmp/$lake.yaml"
  for phase in cold no-change; do
    start=$(date +%s.%N)
    deploy "$tmp/$lake.yaml" "$tmp/$phase.json"
    end=$(date +%s.%N)
    summary "$phase" "$tmp/$phase.json" "$start" "$end"
  done
done
