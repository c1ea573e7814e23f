# Shared by the benchmark scripts (sourced, not run): messages, the release binary, a temporary
# work folder. The sourcing script sets `repo` (the repository root) first.

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

# Build Portico in release and set `portico` to the binary (honours CARGO_TARGET_DIR).
build_release() {
  say "==> cargo build --release"
  (cd "$repo" && cargo build --release >&2)
  local target_dir="${CARGO_TARGET_DIR:-$repo/target}"
  case "$target_dir" in /*) ;; *) target_dir="$repo/$target_dir" ;; esac
  portico="$target_dir/release/portico"
  [ -x "$portico" ] || die "no binary at $portico after cargo build"
  layout_coverage
}

# Say how many of the functions in benches/layout/hot-functions.txt, which the linker places
# first (build.rs), are in the binary: their names change with Rust and dependency upgrades, and
# a stale list silently costs about 5 MB of resident memory per build.
layout_coverage() {
  local list="$repo/benches/layout/hot-functions.txt" listed found
  command -v nm >/dev/null || { say "==> hot-function layout: not checked (no nm)"; return; }
  listed="$(grep -vc '^#' "$list")"
  found="$(grep -v '^#' "$list" | LC_ALL=C sort -u | LC_ALL=C comm -12 - <(nm --defined-only "$portico" | awk '{print $3}' | LC_ALL=C sort -u) | wc -l)"
  say "==> hot-function layout: $found of $listed listed functions are in the binary"
  if [ $((found * 10)) -lt $((listed * 9)) ]; then
    say "    WARNING: the list is stale; rerun benches/layout/profile.sh (see benches/layout/README.md)"
  fi
}

# Make a temporary folder named after $1 and set `work` to it; it is removed on exit unless
# KEEP=1 (then its path is printed).
make_work_dir() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/portico-$1-bench.XXXXXX")"
  if [ "${KEEP:-0}" = 1 ]; then
    trap 'say "kept the benchmark folder $work"' EXIT
  else
    trap 'rm -rf "$work"' EXIT
  fi
}

# Set `outputs` to a folder for the tools' outputs, named after $1 (call it after make_work_dir,
# not in a subshell: it extends the exit trap): on tmpfs (/dev/shm) unless
# OUTPUT_FS=disk. On this shared machine's nearly full ext4 volume, creating a portal's few
# thousand files costs 0.5-3 s of kernel time that changes from run to run (the same `cp -r`
# took 0.45 s and 2.9 s): that measures the disk, not the tool. Every tool writes to the same
# place. Removed on exit with the work folder unless KEEP=1.
output_dir() {
  local base
  if [ "${OUTPUT_FS:-tmpfs}" = tmpfs ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    base="$(mktemp -d /dev/shm/portico-$1-out.XXXXXX)"
  else
    base="$work/outputs"
    mkdir -p "$base"
  fi
  if [ "${KEEP:-0}" != 1 ]; then
    trap 'rm -rf "$work" "'"$base"'"' EXIT
  fi
  outputs="$base"
}
