#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the tests and prints the
# shell lines that point them at it:
#
#   eval "$(scripts/pg-test-server.sh)"      # exports TINTUC_TEST_PG and TINTUC_TEST_PG_DIR
#   cargo test --features postgres
#   scripts/pg-test-server.sh stop "$TINTUC_TEST_PG_DIR"
#
# Installs Debian's `postgresql` package when no server binaries are found. When run as
# root the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
# Everything but the final `export` lines goes to stderr.
set -euo pipefail

log() { echo "pg-test-server: $*" >&2; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

find_bin() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
    done
    return 1
}

if [ "${1:-}" = stop ]; then
    dir="${2:?usage: pg-test-server.sh stop DIR}"
    bin="$(find_bin)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
    rm -rf "$dir"
    exit 0
fi

if ! bin="$(find_bin)"; then
    log "installing postgresql from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin="$(find_bin)"
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for p in $(seq 55432 55532); do
    if port_free "$p"; then port="$p"; break; fi
done
[ -n "$port" ] || { log "no free port in 55432-55532"; exit 1; }

dir="$(mktemp -d /tmp/tintuc-pg.XXXXXX)"
chmod 755 "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
log "initdb in $dir/data"
as_owner "$bin/initdb" -D "$dir/data" -U tintuc -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# fsync stays on: the tests check durability claims against a real server.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U tintuc tintuc_test >&2
log "running on 127.0.0.1:$port (data in $dir)"
echo "export TINTUC_TEST_PG='host=127.0.0.1 port=$port user=tintuc dbname=tintuc_test'"
echo "export TINTUC_TEST_PG_DIR='$dir'"
