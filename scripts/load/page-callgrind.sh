#!/usr/bin/env bash
# Instructions per uncached article-page request in the server example, from
# callgrind (repeatable on a shared machine, unlike wall-clock throughput): the server
# runs under valgrind, gets 50 warm-up requests, its counters are zeroed, wrk sends
# article-page requests on one connection for SECONDS, and the dump's total is divided
# by the requests served.
#
#   scripts/load/page-callgrind.sh [SECONDS] [SERVER ARGS...]   # default 30 s, --no-page-cache
#
# Needs valgrind, wrk and curl; BIN as in common.sh. Keeps the callgrind file
# (callgrind_annotate --inclusive=yes FILE shows where the instructions go).
set -euo pipefail
source "$(dirname "$0")/common.sh"
need valgrind callgrind_control wrk curl
secs="${1:-30}"
shift || true
[ $# -gt 0 ] || set -- --no-page-cache
SERVER="$(server_bin)"
port="$(free_port 18555)"
# The server example starts itself again with these set unless they are (outside
# valgrind, which would then count nothing).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" "$SERVER" \
    --db "$work/db.sqlite3" --addr "127.0.0.1:$port" --base-url "http://127.0.0.1:$port" \
    --site-name "Cổng thông tin thử tải" "$@" >"$work/server.log" 2>&1 &
vg=$!
pids+=("$vg")
wait_http "http://127.0.0.1:$port/" || { cat "$work/server.log" >&2; exit 1; }
slug="$(curl -sf "http://127.0.0.1:$port/" | grep -o '/tin/[a-z0-9-]*\.html' | head -1)"
[ -n "$slug" ] || { echo "load: no article link on the home page" >&2; exit 1; }
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port$slug"; done
callgrind_control -z "$vg" >/dev/null 2>&1
n="$(wrk -t1 -c1 -d"${secs}s" "http://127.0.0.1:$port$slug" | grep -o '^ *[0-9]* requests in' | grep -o '[0-9]*')"
callgrind_control -d "$vg" >/dev/null 2>&1
sleep 1
f="$(ls "$work"/cg.*.1)"
kept="/tmp/page-callgrind.$(date +%s).out"
cp "$f" "$kept"
total="$(grep '^totals:' "$f" | grep -o '[0-9]*')"
echo "page $slug: $n requests, $total instructions, $(( total / n )) per request (callgrind file: $kept)"
