#!/usr/bin/env bash
# A PostgreSQL server of the tests' own: a data directory under /tmp that no other server uses,
# listening on a Unix socket in that directory only (no TCP port), trust authentication for the
# one role `jointmeeting`. .ci/run and a developer start it the same way:
#
#   .ci/postgres.sh start   # idempotent; installs Debian's postgresql when initdb is missing
#   .ci/postgres.sh url     # the URL to export as JOINTMEETING_TEST_POSTGRES
#   .ci/postgres.sh stop
#
# The directory is $JOINTMEETING_PG_DIR, else one per checkout (so two checkouts on one machine
# run two servers). Under root the server runs as the `postgres` user: initdb refuses root.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${JOINTMEETING_PG_DIR:-/tmp/jointmeeting-pg-$(pwd | sha256sum | cut -c1-10)}"
url="postgresql://jointmeeting@/jointmeeting?host=$dir"

find_bin() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
  else
    find /usr/lib/postgresql -maxdepth 3 -name pg_ctl -path '*/bin/*' 2>/dev/null \
      | sort -V | tail -n 1 | xargs -r dirname
  fi
}

as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin="$(find_bin)"
    if [ -z "$bin" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      bin="$(find_bin)"
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    mkdir -p "$dir"
    chmod 700 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server "$bin/initdb" -D "$dir/data" -U jointmeeting --auth=trust --no-locale \
        -E UTF8 >"$dir/initdb.log"
    fi
    if ! as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_server "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir'" start >/dev/null
    fi
    if ! "$bin/psql" -h "$dir" -U jointmeeting -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'jointmeeting'" | grep -q 1; then
      "$bin/createdb" -h "$dir" -U jointmeeting jointmeeting
    fi
    echo "$url"
    ;;
  stop)
    bin="$(find_bin)"
    if [ -n "$bin" ] && [ -f "$dir/data/PG_VERSION" ] \
        && as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_server "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >/dev/null
    fi
    ;;
  url)
    echo "$url"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
