#!/usr/bin/env bash
# Stops or starts the throwaway PostgreSQL cluster of scripts/pg-test-server.sh, for the
# fault tests (tests/it/web_faults.rs) that take the database away under load:
#
#   scripts/fault/pg-ctl.sh stop  DIR   # fast shutdown: sessions are cut off
#   scripts/fault/pg-ctl.sh start DIR   # same address and options as before
#
# DIR is the directory pg-test-server.sh printed as TINTUC_TEST_PG_DIR (the cluster is
# in DIR/data). `start` reads the options the server last ran with from
# DIR/data/postmaster.opts. When run as root the cluster runs as `postgres`.
set -euo pipefail
action="${1:?usage: pg-ctl.sh stop|start DIR}"
dir="${2:?usage: pg-ctl.sh stop|start DIR}"

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

bin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/pg_ctl" ]; then bin="$d"; break; fi
done
if [ -z "$bin" ]; then
    bin="$(dirname "$(command -v pg_ctl)")" || { echo "pg-ctl.sh: no pg_ctl" >&2; exit 1; }
fi

case "$action" in
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2
    ;;
start)
    opts_file="$dir/data/postmaster.opts"
    [ -f "$opts_file" ] || { echo "pg-ctl.sh: no $opts_file" >&2; exit 1; }
    # `postgres "-D" "…" "-h" "…" …`: everything after the program but `-D` (pg_ctl
    # adds its own).
    opts="$(cut -d' ' -f2- "$opts_file" | sed 's/"-D" "[^"]*" *//g')"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start >&2
    ;;
*)
    echo "usage: pg-ctl.sh stop|start DIR" >&2
    exit 2
    ;;
esac
