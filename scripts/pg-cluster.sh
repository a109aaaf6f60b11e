#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and CI.
#
#   scripts/pg-cluster.sh start DIR PORT   initdb DIR (if needed), start on 127.0.0.1:PORT, wait, print the URL
#   scripts/pg-cluster.sh stop DIR         stop it (fast shutdown); nothing to do if it is not running
#   scripts/pg-cluster.sh status DIR       exit 0 if it is running
#
# Trust authentication, loopback only, socket in DIR, fsync off: for tests, never for data you want to keep.
# As root, the cluster runs as the user `pgtest` (created if missing), since PostgreSQL refuses to run as root.
# Both commands are idempotent: starting a running cluster prints its URL again, stopping a stopped one is a no-op.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=${PG_CLUSTER_OS_USER:-pgtest}

die() {
  echo "pg-cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2
  exit 2
}

# Run a command as the cluster owner: ourselves, or $PG_USER when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # runuser (util-linux) needs no PAM session or password; su is the fallback.
    if command -v runuser >/dev/null 2>&1; then
      runuser -u "$PG_USER" -- "$@"
    else
      su -s /bin/sh "$PG_USER" -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

ensure_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    # A concurrent run may have created it meanwhile: only fail if it still does not exist.
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER" 2>/dev/null ||
      id -u "$PG_USER" >/dev/null 2>&1 || die "could not create the user $PG_USER"
  fi
}

# The cluster owner must be able to reach DIR: make every parent directory traversable for it.
check_reachable() {
  local dir=$1
  as_owner test -x "$dir" -a -w "$dir" ||
    die "$dir is not writable by $PG_USER (is a parent directory private to root?). Choose a directory under /tmp."
}

# The postmaster's pid from DIR/postmaster.pid, if that process exists and is not a zombie (a container whose
# init does not reap would otherwise keep a killed postmaster "alive" for pg_ctl).
postmaster_pid() {
  local dir=$1 pid state
  pid=$(head -n 1 "$dir/postmaster.pid" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/stat" ] || return 1
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ] || return 1
  echo "$pid"
}

is_running() {
  local dir=$1
  [ -f "$dir/PG_VERSION" ] || return 1
  postmaster_pid "$dir" >/dev/null || {
    # Dead or zombie postmaster: the pid file is stale; pg_ctl start would trust it when the pid is a zombie.
    rm -f "$dir/postmaster.pid" "$dir"/.s.PGSQL.*
    return 1
  }
  as_owner "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

cmd_start() {
  local dir=$1 port=$2
  [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "PORT must be a number from 1 to 65535, not '$port'"
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 binaries not found in $PG_BIN (apt-get install postgresql-15)"
  ensure_user
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  [[ $dir != *[[:space:]]* ]] || die "DIR must not contain spaces (it is also the socket directory): $dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$PG_USER" "$dir"
  fi
  chmod 700 "$dir"
  check_reachable "$dir"
  local url="postgres://postgres@127.0.0.1:$port/postgres"

  if is_running "$dir"; then
    # Already running: only fine if it is on the port we were asked for.
    local running_port
    running_port=$(sed -n '4p' "$dir/postmaster.pid" 2>/dev/null || true)
    [ "$running_port" = "$port" ] || die "a cluster is already running in $dir on port ${running_port:-?}, not $port"
    echo "$url"
    return 0
  fi

  if [ ! -f "$dir/PG_VERSION" ]; then
    # A half-initialised directory (an interrupted initdb) would make initdb refuse: start from empty.
    if [ -n "$(ls -A "$dir")" ]; then
      find "$dir" -mindepth 1 -delete
    fi
    local out
    out=$(as_owner "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 2>&1) ||
      {
        echo "$out" >&2
        die "initdb failed in $dir"
      }
  fi

  # A postmaster.pid left by a killed server makes pg_ctl start fail only if that pid is alive; pg_ctl handles
  # the stale case itself. -w waits for the server to accept connections (up to -t seconds).
  local log="$dir/server.log"
  if ! as_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c max_connections=200" start >/dev/null; then
    tail -n 30 "$log" >&2 2>/dev/null || true
    die "PostgreSQL did not start in $dir on port $port"
  fi

  # pg_ctl -w checks the socket; make sure TCP on the port answers too.
  local i
  for i in $(seq 1 100); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; then
      echo "$url"
      return 0
    fi
    sleep 0.1
  done
  tail -n 30 "$log" >&2 2>/dev/null || true
  die "PostgreSQL started in $dir but does not accept connections on 127.0.0.1:$port"
}

cmd_stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  [ -f "$dir/postmaster.pid" ] || return 0
  if is_running "$dir"; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null ||
      die "could not stop the cluster in $dir"
  fi
  return 0
}

[ $# -ge 1 ] || usage
case "$1" in
start)
  [ $# -eq 3 ] || usage
  cmd_start "$2" "$3"
  ;;
stop)
  [ $# -eq 2 ] || usage
  cmd_stop "$2"
  ;;
status)
  [ $# -eq 2 ] || usage
  is_running "$2"
  ;;
*) usage ;;
esac
