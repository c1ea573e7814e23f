#!/usr/bin/env bash
# Portico's static search against Pagefind on the same built portal (the sample portal plus the
# GitHub REST API from ../shared/corpus). Usage, from the repository root:
#
#   benches/search/run.sh
#
# Environment (all optional):
#   CARGO_TARGET_DIR  where cargo builds (default ./target); the binary is $CARGO_TARGET_DIR/release/portico
#   RUNS=3            builds of the portal and Pagefind indexings to take the median of
#   REPEAT=3          browser measurements per query and engine (cold context each time)
#   QUERIES=12        how many queries to take from tests/search/github-queries.tsv
#   TYPE_DELAY_MS=0   delay between keystrokes when typing into #search-input
#   VERBOSE=1         list every file fetched per query
#   KEEP=1            keep the temporary portal (its path is printed)
#   BENCH_OUT=DIR     where the JSON results go (default benches/search/results/)
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/../.." && pwd)"
runs="${RUNS:-3}"

# shellcheck source=../lib.sh
. "$repo/benches/lib.sh"

corpus_spec="$repo/../shared/corpus/vendor/github/api.github.com.json"
[ -f "$corpus_spec" ] || die "the GitHub spec is missing: $corpus_spec
(this benchmark needs the shared corpus checked out at ../shared/corpus beside the repository)"
command -v node >/dev/null || die "node is not installed"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "Chromium not found at ${CHROMIUM:-/usr/bin/chromium} (set CHROMIUM)"

# (1) Node dependencies: Pagefind and playwright-core, pinned by package-lock.json.
if [ ! -d "$bench_dir/node_modules/pagefind" ] || [ ! -d "$bench_dir/node_modules/playwright-core" ]; then
  say "==> npm ci (benches/search)"
  (cd "$bench_dir" && npm ci --no-audit --no-fund >&2)
fi

# (2) The release binary.
build_release

# (3) The benchmark portal, in a temporary folder.
make_work_dir search
portal="$work/portal"
mkdir -p "$portal/specs" "$work/runs"
cp "$repo/portico.toml" "$portal/"
cp -R "$repo/content" "$portal/"
cp -R "$repo/specs/." "$portal/specs/"
cp "$corpus_spec" "$portal/specs/github.json"
printf '\n[[apis]]\nslug = "github"\nspec = "specs/github.json"\ntitle = "GitHub REST API"\n' >> "$portal/portico.toml"
site="$portal/public"

now_ns() { date +%s%N; }

# (4) Portico builds: wall time and the --verbose stage timings (parsed by bench.mjs).
say "==> portico build --verbose, $runs times"
for i in $(seq 1 "$runs"); do
  t0=$(now_ns)
  if ! "$portico" build --verbose --root "$portal" 2> "$work/runs/portico-$i.stderr"; then
    cat "$work/runs/portico-$i.stderr" >&2
    die "portico build failed"
  fi
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000 )) > "$work/runs/portico-$i.us"
  say "    run $i: $(( (t1 - t0) / 1000000 )) ms  ($(tail -n 1 "$work/runs/portico-$i.stderr"))"
done
[ -f "$site/index.html" ] || die "the build wrote no $site/index.html"

# (5) Pagefind on the same output, indexing only <main> (the sidebars repeat the navigation).
say "==> pagefind --site public --root-selector main, $runs times"
for i in $(seq 1 "$runs"); do
  rm -rf "$site/pagefind"
  t0=$(now_ns)
  if ! (cd "$bench_dir" && npx --no-install pagefind --site "$site" --root-selector main \
        > "$work/runs/pagefind-$i.stdout" 2>&1); then
    cat "$work/runs/pagefind-$i.stdout" >&2
    die "pagefind failed"
  fi
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000 )) > "$work/runs/pagefind-$i.us"
  say "    run $i: $(( (t1 - t0) / 1000000 )) ms"
done

# The npx launcher's own cost (node start-up, resolving the binary), to read the figures above.
for i in $(seq 1 "$runs"); do
  t0=$(now_ns)
  (cd "$bench_dir" && npx --no-install pagefind --version > /dev/null 2>&1) || true
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000 )) > "$work/runs/npx-$i.us"
done

# (6) The browser half, and the report.
say "==> bench.mjs"
node "$bench_dir/bench.mjs" --site "$site" --runs "$work/runs" --repo "$repo"
