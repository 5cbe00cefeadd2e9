#!/usr/bin/env bash
# Article-page throughput on loopback: the server example without its page cache and
# with it, beside nginx serving the very bytes the server sends for that page as a
# static file; same machine, same run, wrk for all three in turn.
#
#   scripts/load/throughput.sh [SECONDS] [ROUNDS]      # defaults: 20 s, 3 rounds
#
# Environment: CONNS (64), THREADS (2), SERVER_ARGS (more server flags for both, e.g.
# --workers 2), NGINX_SENDFILE (on; off makes nginx copy the file through user space,
# which is faster on some virtual machines: take the faster one as the baseline), BIN
# and KEEP_WORK (see common.sh).
# Prints a Markdown table, the median ratios server ÷ nginx (the issue asks ≥ 0.5
# uncached, ≥ 1 cached) and the wrk command. Only a quiet machine gives a figure:
# see docs/load-testing.md.
set -euo pipefail
source "$(dirname "$0")/common.sh"
secs="${1:-20}"
rounds="${2:-3}"
conns="${CONNS:-64}"
threads="${THREADS:-2}"
need wrk nginx curl
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
SERVER="$(server_bin)"

cport="$(free_port 18080)"
start_server cached "$cport" ${SERVER_ARGS:-}
uport="$(free_port $(( cport + 1 )))"
start_server uncached "$uport" --no-page-cache ${SERVER_ARGS:-}
# The first article linked from the home page.
slug="$(curl -sf "http://127.0.0.1:$uport/" | grep -o '/tin/[a-z0-9-]*\.html' | head -1)"
[ -n "$slug" ] || { echo "load: no article link on the home page" >&2; exit 1; }

# nginx serves the uncached server's bytes for that page.
mkdir -p "$work/www/tin" "$work/logs" "$work/tmp"
curl -sf "http://127.0.0.1:$uport$slug" -o "$work/www$slug"
nport="$(free_port $(( uport + 1 )))"
nginx_conf="$work/nginx.conf"
cat > "$nginx_conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile ${NGINX_SENDFILE:-on};
    tcp_nopush on;
    keepalive_requests 1000000;
    types { text/html html; }
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    server {
        listen 127.0.0.1:$nport;
        root $work/www;
        etag on;
    }
}
CONF
"$NGINX" -c "$nginx_conf" -p "$work"
wait_http "http://127.0.0.1:$nport$slug"
nbytes="$(curl -sf "http://127.0.0.1:$nport$slug" | wc -c)"
ubytes="$(curl -sf "http://127.0.0.1:$uport$slug" | wc -c)"
cbytes="$(curl -sf "http://127.0.0.1:$cport$slug" | wc -c)"

# run URL -> "REQ_PER_SEC NON_2XX SOCKET_ERRORS"
run() {
    local out rps bad errs
    out="$(wrk -t"$threads" -c"$conns" -d"${secs}s" "$1")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    bad="$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")"
    errs="$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
    echo "${rps:-0} ${bad:-0} ${errs:-0}"
}

echo "| round | nginx req/s | uncached req/s | cached req/s | uncached ÷ nginx | cached ÷ nginx |"
echo "|---|---|---|---|---|---|"
u_ratios=(); c_ratios=(); bad_total=0
for r in $(seq "$rounds"); do
    read -r n nb ne < <(run "http://127.0.0.1:$nport$slug")
    read -r u ub ue < <(run "http://127.0.0.1:$uport$slug")
    read -r c cb ce < <(run "http://127.0.0.1:$cport$slug")
    bad_total=$(( bad_total + nb + ne + ub + ue + cb + ce ))
    ur="$(awk -v a="$u" -v b="$n" 'BEGIN { printf "%.2f", a / b }')"
    cr="$(awk -v a="$c" -v b="$n" 'BEGIN { printf "%.2f", a / b }')"
    u_ratios+=("$ur"); c_ratios+=("$cr")
    echo "| $r | $n | $u | $c | $ur | $cr |"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "page $slug: nginx $nbytes bytes (the uncached server's answer saved as a file), server $ubytes uncached / $cbytes cached"
echo "wrk -t$threads -c$conns -d${secs}s, $rounds rounds, $(nproc) cores shared by wrk, nginx and both servers; server flags: ${SERVER_ARGS:-none}; nginx sendfile ${NGINX_SENDFILE:-on}"
echo "median uncached ÷ nginx: $(median "${u_ratios[@]}") (target ≥ 0.5); median cached ÷ nginx: $(median "${c_ratios[@]}") (target ≥ 1)"
if [ "$bad_total" -ne 0 ]; then
    echo "load: $bad_total non-2xx answers or socket errors: the ratios are not valid" >&2
    exit 1
fi
