#!/usr/bin/env bash
# A consistent copy of a running Redis: a fresh RDB snapshot (BGSAVE, waited for), the AOF directory when AOF is on
# (copied with AOF rewrites paused, as Redis's persistence docs prescribe), the ACL users (ACL LIST, in aclfile
# format: hashed passwords only) and the server's config file, with SHA256SUMS. Run it on the Redis host: it copies
# files from Redis's own directory. Each run makes a new timestamped folder under BACKUP_ROOT and keeps the newest
# REDIS_BACKUP_KEEP. See docs/Backup-And-Restore.md; restore with ops/redis-restore.sh.
set -euo pipefail
. "$(dirname "$0")/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") BACKUP_ROOT
Environment: REDIS_HOST (127.0.0.1), REDIS_PORT (6379), REDIS_USER (an admin user; none: default user),
  REDISCLI_AUTH (its password, read by redis-cli), REDIS_BACKUP_KEEP (7), REDIS_BACKUP_TIMEOUT_S (600)
Prints the backup folder's path last.
USAGE
}

[ $# -eq 1 ] || { usage >&2; exit 2; }
case "$1" in -h|--help) usage; exit 0 ;; esac
backup_root="$1"
keep="${REDIS_BACKUP_KEEP:-7}"
timeout_s="${REDIS_BACKUP_TIMEOUT_S:-600}"
command -v redis-cli >/dev/null || die "redis-cli is not installed"

cli=(redis-cli --no-auth-warning -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}")
[ -n "${REDIS_USER:-}" ] && cli+=(--user "$REDIS_USER")
rcli() {
  "${cli[@]}" "$@"
}

# One field of INFO <section>.
info_field() {
  rcli INFO "$1" | tr -d '\r' | awk -F: -v key="$2" '$1 == key { print $2 }'
}

config_value() {
  rcli CONFIG GET "$1" | tr -d '\r' | sed -n 2p
}

wait_until() {
  local what="$1"
  shift
  local deadline=$((SECONDS + timeout_s))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${timeout_s}s waiting for $what"
    sleep 0.2
  done
}

no_bgsave_running() { [ "$(info_field persistence rdb_bgsave_in_progress)" = 0 ]; }
no_aof_rewrite_running() { [ "$(info_field persistence aof_rewrite_in_progress)" = 0 ]; }

[ "$(rcli PING)" = PONG ] || die "Redis at ${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379} does not answer PING (credentials: REDIS_USER, REDISCLI_AUTH)"
dir="$(config_value dir)"
dbfilename="$(config_value dbfilename)"
appendonly="$(config_value appendonly)"
# Redis 7 keeps its AOF in a directory (appenddirname), Redis 6 in one file (appendfilename).
aof="$(config_value appenddirname)"
[ -n "$aof" ] || aof="$(config_value appendfilename)"
[ -d "$dir" ] || die "Redis's directory $dir is not on this host: run this script where Redis runs"

# The snapshot holds the requests' data: the backup is for this user's eyes only.
umask 077
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$backup_root/redis-$stamp"
mkdir -p "$target.partial"
started="$(now_seconds)"

# A fresh snapshot: one already running may have started before this backup was asked for, so it is waited for and
# then ours is taken. rdb_last_save_time has one-second resolution: wait for a new second so that ours shows.
wait_until "a running BGSAVE to end" no_bgsave_running
previous_save="$(info_field persistence rdb_last_save_time)"
new_second() { [ "$(rcli TIME | head -1)" -gt "$previous_save" ]; }
wait_until "a new second" new_second
rcli BGSAVE >/dev/null
saved() { no_bgsave_running && [ "$(info_field persistence rdb_last_save_time)" -gt "$previous_save" ]; }
wait_until "BGSAVE to finish" saved
[ "$(info_field persistence rdb_last_bgsave_status)" = ok ] || die "BGSAVE failed: see the Redis log"
# A later BGSAVE replaces the file by rename; the copy holds whichever complete snapshot it opened.
cp "$dir/$dbfilename" "$target.partial/$dbfilename"

if [ "$appendonly" = yes ]; then
  # No AOF rewrite may run while the AOF files are copied (it replaces them): pause automatic rewrites, wait for one
  # in progress, copy, and put the setting back whatever happens.
  rewrite_percentage="$(config_value auto-aof-rewrite-percentage)"
  trap 'rcli CONFIG SET auto-aof-rewrite-percentage "$rewrite_percentage" >/dev/null' EXIT
  rcli CONFIG SET auto-aof-rewrite-percentage 0 >/dev/null
  wait_until "an AOF rewrite to end" no_aof_rewrite_running
  cp -r "$dir/$aof" "$target.partial/$aof"
  rcli CONFIG SET auto-aof-rewrite-percentage "$rewrite_percentage" >/dev/null
  trap - EXIT
fi

rcli ACL LIST > "$target.partial/users.acl"
config_file="$(info_field server config_file)"
if [ -n "$config_file" ] && [ -r "$config_file" ]; then
  cp "$config_file" "$target.partial/$(basename "$config_file")"
fi
aclfile="$(config_value aclfile)"
if [ -n "$aclfile" ] && [ -r "$aclfile" ]; then
  cp "$aclfile" "$target.partial/aclfile-$(basename "$aclfile")"
fi
cat > "$target.partial/MANIFEST" <<MANIFEST
taken_at=$stamp
redis_version=$(info_field server redis_version)
rdb_last_save_time=$(info_field persistence rdb_last_save_time)
dbfilename=$dbfilename
appendonly=$appendonly
aof=$aof
config_file=$config_file
MANIFEST
(cd "$target.partial" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
mv "$target.partial" "$target"

# Keep the newest $keep complete backups.
find "$backup_root" -maxdepth 1 -type d -name 'redis-*' ! -name '*.partial' | sort -r | tail -n +$((keep + 1)) | xargs -r rm -rf
log "Redis backup of ${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379} done in $(elapsed_since "$started") s ($(du -sh "$target" | cut -f1))"
echo "$target"
