#!/usr/bin/env bash
# Article-page throughput: the server example (axum + SqliteStore, release build) beside
# nginx serving the same article's page prerendered by the portal example, same machine,
# same run.
#
#   scripts/bench-server.sh [SECONDS_PER_RUN] [ROUNDS]
#
# Needs Debian's `wrk` and `nginx` (installed when missing). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
rounds="${2:-3}"
conns=32
threads=2

for tool in wrk nginx; do
    if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >&2
    fi
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

cargo build --release --example server --features sqlite >&2
cargo build --release --example portal >&2
work="$(mktemp -d /tmp/tintuc-bench.XXXXXX)"
chmod 755 "$work"
server_pid=""; nginx_started=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$nginx_started" ] && "$NGINX" -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    local p
    for p in $(seq "$1" $(( $1 + 100 ))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}
sport="$(free_port 18080)"
./target/release/examples/server --db "$work/site.sqlite3" --addr "127.0.0.1:$sport" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$sport/" >/dev/null 2>&1 && break
    sleep 0.1
done
slug="$(curl -sf "http://127.0.0.1:$sport/" | grep -o '/tin/[a-z0-9-]*\.html' | head -1)"
[ -n "$slug" ] || { echo "no article link on the home page" >&2; exit 1; }
# The prerendered site: the portal example renders every page to files.
./target/release/examples/portal --out "$work/www" >&2
[ -f "$work/www$slug" ] || { echo "portal did not render $slug" >&2; exit 1; }

nport="$(free_port $(( sport + 1 )))"
mkdir -p "$work/logs"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
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
mkdir -p "$work/tmp"
"$NGINX" -c "$work/nginx.conf" -p "$work" 
nginx_started=1
sleep 0.3
nbytes="$(curl -sf "http://127.0.0.1:$nport$slug" | wc -c)"
sbytes="$(curl -sf "http://127.0.0.1:$sport$slug" | wc -c)"
[ "$nbytes" -gt 0 ] && [ "$sbytes" -gt 0 ] || { echo "empty page" >&2; exit 1; }

rps() { wrk -t"$threads" -c"$conns" -d"${secs}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "| round | server req/s | nginx req/s | ratio |"
echo "|---|---|---|---|"
ratios=()
for r in $(seq "$rounds"); do
    n="$(rps "http://127.0.0.1:$nport$slug")"
    s="$(rps "http://127.0.0.1:$sport$slug")"
    ratio="$(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.2f", s / n }')"
    ratios+=("$ratio")
    echo "| $r | $s | $n | $ratio |"
done
median="$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo
echo "page: $slug (server $sbytes bytes, portal file $nbytes bytes); wrk -t$threads -c$conns -d${secs}s; median ratio server/nginx: $median"
