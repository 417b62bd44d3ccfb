#!/bin/bash
# First start only: create the pgBackRest stanza while the entrypoint's temporary server runs, so WAL archiving works
# from the first segment on. Take the first full backup once the stack is up:
#   docker compose exec postgres /opt/rate-gateway/ops/pg-backup.sh full
set -euo pipefail
pgbackrest --stanza=rate-gateway --pg1-socket-path=/var/run/postgresql stanza-create
