#!/bin/bash
# First start only (empty data directory): the application's own role and database, so the gateways do not connect as
# the superuser. Flyway creates the tables at the gateways' first start (DB_MIGRATE=true).
set -euo pipefail
: "${DB_USER:?DB_USER is not set}" "${DB_NAME:?DB_NAME is not set}" "${DB_PASSWORD:?DB_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v user="$DB_USER" -v db="$DB_NAME" -v password="$DB_PASSWORD" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
