#!/usr/bin/env bash
# Every performance benchmark against the tools a user would pick instead, in one run, then the
# project's targets checked against the results (benches/summary.py). From anywhere:
#
#   benches/run.sh
#
# Runs, in order (each installs its peer tools when missing; see its README):
#   1. benches/peers/run.sh   GitHub, Stripe, Kubernetes (Swagger 2.0) and Twilio Conversations
#                             vs @redocly/cli build-docs and widdershins; page weight per type
#   2. benches/guides/run.sh  1,000 and 10,000 generated guides vs Hugo 0.168, mdBook, Zola
#   3. benches/scale/run.sh   synthetic specs of 1,000 to 20,000 operations (5,000 schemas)
#   4. benches/corpus/run.sh  every corpus spec of 1 MB or more: peak memory against its size
# About 15 minutes on two cores, most of it mdBook on 10,000 pages (3.7 min a build).
#
# Environment: RUNS (default 3, for every benchmark), ONLY=peers,guides,scale,corpus to run
# some, and whatever each script reads (TIMEOUT, SIZES, SPECS, TOOLS, MIN_BYTES, CORPUS, KEEP,
# OUTPUT_FS, CARGO_TARGET_DIR).
set -euo pipefail

benches="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$benches/.." && pwd)"
export RUNS="${RUNS:-3}"
IFS=, read -r -a only <<< "${ONLY:-peers,guides,scale,corpus}"

for bench in "${only[@]}"; do
  case "$bench" in
    peers|guides|scale|corpus) ;;
    *) printf 'run.sh: unknown benchmark %s (peers, guides, scale, corpus)\n' "$bench" >&2; exit 2 ;;
  esac
  printf '\n==================== %s ====================\n' "$bench"
  # Each prints its table on stdout and its progress on stderr. The scale benchmark uses its
  # own default sizes; RUNS applies to all.
  "$benches/$bench/run.sh"
done

printf '\n'
python3 "$benches/summary.py" "$repo"
