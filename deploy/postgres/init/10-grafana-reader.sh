#!/bin/sh
# Runs once, when the postgres volume is created: a SELECT-only role for Grafana, covering the tables and
# views callpath's Flyway migrations will create later (default privileges of the owner role).
set -eu
psql -v ON_ERROR_STOP=1 -v reader_password="$GRAFANA_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'reader_password';
GRANT CONNECT ON DATABASE callpath TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE callpath IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
