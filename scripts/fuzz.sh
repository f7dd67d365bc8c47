#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ one after the other with the nightly
# toolchain (see docs/SECURITY.md, "Fuzzing").
#
#   scripts/fuzz.sh [--time SECONDS | --runs N] [TARGET...]
#
# --time: seconds per target (default 300); --runs: executions per target.
# Targets default to all of them: inbox_activity signature_header feed
# html_sanitizer. One fuzzing process at a time (-jobs is not used).
#
# Corpora grow in fuzz/corpus/TARGET (not committed); seeds are read from
# the repository's fixtures and from $FEDIVERSE_FIXTURES when that
# directory exists (default /work/shared/fixtures/fediverse). A crash
# leaves its input in fuzz/artifacts/TARGET/; reproduce it with
#   cargo +nightly fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…
# Dictionaries (fuzz/dicts/TARGET.dict) are used when present.
# Logs: fuzz/logs/TARGET.log; a summary per target is printed at the end.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
limit=(-max_total_time=300)
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --time) limit=("-max_total_time=$2"); shift 2 ;;
    --runs) limit=("-runs=$2"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(inbox_activity signature_header feed html_sanitizer)

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: a nightly toolchain is needed: rustup toolchain install nightly" >&2
  exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz" >&2
  cargo install cargo-fuzz
fi

fixtures=${FEDIVERSE_FIXTURES:-/work/shared/fixtures/fediverse}
seeds_of() {
  local dirs=()
  case "$1" in
    inbox_activity) dirs=("$root/crates/ecities_federation/tests/assets" "$fixtures") ;;
    signature_header) dirs=("$root/fuzz/seeds/signature_header") ;;
    feed) dirs=("$root/crates/ecities/tests/assets/feeds") ;;
    html_sanitizer) dirs=("$root/fuzz/seeds/html_sanitizer" "$root/crates/ecities/tests/assets/feeds") ;;
    *) echo "fuzz.sh: unknown target $1" >&2; exit 2 ;;
  esac
  for d in "${dirs[@]}"; do [[ -d $d ]] && echo "$d"; done
}

cd "$root/fuzz"
# Safe Rust only: no sanitizer (ASan finds nothing safe code can do and
# halves the speed); release build with debug assertions and overflow
# checks, so arithmetic overflow panics too.
build=(-s none --debug-assertions)
cargo +nightly fuzz build "${build[@]}"

mkdir -p logs
summary=()
status=0
for t in "${targets[@]}"; do
  mapfile -t seeds < <(seeds_of "$t")
  mkdir -p "corpus/$t"
  dict=()
  [[ -f dicts/$t.dict ]] && dict=("-dict=dicts/$t.dict")
  echo "== $t (${limit[*]}; seeds: ${seeds[*]:-none})"
  if cargo +nightly fuzz run "${build[@]}" "$t" "corpus/$t" "${seeds[@]}" -- \
    "${limit[@]}" "${dict[@]}" -timeout=25 -print_final_stats=1 >"logs/$t.log" 2>&1; then
    result=ok
  else
    result="FAILED (see fuzz/logs/$t.log and fuzz/artifacts/$t/)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "logs/$t.log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "logs/$t.log" | tail -1)
  summary+=("$t: ${runs:-?} executions, ${speed:-?} exec/s, ${cov:-cov ?}, corpus $(find "corpus/$t" -type f | wc -l) files: $result")
done
echo
printf '%s\n' "${summary[@]}"
exit $status
