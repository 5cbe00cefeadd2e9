#!/usr/bin/env bash
# Mixed soak on loopback: the server example (SQLite, page cache on unless
# SERVER_ARGS=--no-page-cache) under wrk with 95 % page reads and 5 % API writes
# (scripts/load/soak.lua), its resident memory sampled from /proc every 10 s.
#
#   scripts/load/soak.sh [SECONDS]        # default 600 (the issue's 10 minutes)
#
# Environment: CONNS (64), THREADS (2), WRITE_SHARE (0.05), EDITS (50 articles edited
# in turn), WARMUP (seconds of RSS samples left out of the flatness check; default a
# sixth of the run, at least 10 s), SERVER_ARGS, BIN and KEEP_WORK (see common.sh).
#
# Reports requests and statuses, p50/p90/p99 latency, the RSS samples, and whether
# memory after warm-up stays flat (its maximum within 10 % of its minimum). Exits 1 on any 5xx, any 4xx
# or socket error, or memory that is not flat.
set -euo pipefail
source "$(dirname "$0")/common.sh"
secs="${1:-600}"
conns="${CONNS:-64}"
threads="${THREADS:-2}"
edits="${EDITS:-50}"
warmup="${WARMUP:-$(( secs / 6 > 10 ? secs / 6 : 10 ))}"
need wrk curl
SERVER="$(server_bin)"
token="soak-$RANDOM$RANDOM"

port="$(free_port 18180)"
# shellcheck disable=SC2086
start_server soak "$port" --token "$token" ${SERVER_ARGS:-}
base="http://127.0.0.1:$port"
# The articles the writes edit (their data stays the same size).
for k in $(seq "$edits"); do
    curl -sf -o /dev/null -X PUT "$base/api/articles/soak-$k" \
        -H "Authorization: Bearer $token" -H "Content-Type: application/json" -H "If-Match: *" \
        --data "{\"id\":\"soak-$k\",\"title\":\"Bài thử tải số $k\",\"body\":\"Bản đầu.\",\"category\":\"Thử tải\",\"tags\":[\"Thử tải\"],\"published\":\"17/8/2018\"}" \
    || curl -sf -o /dev/null -X POST "$base/api/articles" \
        -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
        --data "{\"id\":\"soak-$k\",\"title\":\"Bài thử tải số $k\",\"body\":\"Bản đầu.\",\"category\":\"Thử tải\",\"tags\":[\"Thử tải\"],\"published\":\"17/8/2018\"}" \
    || { echo "soak: creating soak-$k failed" >&2; cat "$work/soak.log" >&2; exit 1; }
done
# Every page in the sitemap (articles, categories, tags as linked) plus home and feeds.
{
    echo "return {"
    echo "  '/', '/rss.xml', '/sitemap.xml', '/tim-kiem?q=thi+%C4%91ua',"
    curl -sf "$base/sitemap.xml" | grep -o "<loc>[^<]*</loc>" | sed -e "s|<loc>$base||" -e 's|</loc>||' \
        | sed -e "s|.*|  '&',|"
    echo "}"
} > "$work/soak-paths.lua"
npaths="$(grep -c "^  '" "$work/soak-paths.lua")"

# RSS every 10 s (and at the start).
rss_log="$work/rss.log"
(
    t=0
    while kill -0 "$soak_pid" 2>/dev/null; do
        sample="$(awk '/^VmRSS:/ {r = $2} /^Threads:/ {n = $2} /^RssAnon:/ {a = $2}
            /^RssFile:/ {f = $2} /^RssShmem:/ {s = $2} END {print r, n, a, f, s}' \
            "/proc/$soak_pid/status" 2>/dev/null || true)"
        [ -n "$sample" ] && echo "$t $sample" >> "$rss_log"
        sleep 10
        t=$(( t + 10 ))
    done
) &
sampler=$!
pids+=("$sampler")

echo "soak: $secs s, wrk -t$threads -c$conns, $npaths paths, ${WRITE_SHARE:-0.05} writes over $edits articles, server ${SERVER_ARGS:-with page cache}"
SOAK_PATHS="$work/soak-paths.lua" SOAK_TOKEN="$token" SOAK_EDITS="$edits" \
SOAK_WRITE_SHARE="${WRITE_SHARE:-0.05}" \
    wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s -s scripts/load/soak.lua "$base" \
    | tee "$work/wrk.out"
kill "$sampler" 2>/dev/null || true
sample="$(awk '/^VmRSS:/ {r = $2} /^Threads:/ {n = $2} /^RssAnon:/ {a = $2}
    /^RssFile:/ {f = $2} /^RssShmem:/ {s = $2} END {print r, n, a, f, s}' "/proc/$soak_pid/status")"
echo "$secs $sample" >> "$rss_log"

echo
echo "RSS (KiB) every 10 s: $(awk '{printf "%s%s", (NR>1?" ":""), $2}' "$rss_log")"
echo "threads every 10 s: $(awk '{printf "%s%s", (NR>1?" ":""), $3}' "$rss_log")"
echo "of which anonymous / file / shared memory (KiB): $(awk '{printf "%s%s/%s/%s", (NR>1?" ":""), $4, $5, $6}' "$rss_log")"
verdict="$(awk -v w="$warmup" '$1 >= w {print $2}' "$rss_log" | sort -n | awk -v w="$warmup" '
    { v[++n] = $1 }
    END {
        if (n == 0) { print "no samples after warm-up"; exit }
        med = v[int((n + 1) / 2)]; lo = v[1]; hi = v[n];
        spread = (hi - lo) / lo * 100;
        printf "%d samples after %d s: min %d, median %d, max %d KiB; max is %.1f %% above min: %s\n",
            n, w, lo, med, hi, spread, (spread <= 10 ? "flat" : "NOT FLAT");
    }')"
echo "memory: $verdict"
eval "$(grep -o 'SOAK_5XX=[0-9]* SOAK_4XX=[0-9]* SOAK_SOCKET_ERRORS=[0-9]*' "$work/wrk.out")"
status=0
[ "${SOAK_5XX:-1}" -eq 0 ] || { echo "soak: FAILED: $SOAK_5XX answers 5xx (server log: $work/soak.log)" >&2; status=1; }
[ "${SOAK_4XX:-1}" -eq 0 ] || { echo "soak: FAILED: $SOAK_4XX answers 4xx" >&2; status=1; }
[ "${SOAK_SOCKET_ERRORS:-1}" -eq 0 ] || { echo "soak: FAILED: $SOAK_SOCKET_ERRORS socket errors" >&2; status=1; }
case "$verdict" in *NOT\ FLAT*|no\ samples*) echo "soak: FAILED: memory not flat" >&2; status=1 ;; esac
[ "$status" -eq 0 ] && echo "soak: passed (0 5xx, memory flat within 10 %)"
if [ "$status" -ne 0 ]; then KEEP_WORK=1; fi
exit "$status"
