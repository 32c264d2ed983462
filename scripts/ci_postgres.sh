#!/usr/bin/env bash
# Best effort for CI: start a throwaway local PostgreSQL and print its URL (prints nothing if it cannot);
# /tmp/aligner-pg.stop then holds the command that stops it.
set -u
command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] || exit 0
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || exit 0
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/aligner-pg.XXXXXX)
chown postgres "$dir"
port=55432
su postgres -c "$bin/initdb -D $dir/data -A trust -U postgres" >/dev/null 2>&1 || exit 0
su postgres -c "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1' -l $dir/log -w start" \
  >/dev/null 2>&1 || exit 0
echo "su postgres -c '$bin/pg_ctl -D $dir/data -m fast stop'" > /tmp/aligner-pg.stop
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
