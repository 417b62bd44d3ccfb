#!/usr/bin/env bash
# Puts a backup made by ops/redis-backup.sh into a STOPPED Redis's directory: the RDB snapshot, and the AOF directory
# when the backup has one. Redis must be stopped: a running Redis writes its own data over the files at shutdown.
# Checks SHA256SUMS first. Safe to run again. See docs/Backup-And-Restore.md.
set -euo pipefail
. "$(dirname "$0")/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") BACKUP_DIR REDIS_DATA_DIR
  BACKUP_DIR      a folder ops/redis-backup.sh made (redis-<time>)
  REDIS_DATA_DIR  the stopped Redis's 'dir' (Debian: /var/lib/redis)
Environment: REDIS_HOST (127.0.0.1), REDIS_PORT (6379): must NOT answer (Redis stopped)
Then start Redis. With appendonly yes and a backup without an AOF directory, start it once with --appendonly no and run
CONFIG SET appendonly yes (Redis 7 ignores dump.rdb when AOF is on and makes an empty AOF instead).
USAGE
}

[ $# -eq 2 ] || { usage >&2; exit 2; }
backup="$1"
data_dir="$2"
[ -f "$backup/MANIFEST" ] && [ -f "$backup/SHA256SUMS" ] || die "$backup is not a backup made by redis-backup.sh (no MANIFEST or SHA256SUMS)"
[ -d "$data_dir" ] || die "$data_dir does not exist"
if command -v redis-cli >/dev/null \
   && redis-cli --no-auth-warning -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}" PING 2>/dev/null | grep -qE 'PONG|NOAUTH|WRONGPASS|NOPERM'; then
  die "Redis at ${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379} is running: stop it first (it would write over the restored files at shutdown)"
fi

started="$(now_seconds)"
(cd "$backup" && sha256sum --quiet --check SHA256SUMS) || die "$backup fails its SHA256SUMS check: not restoring it"
manifest() { sed -n "s/^$1=//p" "$backup/MANIFEST"; }
dbfilename="$(manifest dbfilename)"
aof="$(manifest aof)"

# Files are written under a temporary name and renamed, owned like the directory (Redis's user).
owner="$(stat -c %u:%g "$data_dir")"
install -o "${owner%:*}" -g "${owner#*:}" -m 0660 "$backup/$dbfilename" "$data_dir/.$dbfilename.restoring"
mv -f "$data_dir/.$dbfilename.restoring" "$data_dir/$dbfilename"
# An AOF left in place would be loaded instead of the restored data: it is replaced, or removed.
[ -n "$aof" ] || die "MANIFEST of $backup names no AOF file or directory"
rm -rf "${data_dir:?}/${aof:?}"
if [ -e "$backup/$aof" ]; then
  cp -r "$backup/$aof" "$data_dir/$aof"
  chown -R "$owner" "$data_dir/$aof"
  aof_note="and $aof"
else
  aof_note="(no AOF in this backup: with appendonly yes, start with --appendonly no, then CONFIG SET appendonly yes)"
fi
log "restored $dbfilename $aof_note from $backup into $data_dir in $(elapsed_since "$started") s (snapshot of $(manifest taken_at)); start Redis now"
