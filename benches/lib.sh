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
