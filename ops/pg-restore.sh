#!/usr/bin/env bash
# Restores PostgreSQL's data directory (the stanza's pg1-path) from the pgBackRest repository: the latest backup and
# all archived WAL, or up to a moment (point-in-time recovery, then promotion). PostgreSQL must be stopped. A delta
# restore: files already right are kept, so running it again, or on a data directory that survived, is safe.
# Start PostgreSQL afterwards: it fetches WAL from the repository (restore_command) up to the target, then promotes.
# See docs/Backup-And-Restore.md.
set -euo pipefail
. "$(dirname "$0")/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--time 'YYYY-MM-DD HH:MM:SS.ffffff+00'] [--set BACKUP_LABEL] [pgbackrest options...]
  (no --time)  to the end of the archived WAL: everything archived is recovered
  --time T     to moment T (transactions committed after it are not), then promote and take writes
  --set L      from backup set L (pgbackrest info lists them); default: the newest one before the target
Environment: PGBACKREST_STANZA (default rate-gateway), PGBACKREST_CONFIG, PG_OS_USER (default postgres)
USAGE
}

stanza="${PGBACKREST_STANZA:-rate-gateway}"
options=()
target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --time) [ $# -ge 2 ] || { usage >&2; exit 2; }; target="$2"; shift 2 ;;
    --set) [ $# -ge 2 ] || { usage >&2; exit 2; }; options+=("--set=$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) options+=("$1"); shift ;;
  esac
done

if [ -n "$target" ]; then
  options+=("--type=time" "--target=$target" "--target-action=promote")
fi

started="$(now_seconds)"
# pgbackrest itself refuses while postmaster.pid shows PostgreSQL running.
pgbackrest_as_pg_user restore --delta "${options[@]}"
log "stanza $stanza restored${target:+ for recovery to $target} in $(elapsed_since "$started") s; start PostgreSQL now" \
    "(it replays archived WAL${target:+ up to that moment}, then promotes; SELECT pg_is_in_recovery() turns false)"
