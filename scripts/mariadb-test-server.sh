#!/usr/bin/env bash
# Starts a throwaway MariaDB server on 127.0.0.1 for the NukeViet migration tests and
# prints the shell lines that point them at it:
#
#   eval "$(scripts/mariadb-test-server.sh)"   # exports TINTUC_MARIADB_URL and TINTUC_MARIADB_DIR
#   cargo test --features nukeviet --test it nukeviet
#   scripts/mariadb-test-server.sh stop "$TINTUC_MARIADB_DIR"
#
# Installs Debian's `mariadb-server` package when no server binary is found (the
# package's own service is not started or used). The server keeps its data, socket and
# log in a fresh temporary directory, listens on 127.0.0.1 only, and runs as the
# `mysql` user when started as root. The tests connect as `tintuc` (password `tintuc`)
# to the empty database `tintuc_nukeviet`. Everything but the `export` lines goes to stderr.
set -euo pipefail

log() { echo "mariadb-test-server: $*" >&2; }

if [ "${1:-}" = stop ]; then
    dir="${2:?usage: mariadb-test-server.sh stop DIR}"
    if [ -f "$dir/mariadbd.pid" ]; then
        pid="$(cat "$dir/mariadbd.pid")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    exit 0
fi

if ! [ -x /usr/sbin/mariadbd ] || ! command -v mariadb-install-db >/dev/null 2>&1; then
    log "installing mariadb-server from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    # policy-rc.d keeps the package's own service from starting.
    { apt-get install -y -qq mariadb-server || { apt-get update -qq && apt-get install -y -qq mariadb-server; }; } >&2
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for p in $(seq 53306 53406); do
    if port_free "$p"; then port="$p"; break; fi
done
[ -n "$port" ] || { log "no free port in 53306-53406"; exit 1; }

dir="$(mktemp -d /tmp/tintuc-mariadb.XXXXXX)"
chmod 755 "$dir"
user_opt=()
if [ "$(id -u)" = 0 ]; then
    chown mysql:mysql "$dir" 2>/dev/null || { id mysql >/dev/null 2>&1 || useradd -r mysql; chown mysql:mysql "$dir"; }
    user_opt=(--user=mysql)
fi
log "mariadb-install-db in $dir/data"
mariadb-install-db "${user_opt[@]}" --datadir="$dir/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
/usr/sbin/mariadbd --no-defaults "${user_opt[@]}" --datadir="$dir/data" --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mariadbd.pid" --port="$port" --bind-address=127.0.0.1 \
    --log-error="$dir/server.log" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=32M >/dev/null 2>&1 </dev/null &
for _ in $(seq 1 300); do
    if mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    sleep 0.1
done
mariadb --no-defaults --socket="$dir/mysqld.sock" -uroot >&2 <<SQL || { cat "$dir/server.log" >&2; exit 1; }
CREATE DATABASE tintuc_nukeviet CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'tintuc'@'127.0.0.1' IDENTIFIED BY 'tintuc';
CREATE USER 'tintuc'@'localhost' IDENTIFIED BY 'tintuc';
GRANT ALL ON tintuc_nukeviet.* TO 'tintuc'@'127.0.0.1';
GRANT ALL ON tintuc_nukeviet.* TO 'tintuc'@'localhost';
SQL
log "running on 127.0.0.1:$port (data in $dir)"
echo "export TINTUC_MARIADB_URL='mysql://tintuc:tintuc@127.0.0.1:$port/tintuc_nukeviet'"
echo "export TINTUC_MARIADB_DIR='$dir'"
