#!/bin/sh
# Writes the secrets docker-compose.yml takes from the environment into .env (or the file named as the argument),
# where "docker compose" reads them: a random secret for each Keycloak client of the portal realm, the two keys that
# protect invitation codes and the key that seals portal-web's cookies (32 random bytes, base64, as the services and
# portal-web require), a password for Keycloak's administrator, the database passwords (the owner's and each
# service's own login) and the Kafka passwords (admin's, operator's, redrive's and each service's own login; letters, digits, -
# and _, which need no quoting in a JAAS line or a kafka-storage --add-scram argument). Run it once, from the
# repository root; an existing file is left alone, because the services could no longer decrypt the codes they stored
# with the old keys. The file is readable by its owner only: never commit it.
set -eu
file=${1:-.env}
if [ -e "$file" ]; then
  echo "$file exists; remove it first to generate new secrets (codes stored with the old keys become unreadable)" >&2
  exit 1
fi
secret() { head -c 32 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'; }
key() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
umask 077
cat > "$file" <<VARIABLES
# docker compose secrets, written by deploy/compose-secrets.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Never commit this file.
KEYCLOAK_ADMIN_PASSWORD=$(secret)
PORTAL_INVITATION_SERVICE_CLIENT_SECRET=$(secret)
PORTAL_REDEMPTION_SERVICE_CLIENT_SECRET=$(secret)
PORTAL_NOTIFICATION_SERVICE_CLIENT_SECRET=$(secret)
PORTAL_WORKFLOW_SERVICE_CLIENT_SECRET=$(secret)
PORTAL_WEB_CLIENT_SECRET=$(secret)
PORTAL_CODES_LOOKUP_KEY=$(key)
PORTAL_CODES_ENCRYPTION_KEY=$(key)
PORTAL_WEB_SESSION_KEY=$(key)
PORTAL_DB_OWNER_PASSWORD=$(secret)
PORTAL_INVITATION_SERVICE_DB_PASSWORD=$(secret)
PORTAL_REDEMPTION_SERVICE_DB_PASSWORD=$(secret)
PORTAL_NOTIFICATION_SERVICE_DB_PASSWORD=$(secret)
PORTAL_WORKFLOW_SERVICE_DB_PASSWORD=$(secret)
PORTAL_KAFKA_ADMIN_PASSWORD=$(secret)
PORTAL_KAFKA_OPERATOR_PASSWORD=$(secret)
PORTAL_KAFKA_REDRIVE_PASSWORD=$(secret)
PORTAL_KAFKA_INVITATION_SERVICE_PASSWORD=$(secret)
PORTAL_KAFKA_REDEMPTION_SERVICE_PASSWORD=$(secret)
PORTAL_KAFKA_NOTIFICATION_SERVICE_PASSWORD=$(secret)
PORTAL_KAFKA_WORKFLOW_SERVICE_PASSWORD=$(secret)
VARIABLES
echo "Wrote $file (owner-only)."
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
    && ! git check-ignore -q "$file"; then
  echo "Warning: git does not ignore $file; add it to .gitignore so that its secrets are never committed." >&2
fi
