#!/usr/bin/env bash
# Edit-to-reload latency of `portico serve`: the GitHub REST API spec from ../shared/corpus plus
# 1,000 generated guides; guide, guide title, spec, template and CSS edits. Usage, from anywhere:
#
#   benches/serve/run.sh
#
# Environment (all optional):
#   CARGO_TARGET_DIR  where cargo builds (default ./target); the binary is $CARGO_TARGET_DIR/release/portico
#   EDITS=20          measured edits per scenario (after WARMUP=2 unmeasured ones)
#   GUIDES=1000       guides to generate
#   ONLY=guide,spec   run only these scenarios (guide, guide-title, spec, template, css)
#   PAUSE=0           seconds to wait after the server is idle, before the next edit
#   KEEP=1            keep the temporary portal (its path is printed)
#   BENCH_OUT=DIR     where results go (default benches/serve/results/, git-ignored)
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/../.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"

# shellcheck source=../lib.sh
. "$repo/benches/lib.sh"

[ -d "$shared" ] || die "../shared is missing: no $shared.
This benchmark needs the shared corpus and tools checked out beside the repository:
  $shared/corpus/vendor/github/api.github.com.json
  $shared/tools/gen-guides.py"
corpus_spec="$shared/corpus/vendor/github/api.github.com.json"
gen_guides="$shared/tools/gen-guides.py"
[ -f "$corpus_spec" ] || die "the GitHub spec is missing: $corpus_spec"
[ -f "$gen_guides" ] || die "the guide generator is missing: $gen_guides"
command -v python3 >/dev/null || die "python3 is not installed"

# (1) The release binary.
build_release

# (2) The benchmark portal, in a temporary folder.
make_work_dir serve
say "==> gen-guides.py ${GUIDES:-1000} $work"
python3 "$gen_guides" "${GUIDES:-1000}" "$work" >&2
rm -rf "$work/hugo" "$work/mdbook"   # the generator writes these too; serve only needs portico/
project="$work/portico"
printf 'title = "Bench portal"\n' > "$project/portico.toml"
mkdir -p "$project/specs"
cp "$corpus_spec" "$project/specs/github.json"
chmod u+w "$project/specs/github.json"   # the corpus is read-only; the spec edits write this copy

# (3) Serve it and edit it.
out="${BENCH_OUT:-$bench_dir/results}"
mkdir -p "$out"
python3 "$bench_dir/bench.py" \
  --portico "$portico" --project "$project" --repo "$repo" --out "$out" \
  --edits "${EDITS:-20}" --warmup "${WARMUP:-2}" --pause "${PAUSE:-0}" --only "${ONLY:-}"
