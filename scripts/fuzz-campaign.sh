#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the TARGETs named) until each fuzzer has used
# SECONDS of CPU time (default 60), seeded from ../shared/data (scripts/fuzz-seed.sh),
# and prints one summary line per target: CPU seconds, runs, coverage (libFuzzer's
# cov/ft counters), corpus size and whether it crashed.
# The budget is CPU time (user + system of the fuzzer process, read from /proc), not
# wall time, so it holds on a shared machine and under `nice`. It is kept per target in
# fuzz/logs/<target>.cpu: a campaign killed midway resumes with the same corpus and
# the time left (FUZZ_RESET=1 starts over, as after a fix).
# Needs `cargo install cargo-fuzz`; the nightly features come from RUSTC_BOOTSTRAP=1.
#   scripts/fuzz-campaign.sh 1800             # the 30 CPU-minutes per target of issue 18
#   scripts/fuzz-campaign.sh 60 viqr render
#   FUZZ_JOBS=2 scripts/fuzz-campaign.sh 1800 # two targets at a time
# Logs: fuzz/logs/<target>.log; crashes: fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
jobs_max="${FUZZ_JOBS:-1}"
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
bin_dir="fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release"
tick=$(getconf CLK_TCK)

# CPU seconds (user + system) used so far by process $1, or nothing once it is gone.
cpu_secs() {
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) }            # fields after "pid (comm) "
  set -- $rest                 # $1 is field 3 (state); utime is field 14, stime 15
  echo $(( (${12} + ${13}) / tick ))
}

# CPU seconds a target has had so far in this campaign (fuzz/logs/<target>.cpu, kept
# every poll, so a campaign that is killed resumes where it stood; FUZZ_RESET=1 starts
# every named target from zero, as after a fix).
spent() { cat "fuzz/logs/$1.cpu" 2>/dev/null || echo 0; }

# A timeout that does not repeat when its input is run again alone (the fuzzer was
# paused, e.g. by SIGSTOP, while the input ran) is not a finding.
false_timeout() {
  local t="$1" log="$2" unit
  grep -q 'ERROR: libFuzzer: timeout' "$log" || return 1
  unit=$(grep -o "Test unit written to [^ ]*timeout-[0-9a-f]*" "$log" | tail -1 | awk '{print $NF}')
  [ -n "$unit" ] && [ -f "$unit" ] || return 1
  "$bin_dir/$t" -timeout=20 -rss_limit_mb=2048 "$unit" >/dev/null 2>&1
}

run_target() {
  local t="$1" log="fuzz/logs/$1.log" pid used rc prev runs=0 n last cov ft corp result
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  [ -n "${FUZZ_RESET:-}" ] && rm -f "fuzz/logs/$t.cpu" "fuzz/logs/$t.runs"
  echo "== $(date -u +%FT%TZ): $(spent "$t") of ${secs} CPU-s spent" >>"$log"
  runs=$(cat "fuzz/logs/$t.runs" 2>/dev/null || echo 0)
  [ -n "${FUZZ_RESET:-}" ] && runs=0
  result=ok
  while [ "$(spent "$t")" -lt "$secs" ]; do
    prev=$(spent "$t")
    "$bin_dir/$t" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
      -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 >"$log.part" 2>&1 &
    pid=$!
    used=0
    while kill -0 "$pid" 2>/dev/null; do
      used=$(cpu_secs "$pid") || break
      echo $(( prev + used )) >"fuzz/logs/$t.cpu"
      if [ $(( prev + used )) -ge "$secs" ]; then
        kill -INT "$pid" 2>/dev/null
        break
      fi
      sleep 5
    done
    wait "$pid"
    rc=$?
    cat "$log.part" >>"$log"
    n=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log.part" | grep -o '[0-9]*$' | tail -1)
    runs=$(( runs + ${n:-0} ))
    echo "$runs" >"fuzz/logs/$t.runs"
    if grep -qE '^==[0-9]+==.*(ERROR|deadly signal)|^SUMMARY: ' "$log.part"; then
      if false_timeout "$t" "$log.part"; then
        echo "$t: a timeout that does not repeat alone (the fuzzer was paused); fuzzing on" >>"$log"
        continue
      fi
      result="CRASH (exit $rc, see $log)"
      break
    fi
    if [ $(( prev + used )) -lt "$secs" ]; then
      result="STOPPED EARLY at $(( prev + used ))s (exit $rc, see $log)"
      break
    fi
  done
  rm -f "$log.part"
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
  corp=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*')
  printf '%-14s cpu %6ss  runs %-10s cov %-6s ft %-7s corpus %-6s %s\n' \
    "$t" "$(spent "$t")" "$runs" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
}

summary=$(mktemp)
for t in $targets; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
    sleep 2
  done
  run_target "$t" | tee -a "$summary" &
done
wait
status=0
grep -qv ' ok$' "$summary" && status=1
rm -f "$summary"
exit $status
