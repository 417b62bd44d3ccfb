# Shared by the ops/ scripts (sourced, not run).

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

log() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(basename "$0"): $*"
}

# Runs a command as PG_OS_USER (default postgres) when this script runs as root: pgBackRest must write its repository
# and read the data directory as the user PostgreSQL runs as (archive_command runs as that user too).
as_pg_user() {
  local user="${PG_OS_USER:-postgres}"
  if [ "$(id -u)" -eq 0 ] && [ "$user" != root ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

# Seconds since the epoch, with milliseconds.
now_seconds() {
  date +%s.%3N
}

elapsed_since() {
  awk -v start="$1" -v end="$(now_seconds)" 'BEGIN { printf "%.1f", end - start }'
}

# pgbackrest as PG_OS_USER for PGBACKREST_STANZA (default rate-gateway). A PGBACKREST_CONFIG is also passed on the
# command line: pgbackrest restore writes its own options into PostgreSQL's restore_command, and only those given on
# the command line; without it, archive-get would read the default /etc/pgbackrest/pgbackrest.conf.
pgbackrest_as_pg_user() {
  command -v pgbackrest >/dev/null || die "pgbackrest is not installed (Debian/Ubuntu: apt-get install pgbackrest)"
  local options=(--stanza="${PGBACKREST_STANZA:-rate-gateway}")
  [ -n "${PGBACKREST_CONFIG:-}" ] && options+=(--config="$PGBACKREST_CONFIG")
  as_pg_user pgbackrest "${options[@]}" "$@"
}
