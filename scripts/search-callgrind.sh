#!/usr/bin/env bash
# Instruction counts of site search queries, one callgrind dump per query.
#
#   scripts/search-callgrind.sh OUT_DIR [BINARY] -- [search_eval args]
#   e.g. scripts/search-callgrind.sh /tmp/cg -- --baomoi --per-kind 40
#   scripts/search-callgrind.sh --report OUT_DIR   (the table of a finished run again)
#   scripts/search-callgrind.sh --tantivy OUT_DIR [BINARY] -- [search_eval args]
#     (the same queries on Tantivy with ASCII folding: `--only-folded`, a dump per call
#     of `TantivySearch::top`, the top 10 ids; --report --tantivy OUT_DIR for its table)
#
# Runs search_eval (default: target/release/examples/search_eval, from peers/) under
# callgrind without instrumentation while it loads and builds (--wait), turns
# instrumentation on before the queries, and dumps a profile before every call of
# `search` / `search_ids`; then prints the instructions per query kind (median and
# sum, for `search` and for `search_ids`). Instruction counts repeat under load, unlike
# wall-clock times.
set -euo pipefail
report_only=0
tantivy=0
if [ "${1:-}" = "--report" ]; then report_only=1; shift; fi
if [ "${1:-}" = "--tantivy" ]; then tantivy=1; shift; fi
out=$(realpath -m "$1"); shift
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/examples/search_eval"
if [ "${1:-}" != "--" ] && [ -n "${1:-}" ]; then bin=$(realpath "$1"); shift; fi
[ "${1:-}" = "--" ] && shift
if [ "$report_only" = 0 ]; then
mkdir -p "$out"
rm -f "$out"/cg.out* "$out"/stdin
mkfifo "$out/stdin"
cd "$root/peers"
if [ "$tantivy" = 1 ]; then
  opts=(--toggle-collect='*TantivySearch::top' --dump-before='*TantivySearch::top')
  only=--only-folded
else
  opts=(--toggle-collect='tintuc::search::score::search*'
    --dump-before='*score::search' --dump-before='*score::search_ids')
  only=--only-tintuc
fi
valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no "${opts[@]}" \
  --callgrind-out-file="$out/cg.out" \
  "$bin" "$only" --wait "$@" <"$out/stdin" >"$out/stdout" 2>"$out/stderr" &
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
fi
python3 - "$out" "$tantivy" <<'PY'
import glob, re, statistics, sys
out, tantivy = sys.argv[1], sys.argv[2] == "1"
stdout = open(out + "/stdout").read()
kinds = re.findall(r"^  e\.g\. (\S+)", stdout, re.M)
names = {}  # callgrind names a function once per run, then by its number
def read(f):
    cost, ids = 0, False
    for line in open(f):
        if line.startswith(("summary:", "totals:")):
            cost = int(line.split()[1])
        elif line.startswith("fn=("):
            num, _, name = line[3:].rstrip().partition(" ")
            if name:
                names[num] = name
            ids |= names.get(num, "").endswith("score::search_ids")
    return cost, ids
files = sorted(glob.glob(out + "/cg.out.*"), key=lambda f: int(f.rsplit(".", 1)[1]))
if tantivy:
    # One call of `top` per query.
    full = [read(f)[0] for f in files[1:] + [out + "/cg.out"]]
    n = len(full)
    per = n // max(len(kinds), 1)
    print(f"{n} queries, {len(kinds)} kinds, {per} each (instructions, Tantivy ASCII folding)")
    print(f"{'kind':<14} {'top median':>14} {'top sum':>14}")
    rows = [(k, full[i*per:(i+1)*per]) for i, k in enumerate(kinds)] + [("all", full)]
    for k, f in rows:
        if f:
            print(f"{k:<14} {statistics.median(f):>14,.0f} {sum(f):>14,}")
    sys.exit(0)
# Dump k is written before the k-th call (the first holds nothing), the last file at
# exit; each query runs `search`, then `search_ids`.
full, ids, acc = [], [], 0
for f in files[1:] + [out + "/cg.out"]:
    cost, is_ids = read(f)
    if is_ids:
        full.append(acc)
        ids.append(cost)
        acc = 0
    else:
        acc += cost
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
