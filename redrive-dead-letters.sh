#!/usr/bin/env bash
# Moves a service's dead-lettered records back to the topics they came from (issue 16), against the system
# ./run-local.sh started (its endpoints file) or, with --bootstrap-servers, a deployment's broker (the password of the
# Kafka login redrive in PORTAL_KAFKA_REDRIVE_PASSWORD). Options go to the command; --help lists them, e.g.
#   ./redrive-dead-letters.sh --service workflow-service --dry-run    # what would move, and why it was dead-lettered
#   ./redrive-dead-letters.sh --service workflow-service              # move it
# How it works and what it promises: docs/reliability.md, "Re-drive".
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the command..." >&2
./mvnw -q package -DskipTests -pl operator-tools -am

classpath_file=operator-tools/target/operator-tools.classpath
exec java -cp "operator-tools/target/classes:$(cat "$classpath_file")" dev.invitations.operatortools.RedriveDeadLetters "$@"
