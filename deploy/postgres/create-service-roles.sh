#!/bin/sh
# Run once by the postgres image when its data directory is new (/docker-entrypoint-initdb.d): one login per service,
# owning only that service's schema, the same roles local-infra's DatabaseRoles creates for the local run. A service,
# or whoever holds its password, can neither read nor change another service's tables; nobody but these logins and
# the owner may connect, and nobody may create anything in public. The passwords come from the environment
# (PORTAL_<SERVICE>_DB_PASSWORD), never from this file. docker-compose.yml mounts it; deploy/postgres/kustomization.yaml
# makes it the ConfigMap postgres-init for Kubernetes.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v db="$POSTGRES_DB" <<'SQL'
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
for schema in invitation redemption notification workflow; do
  variable="PORTAL_$(echo "$schema" | tr 'a-z' 'A-Z')_SERVICE_DB_PASSWORD"
  password=$(printenv "$variable") || { echo "$variable is not set" >&2; exit 1; }
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v db="$POSTGRES_DB" \
      -v role="${schema}_service" -v schema="$schema" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
GRANT CONNECT ON DATABASE :"db" TO :"role";
CREATE SCHEMA :"schema" AUTHORIZATION :"role";
SQL
done
