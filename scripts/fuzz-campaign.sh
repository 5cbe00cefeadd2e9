#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the TARGETs named) for SECONDS each (default 60),
# one after the other,
# seeded from ../shared/data (scripts/fuzz-seed.sh), and prints one summary line per
# target: runs, coverage (libFuzzer's cov/ft counters) and whether it crashed.
# Needs `cargo install cargo-fuzz`; the nightly features come from RUSTC_BOOTSTRAP=1.
#   scripts/fuzz-campaign.sh 1800      # the 30 CPU-minutes per target of issue 18
#   scripts/fuzz-campaign.sh 60 viqr render
# Logs: fuzz/logs/<target>.log; crashes: fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi
bash scripts/fuzz-seed.sh >/dev/null
mkdir -p fuzz/logs
targets="${*:-$(cargo fuzz list)}"
if ! cargo fuzz build --release >fuzz/logs/build.log 2>&1; then
  tail -20 fuzz/logs/build.log >&2
  exit 2
fi
status=0
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  log="fuzz/logs/$t.log"
  cargo fuzz run --release "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
  corp=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*')
  if [ $rc -eq 0 ]; then result=ok; else result="CRASH (exit $rc, see $log)"; status=1; fi
  printf '%-14s %6ss  runs %-10s cov %-6s ft %-7s corpus %-6s %s\n' \
    "$t" "$secs" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
exit $status
