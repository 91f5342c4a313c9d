#!/usr/bin/env bash
# Builds what is needed, then starts PostgreSQL, Kafka, the SMTP/IMAP mail server and the four services on this
# machine, waits until each service is ready and prints where to look. Ctrl-C stops everything.
# Options are passed to LocalSystem, e.g. --invitation-service-port 9081 or --base-dir DIR.
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the services (first run: downloads Maven, the dependencies and the PostgreSQL/Kafka artifacts)..."
./mvnw -q install -DskipTests

classpath_file=local-infra/target/classes/dev/invitations/localinfra/runtime.classpath
# exec: Ctrl-C then reaches the JVM directly, whose shutdown hook stops the services and the servers.
exec java -cp "local-infra/target/classes:$(cat "$classpath_file")" dev.invitations.localinfra.system.LocalSystemCommand "$@"
