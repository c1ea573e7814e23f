#!/usr/bin/env bash
# Regenerates hot-functions.txt: every function of the release binary that a build runs, in the
# order the workloads below first run them. build.rs hands that file to the linker, which
# places those functions first and together in the binary's code (see README.md for why).
# Usage, from anywhere (a few minutes; needs valgrind and nm: apt-get install valgrind binutils):
#
#   benches/layout/profile.sh
#
# Rerun it after a Rust or dependency upgrade, or when the benchmark harness reports that fewer
# than nine in ten of the listed functions are still in the binary: the names carry hashes that
# such upgrades change, and a stale list only loses the gain, it never breaks the build.
#
# Workloads, most important first (their functions come first in the file): an empty site,
# Twilio Conversations (the medium spec), the same build printing its 19 warnings (as a doc
# writer runs it, without --quiet), the sample portal, `portico check` on it, 1,000
# generated guides, Kubernetes (Swagger 2.0), Stripe (YAML), GitHub, and the coverage project
# beside this script (the examples and patterns of specs unlike these). The ones from ../shared
# are skipped, with a message, when it is missing.
set -euo pipefail

layout_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$layout_dir/../.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"

# shellcheck source=../lib.sh
. "$repo/benches/lib.sh"

command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install valgrind)"
command -v nm >/dev/null || die "nm is not installed (apt-get install binutils)"

build_release
make_work_dir layout
profiles=()

# Run `portico ARGS...` under callgrind, which records every function that runs, and keep the
# profile under the name $1.
profile() {
  local name="$1"
  shift
  say "==> $name: portico $*"
  valgrind --tool=callgrind --demangle=no --dump-instr=no \
    --callgrind-out-file="$work/$name.callgrind" "$portico" "$@" >/dev/null 2>"$work/$name.log" ||
    die "portico $* failed under valgrind; see $work/$name.log"
  profiles+=("$work/$name.callgrind")
}

# A project holding one spec from the corpus, built under the name $1.
corpus_spec() {
  local name="$1" spec="$shared/corpus/$2"
  if [ ! -f "$spec" ]; then
    say "==> $name: SKIPPED, no $spec"
    return
  fi
  mkdir -p "$work/$name/specs"
  printf 'title = "Layout profile"\n' >"$work/$name/portico.toml"
  cp "$spec" "$work/$name/specs/"
  profile "$name" build -q --root "$work/$name" -o "$work/out-$name"
}

mkdir -p "$work/empty"
printf 'title = "Layout profile"\n' >"$work/empty/portico.toml"
profile empty build -q --root "$work/empty" -o "$work/out-empty"
corpus_spec twilio vendor/twilio/twilio_conversations_v1.json
if [ -d "$work/twilio" ]; then
  profile twilio-warnings build --root "$work/twilio" -o "$work/out-twilio"
fi
profile sample build -q --root "$repo" -o "$work/out-sample"
profile check check --root "$repo"
if [ -f "$shared/tools/gen-guides.py" ]; then
  python3 "$shared/tools/gen-guides.py" 1000 "$work/guides" >/dev/null
  printf 'title = "Layout profile"\n' >"$work/guides/portico/portico.toml"
  profile guides build -q --root "$work/guides/portico" -o "$work/out-guides"
else
  say "==> guides: SKIPPED, no $shared/tools/gen-guides.py"
fi
corpus_spec kubernetes vendor/kubernetes/swagger.json
corpus_spec stripe vendor/stripe/spec3.2023-09-12.yaml
corpus_spec github vendor/github/api.github.com.json
# Last, so it adds only what the workloads above never run: the JSON Schema keywords and regular
# expression features of examples that real specs use (see coverage/portico.toml).
profile coverage build --root "$layout_dir/coverage" -o "$work/out-coverage"

python3 "$layout_dir/hot_functions.py" "$portico" "${profiles[@]}" >"$layout_dir/hot-functions.txt.new"
mv "$layout_dir/hot-functions.txt.new" "$layout_dir/hot-functions.txt"
say "==> wrote $layout_dir/hot-functions.txt ($(grep -vc '^#' "$layout_dir/hot-functions.txt") functions)"
