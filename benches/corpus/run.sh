#!/usr/bin/env bash
# Every spec of the corpus above a size, built with Portico: peak memory against the spec's size
# (the 10x target) and time, worst first. Catches what four chosen specs cannot: a spec whose
# shape makes some step grow faster than its size (Microsoft Graph's 418 tags made the sidebars
# quadratic: 16x). Usage, from anywhere (needs ../shared/corpus; about a minute):
#
#   benches/corpus/run.sh
#
# Environment: MIN_BYTES=1000000 (smaller specs are dominated by the process's own 6-7 MB),
# RUNS=3, CORPUS=../shared/corpus, KEEP=1, OUTPUT_FS=disk.
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench_dir/../.." && pwd)"
# shellcheck source=../lib.sh
. "$repo/benches/lib.sh"
corpus="${CORPUS:-$(cd "$repo/.." && pwd)/shared/corpus}"
if [ ! -f "$corpus/MANIFEST.tsv" ]; then
  say "==> corpus: SKIPPED, no $corpus/MANIFEST.tsv (set CORPUS)"
  exit 0
fi
[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time (Debian package: time)"
build_release
make_work_dir corpus
output_dir corpus
python3 "$bench_dir/bench.py" --portico "$portico" --corpus "$corpus" --work "$work" \
  --outputs "$outputs" --min-bytes "${MIN_BYTES:-1000000}" --runs "${RUNS:-3}"
