#!/usr/bin/env bash
# Writes an operator command to invitations.commands and prints invitation-service's answer (issue 17), against the
# system ./run-local.sh started (its endpoints file) or, with --bootstrap-servers, a deployment's broker (the password
# of the Kafka login operator in PORTAL_KAFKA_OPERATOR_PASSWORD). Options go to the command; --help lists them, e.g.
#   ./send-command.sh --type CreateContact --body '{"fullName":"Ada Lovelace","emailAddress1":"ada@example.org"}'
# The commands, their bodies and what is promised: docs/services/invitation-service.md, "Commands".
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the command..." >&2
./mvnw -q package -DskipTests -pl operator-tools -am

classpath_file=operator-tools/target/operator-tools.classpath
exec java -cp "operator-tools/target/classes:$(cat "$classpath_file")" dev.invitations.operatortools.SendCommand "$@"
