#!/usr/bin/env bash
# Base backups of PostgreSQL with pgBackRest. WAL is archived continuously by PostgreSQL's archive_command
# (pgbackrest archive-push); a base backup plus the archived WAL after it restores to any moment since (ops/pg-restore.sh).
# Idempotent: init on an existing stanza only checks it; each backup is a new backup set, expired by the repo's
# retention settings (repo1-retention-full ...) right after it. See docs/Backup-And-Restore.md.
set -euo pipefail
. "$(dirname "$0")/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") init|full|diff|incr|check|info [pgbackrest options...]
  init   create the stanza (once, idempotent) and check that WAL archiving reaches the repository
  full   full base backup;  diff: changes since the last full;  incr: changes since the last backup
  check  archive_command and repository work (forces a WAL switch and waits for it in the repository)
  info   the backup sets and the WAL range of the repository
Environment: PGBACKREST_STANZA (default rate-gateway), PGBACKREST_CONFIG (default /etc/pgbackrest/pgbackrest.conf),
  PG_OS_USER (default postgres: pgbackrest runs as this user when the script runs as root)
USAGE
}

[ $# -ge 1 ] || { usage >&2; exit 2; }
action="$1"
shift
stanza="${PGBACKREST_STANZA:-rate-gateway}"

pgbr() {
  pgbackrest_as_pg_user "$@"
}

case "$action" in
  init)
    # stanza-create only where the stanza is missing: it takes the archive lock, which async archive-push may hold.
    if info="$(pgbr info --output=json)" && ! grep -qE 'missing stanza (path|data)' <<<"$info"; then
      log "stanza $stanza exists on every repository"
    else
      pgbr stanza-create "$@"
    fi
    pgbr check "$@"
    log "stanza $stanza ready: WAL archiving reaches the repository"
    ;;
  full|diff|incr)
    started="$(now_seconds)"
    pgbr backup --type="$action" "$@"
    log "$action backup of stanza $stanza done in $(elapsed_since "$started") s"
    pgbr info --output=text
    ;;
  check)
    pgbr check "$@"
    ;;
  info)
    pgbr info "$@"
    ;;
  -h|--help|help)
    usage
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac
