#!/usr/bin/env bash
# Instruction counts of site search queries, one callgrind dump per query.
#
#   scripts/search-callgrind.sh OUT_DIR [BINARY] -- [search_eval args]
#   e.g. scripts/search-callgrind.sh /tmp/cg -- --baomoi --per-kind 40
#
# Runs search_eval (default: target/release/examples/search_eval, from peers/) under
# callgrind without instrumentation while it loads and builds (--wait), turns
# instrumentation on before the queries, and dumps a profile before every call of
# `search` / `search_ids`; then prints the instructions per query kind (median and
# sum, for `search` and for `search_ids`). Instruction counts repeat under load, unlike
# wall-clock times.
set -euo pipefail
out=$(realpath -m "$1"); shift
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/examples/search_eval"
if [ "${1:-}" != "--" ] && [ -n "${1:-}" ]; then bin=$(realpath "$1"); shift; fi
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"
rm -f "$out"/cg.out* "$out"/stdin
mkfifo "$out/stdin"
cd "$root/peers"
valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no \
  --toggle-collect='tintuc::search::score::search*' \
  --dump-before='*score::search*' \
  --callgrind-out-file="$out/cg.out" \
  "$bin" --only-tintuc --wait "$@" <"$out/stdin" >"$out/stdout" 2>"$out/stderr" &
pid=$!
exec 3>"$out/stdin"
until grep -q '^ready' "$out/stdout" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "search_eval ended early" >&2; exit 1; }
  sleep 2
done
callgrind_control -i on "$pid" >/dev/null
echo >&3
exec 3>&-
wait "$pid"
python3 - "$out" <<'PY'
import glob, re, statistics, sys
out = sys.argv[1]
stdout = open(out + "/stdout").read()
kinds = re.findall(r"^  e\.g\. (\S+)", stdout, re.M)
def total(f):
    for line in open(f):
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    return 0
files = sorted(glob.glob(out + "/cg.out.*"), key=lambda f: int(f.rsplit(".", 1)[1]))
# Dump k is written before the k-th call (the first holds nothing), the last file at exit.
counts = [total(f) for f in files[1:]] + [total(out + "/cg.out")]
full, ids = counts[0::2], counts[1::2]
n = len(full)
per = n // max(len(kinds), 1)
print(f"{n} queries, {len(kinds)} kinds, {per} each (instructions)")
print(f"{'kind':<14} {'search median':>14} {'search sum':>14} {'ids median':>12} {'ids sum':>14}")
rows = [(k, full[i*per:(i+1)*per], ids[i*per:(i+1)*per]) for i, k in enumerate(kinds)]
rows.append(("all", full, ids))
for k, f, d in rows:
    if f:
        print(f"{k:<14} {statistics.median(f):>14,.0f} {sum(f):>14,} {statistics.median(d):>12,.0f} {sum(d):>14,}")
PY
