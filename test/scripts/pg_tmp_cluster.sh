#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on a Unix socket, for the demo, the
# client tests and the benchmarks.
#   pg_tmp_cluster.sh start DIR PORT [extra postgres -c settings...]
#   pg_tmp_cluster.sh stop DIR
# As root, the cluster runs as user postgres (initdb refuses root). Clients
# connect with PGHOST=DIR/sock PGPORT=PORT PGUSER=postgres (trust auth).
set -euo pipefail
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: pg_tmp_cluster.sh start|stop DIR [PORT]}
dir=${2:?missing DIR}

run=()
if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); fi

case "$cmd" in
  start)
    port=${3:?missing PORT}
    shift 3
    mkdir -p "$dir/sock"
    if [ "$(id -u)" = 0 ]; then chown -R postgres: "$dir"; fi
    "${run[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-locale -E UTF8 --no-sync >"$dir/initdb.log"
    opts="-k $dir/sock -p $port -c listen_addresses='' -c jit=off"
    for setting in "$@"; do opts+=" -c $setting"; done
    "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 -o "$opts" start >/dev/null
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 120 stop >/dev/null || true
    fi
    ;;
  *)
    echo "unknown command: $cmd" >&2
    exit 2
    ;;
esac
