#!/usr/bin/env bash
# Portico against the tools a user would pick instead, on API-reference workloads (for now only
# workload 1: one spec, reference only). Wall time, CPU time and peak RSS, medians of RUNS runs.
# Usage, from anywhere:
#
#   benches/peers/run.sh
#
# Environment (all optional):
#   CARGO_TARGET_DIR  where cargo builds (default ./target); the binary is $CARGO_TARGET_DIR/release/portico
#   RUNS=3            measured runs per tool and spec (after WARMUP=0 unmeasured ones)
#   SPECS=github,stripe,kubernetes,twilio-conv   which specs (keys below)
#   TOOLS=portico,redocly,widdershins            which tools
#   TIMEOUT=600       seconds before a run is killed and reported as "timeout"
#   KEEP=1            keep the temporary projects and the last outputs (the path is printed)
#   BENCH_OUT=DIR     where results go (default benches/peers/results/, git-ignored)
#   OUTPUT_FS=tmpfs   where the tools write their output: tmpfs (default, /dev/shm) or disk (the
#                     work folder); see README.md for why
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/../.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"

# shellcheck source=../lib.sh
. "$repo/benches/lib.sh"

corpus="$shared/corpus"
[ -d "$corpus" ] || die "../shared/corpus is missing: no $corpus"
command -v python3 >/dev/null || die "python3 is not installed"
command -v npm >/dev/null || die "npm (Node.js) is not installed: it installs the peer tools"
[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time (apt-get install time)"

# The specs (key=path under ../shared/corpus).
declare -A spec_paths=(
  [github]=vendor/github/api.github.com.json            # OpenAPI 3.0, 13 MB, 1,223 operations
  [stripe]=vendor/stripe/spec3.2023-09-12.yaml          # OpenAPI 3.0, 4.2 MB YAML, 468 operations
  [kubernetes]=vendor/kubernetes/swagger.json           # Swagger 2.0, 4.1 MB, 1,123 operations
  [twilio-conv]=vendor/twilio/twilio_conversations_v1.json  # OpenAPI 3.0.1, 0.8 MB, 103 operations (medium)
)
spec_args=()
IFS=, read -r -a keys <<< "${SPECS:-github,stripe,kubernetes,twilio-conv}"
for k in "${keys[@]}"; do
  [ -n "${spec_paths[$k]:-}" ] || die "unknown spec $k (known: ${!spec_paths[*]})"
  [ -f "$corpus/${spec_paths[$k]}" ] || die "spec $k is missing: $corpus/${spec_paths[$k]}"
  spec_args+=(--spec "$k=$corpus/${spec_paths[$k]}")
done

# (1) The peer tools, pinned by package.json + package-lock.json, installed once.
if [ ! -x "$bench_dir/node_modules/.bin/redocly" ] || [ ! -x "$bench_dir/node_modules/.bin/widdershins" ]; then
  say "==> npm ci (into $bench_dir/node_modules)"
  (cd "$bench_dir" && npm ci --no-audit --no-fund --ignore-scripts >&2)
fi

# (2) The release binary.
build_release

# (3) Measure, in a temporary folder.
make_work_dir peers
output_dir peers
out="${BENCH_OUT:-$bench_dir/results}"
mkdir -p "$out"
python3 "$bench_dir/bench.py" \
  --portico "$portico" --node-modules "$bench_dir/node_modules" --repo "$repo" \
  --work "$work" --out "$out" "${spec_args[@]}" \
  --tools "${TOOLS:-portico,redocly,widdershins}" --runs "${RUNS:-3}" --warmup "${WARMUP:-0}" \
  --timeout "${TIMEOUT:-600}" --outputs "$outputs"
