#!/usr/bin/env bash
# How Portico's build time and memory grow with the size of a spec: synthetic specs of 1,000 to
# 20,000 operations (a quarter as many schemas), medians of RUNS builds. Usage, from anywhere:
#
#   benches/scale/run.sh
#
# Environment: SIZES=1000,2000,5000,10000,20000  RUNS=3  KEEP=1 (keep the projects)
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/../.." && pwd)"
# shellcheck source=../lib.sh
. "$repo/benches/lib.sh"
[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time (Debian package: time)"
build_release
make_work_dir scale
output_dir scale
say "==> load before: $(uptime)"
python3 "$bench_dir/bench.py" --portico "$portico" --work "$work" \
  --sizes "${SIZES:-1000,2000,5000,10000,20000}" --runs "${RUNS:-3}" --outputs "$outputs"
say "==> load after: $(uptime)"
