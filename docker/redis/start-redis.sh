#!/bin/sh
# Starts Redis for docker/docker-compose.yml with the users of config/redis-acl.conf (mounted read-only), each user's
# development password hash replaced by the SHA-256 of the password in its environment variable, and AOF on.
# The rewritten file lives in /tmp (not in /data, which backups copy): it holds no plain password, only hashes.
set -eu
sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
with_password() { # user, password: replace the #<hash> of "user <name> on" lines
  sed -E "/^user $1 on /s/#[0-9a-f]{64}/#$(sha256 "$2")/"
}
: "${REDIS_ADMIN_PASSWORD:?}" "${REDIS_GATEWAY_PASSWORD:?}" "${REDIS_VALIDATOR_PASSWORD:?}" "${REDIS_PROMETHEUS_PASSWORD:?}"
with_password admin "$REDIS_ADMIN_PASSWORD" < /etc/redis/redis-acl.conf \
  | with_password gateway "$REDIS_GATEWAY_PASSWORD" \
  | with_password validator "$REDIS_VALIDATOR_PASSWORD" \
  | with_password prometheus "$REDIS_PROMETHEUS_PASSWORD" > /tmp/redis-acl.conf
# Every user line must have changed: a password left at its development hash would be a known password.
if grep -Eq "#($(grep -Eo '#[0-9a-f]{64}' /etc/redis/redis-acl.conf | tr -d '#' | paste -sd'|'))" /tmp/redis-acl.conf; then
  echo "start-redis.sh: a user of redis-acl.conf kept its development password hash" >&2
  exit 1
fi
# AOF (fsync every second) for durability between snapshots; RDB snapshots as well, which ops/redis-backup.sh copies.
exec redis-server /tmp/redis-acl.conf --dir /data --appendonly yes --appendfsync everysec --save "3600 1 300 100 60 10000" "$@"
