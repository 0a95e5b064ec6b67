#!/usr/bin/env bash
# Runs a command with a PostgreSQL server of its own: a throwaway cluster in a temporary folder, on
# 127.0.0.1 and a free port (never touching a server already running, e.g. on 5432), with a role and a
# database `alerts` (password `alerts`). The command sees TEST_DATABASE_URL and DATABASE_URL (that
# database) and REQUIRE_POSTGRES=1 (the PostgreSQL tests fail instead of skipping). The server and its
# folder are removed when the command ends, whatever happens.
#
#   .ci/postgres.sh npm test
#   .ci/postgres.sh npx vitest run test/integration/stores/postgres-store.test.ts
#
# Debian's `postgresql` is installed when no server binaries are found and this runs as root.
set -euo pipefail

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin="$(server_bin)"
if [ -z "$bin" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "postgres.sh: no PostgreSQL server found; install Debian's postgresql package (as root)." >&2
    exit 1
  fi
  apt-get update -qq
  # The package's own cluster is not needed: ours is created below.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin="$(server_bin)"
fi

# The server refuses to run as root: as root it runs as the `postgres` user the package created.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

folder="$(mktemp -d /tmp/alert-handler-pg.XXXXXX)"
chmod 755 "$folder"
[ "$(id -u)" = 0 ] && chown postgres: "$folder"
stop() {
  as_server_user "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT

port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

echo alerts >"$folder/password"
[ "$(id -u)" = 0 ] && chown postgres: "$folder/password"
as_server_user "$bin/initdb" -D "$folder/data" -U alerts --pwfile="$folder/password" \
  --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 ||
  { cat "$folder/initdb.log" >&2; exit 1; }
as_server_user "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off" start >/dev/null ||
  { cat "$folder/server.log" >&2; exit 1; }

url="postgres://alerts:alerts@127.0.0.1:$port/alerts"
PGPASSWORD=alerts "$bin/psql" -q -h 127.0.0.1 -p "$port" -U alerts -d postgres -c 'CREATE DATABASE alerts'
echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for: $*"

export TEST_DATABASE_URL="$url" DATABASE_URL="$url" REQUIRE_POSTGRES=1
"$@"
