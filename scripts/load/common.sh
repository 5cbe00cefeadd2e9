# Shared by scripts/load/*.sh (sourced, not run): the server binary, free ports,
# starting and stopping the server example, waiting for it.
#
# Environment:
#   BIN=PATH        the server example's binary (default target/release/examples/server,
#                   built with `cargo build --release --example server --features web,sqlite`
#                   unless BIN is given)
#   KEEP_WORK=1     keep the temporary directory (logs, database, nginx config)

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

need() {
    local tool
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
            echo "load: $tool is needed (Debian: apt-get install wrk nginx-light curl)" >&2
            exit 1
        fi
    done
}

server_bin() {
    if [ -n "${BIN:-}" ]; then
        [ -x "$BIN" ] || { echo "load: BIN=$BIN is not an executable" >&2; exit 1; }
        echo "$BIN"
        return
    fi
    cargo build --release --example server --features web,sqlite >&2
    echo "target/release/examples/server"
}

free_port() {
    local p
    for p in $(seq "$1" $(( $1 + 200 ))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    echo "load: no free port from $1" >&2
    return 1
}

# wait_http URL: until it answers 200 (at most 120 s).
wait_http() {
    local i
    for i in $(seq 1200); do
        if curl -sf -o /dev/null "$1"; then return 0; fi
        sleep 0.1
    done
    echo "load: $1 did not answer" >&2
    return 1
}

# start_server NAME PORT ARGS...: the server example on 127.0.0.1:PORT over its own
# SQLite file in $work; sets ${NAME}_pid.
start_server() {
    local name="$1" port="$2"
    shift 2
    "$SERVER" --db "$work/$name.sqlite3" --addr "127.0.0.1:$port" \
        --base-url "http://127.0.0.1:$port" --site-name "Cổng thông tin thử tải" "$@" \
        2>"$work/$name.log" &
    printf -v "${name}_pid" '%s' "$!"
    pids+=("$!")
    wait_http "http://127.0.0.1:$port/" || { cat "$work/$name.log" >&2; exit 1; }
}

pids=()
nginx_conf=""
work="$(mktemp -d /tmp/tintuc-load.XXXXXX)"
chmod 755 "$work"
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    if [ -n "$nginx_conf" ]; then "$NGINX" -c "$nginx_conf" -p "$work" -s stop 2>/dev/null || true; fi
    if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$work"; else echo "load: kept $work" >&2; fi
}
trap cleanup EXIT
